"""Fetching: the Daily Papers API, and a local stand-in for it."""
