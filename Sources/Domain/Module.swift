// Domain module: see README's layout section.
