"""Scrape Hugging Face Daily Papers into a static Markdown archive."""

__version__ = "0.1.0"
