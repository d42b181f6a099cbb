"""Rendering: records to text (the paper file and page, listing pages, BibTeX, JSON, Atom),
every value escaped."""
