// API module: see README's layout section.
