// HTTP module: see README's layout section.
