"""Errors the scraper raises on purpose, each naming what it is about.

ScraperError
├── UsageError      a command was given arguments that cannot work (exit status 2)
├── FetchError      a day could not be fetched (names the day and the URL)
└── InvalidRecord   an API item or a paper file is malformed (names the item or file, and the field)
"""

from __future__ import annotations


class ScraperError(Exception):
    """Base class: the message is complete and meant for a person."""


class UsageError(ScraperError):
    pass


class FetchError(ScraperError):
    pass


class InvalidRecord(ScraperError):
    def __init__(self, where: str, field: str | None, problem: str, line: int | None = None):
        self.where, self.field, self.problem, self.line = where, field, problem, line
        place = f"{where}:{line}" if line else where
        what = f"field '{field}': " if field else ""
        super().__init__(f"{place}: {what}{problem}")

    def __reduce__(self):
        # As it was made, so that one raised in a worker process arrives whole.
        return InvalidRecord, (self.where, self.field, self.problem, self.line)
