// ZipArchive module: see README's layout section.
