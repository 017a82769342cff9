// Postgres module: see README's layout section.
