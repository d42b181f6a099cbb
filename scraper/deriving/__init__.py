"""Deriving: what takes the whole archive to work out, once a build: vectors, related papers,
topics, the search index."""
