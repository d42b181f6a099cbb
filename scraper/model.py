"""The data model: a validated paper record, read from the API or from a paper file, and the
corrections rule that merges a fresh scrape into what the archive already holds."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import re
from collections.abc import Mapping
from typing import Any

from scraper.errors import InvalidRecord

log = logging.getLogger("scraper")

ARXIV_ID = re.compile(r"^\d{4}\.\d{4,5}$")

# A person's correction to one of these is never overwritten by a scrape. Where nobody edited
# them, they follow Hugging Face, which fills in code links and AI summaries days after listing.
CURATED = (
    "id",
    "title",
    "authors",
    "published",
    "abstract",
    "github",
    "project_page",
    "ai_summary",
    "ai_keywords",
)
# These follow Hugging Face on every scrape: counters move, and a paper can be listed again.
# `scraped` holds a fingerprint of what HF last said for each tracked field: a field whose value
# no longer matches its fingerprint was edited by a person.
LIVE = ("days", "upvotes", "comments", "github_stars", "thumbnail", "scraped")
TRACKED = CURATED[1:]

OPTIONAL = (
    "published",
    "github",
    "project_page",
    "ai_summary",
    "ai_keywords",
    "github_stars",
    "thumbnail",
)


@dataclasses.dataclass(frozen=True)
class Paper:
    id: str
    title: str
    authors: tuple[str, ...]
    abstract: str
    days: tuple[dt.date, ...]
    upvotes: int = 0
    comments: int = 0
    published: dt.date | None = None
    github: str | None = None
    github_stars: int | None = None
    project_page: str | None = None
    ai_summary: str | None = None
    ai_keywords: tuple[str, ...] | None = None
    thumbnail: str | None = None
    # Optional fields a person set to null on purpose: a scrape must not fill them in again.
    cleared: frozenset[str] = frozenset()
    scraped: Mapping[str, str] = dataclasses.field(default_factory=dict)

    def fingerprint(self, name: str) -> str:
        """A short digest of one tracked field's value, as a scrape compares them."""
        value = "null, set by hand" if name in self.cleared else getattr(self, name)
        text = json.dumps(value, default=str, ensure_ascii=False)
        return hashlib.sha256(f"{name}={text}".encode()).hexdigest()[:8]

    def corrected(self) -> list[str]:
        """Tracked fields a person changed from what Hugging Face last said."""
        return [name for name in TRACKED if self.fingerprint(name) != self.scraped.get(name)]

    @classmethod
    def from_api(cls, item: Any, day: dt.date, where: str) -> Paper:
        """Validate one item of `/api/daily_papers`; `where` names it in errors."""
        if not isinstance(item, Mapping) or not isinstance(item.get("paper"), Mapping):
            raise InvalidRecord(where, "paper", "missing, or not an object")
        paper = item["paper"]
        paper_id = paper.get("id")
        if not isinstance(paper_id, str) or not ARXIV_ID.match(paper_id):
            raise InvalidRecord(where, "paper.id", f"not an arXiv id: {paper_id!r}")
        where = f"{where} ({paper_id})"

        # paper.title is hard-wrapped but plain; the item's title may keep arXiv LaTeX markup.
        title = unescape_dollars(normalise_line(_get(paper, "title", str, where, "paper.") or ""))
        if not title:
            title = unescape_dollars(normalise_line(_get(item, "title", str, where) or ""))
        if not title:
            raise InvalidRecord(where, "paper.title", "missing or empty")

        authors = []
        for i, author in enumerate(_get(paper, "authors", list, where, "paper.") or []):
            name = author.get("name") if isinstance(author, Mapping) else None
            if not isinstance(name, str) or not normalise_line(name):
                raise InvalidRecord(where, f"paper.authors[{i}].name", "missing or not a string")
            authors.append(normalise_line(name))

        abstract = _get(paper, "summary", str, where, "paper.") or _get(item, "summary", str, where)
        published = _get(paper, "publishedAt", str, where, "paper.")
        keywords = _get(paper, "ai_keywords", list, where, "paper.")
        if keywords is not None:
            keywords = tuple(k for k in (normalise_line(str(k)) for k in keywords) if k)
        summary = _get(paper, "ai_summary", str, where, "paper.")
        record = cls(
            id=paper_id,
            title=title,
            authors=tuple(authors),
            abstract=unescape_dollars(normalise_text(abstract or "")),
            days=(day,),
            upvotes=_required(paper, "upvotes", int, where, "paper."),
            comments=_required(item, "numComments", int, where),
            published=parse_timestamp(published, where, "paper.publishedAt").date()
            if published
            else None,
            github=_url(_get(paper, "githubRepo", str, where, "paper."), where, "githubRepo"),
            github_stars=_get(paper, "githubStars", int, where, "paper."),
            project_page=_url(
                _get(paper, "projectPage", str, where, "paper."), where, "projectPage"
            ),
            ai_summary=normalise_text(summary) or None if summary else None,
            ai_keywords=keywords or None,
            thumbnail=_url(_get(item, "thumbnail", str, where), where, "thumbnail"),
        )
        return dataclasses.replace(record, scraped={n: record.fingerprint(n) for n in TRACKED})

    @classmethod
    def from_record(cls, record: Any, where: str) -> Paper:
        """Validate the `paper:` mapping of a paper file, as strictly as the renderer writes it."""
        if not isinstance(record, Mapping):
            raise InvalidRecord(where, "paper", "must be a mapping of fields")
        unknown = sorted(set(record) - set(CURATED) - set(LIVE))
        if unknown:
            raise InvalidRecord(
                where, unknown[0], f"unknown field (known: {', '.join(CURATED + LIVE)})"
            )
        for name in ("id", "title", "authors", "abstract", "days", "upvotes", "comments"):
            if name not in record:
                raise InvalidRecord(where, name, "missing")

        def field(name, check):
            value = record.get(name)
            if value is None:
                return None
            problem = check(value)
            if problem:
                raise InvalidRecord(where, name, problem)
            return value

        paper_id = field("id", _check_id)
        days = field("days", _check_days)
        keywords = field("ai_keywords", _check_list_of_lines)
        scraped = field("scraped", _check_fingerprints)
        return cls(
            id=paper_id,
            title=field("title", _check_line),
            authors=tuple(field("authors", _check_list_of_lines) or ()),
            abstract=field("abstract", _check_text) or "",
            days=tuple(days or ()),
            upvotes=field("upvotes", _check_count),
            comments=field("comments", _check_count),
            published=field("published", _check_date),
            github=field("github", _check_url),
            github_stars=field("github_stars", _check_count),
            project_page=field("project_page", _check_url),
            ai_summary=field("ai_summary", _check_text),
            ai_keywords=tuple(keywords) if keywords is not None else None,
            thumbnail=field("thumbnail", _check_url),
            cleared=frozenset(k for k in OPTIONAL if k in record and record[k] is None),
            scraped=dict(scraped or {}),
        )

    def to_record(self) -> dict[str, Any]:
        """The fields as the paper file stores them, in file order; absent optionals left out."""
        record = {}
        for name in CURATED + LIVE:
            value = getattr(self, name)
            if isinstance(value, tuple):
                value = list(value)
            elif isinstance(value, Mapping):
                value = dict(value) or None
            if value is not None or name in self.cleared:
                record[name] = value
        return record


@dataclasses.dataclass(frozen=True)
class Day:
    """One day of Daily Papers as the archive fetched it.

    `listed` is how many items HF returned (None until a fetch succeeds), `fetched` when a fetch
    last changed the day (ISO 8601 UTC), `error` why the only fetches so far failed.
    """

    date: dt.date
    listed: int | None = None
    fetched: str | None = None
    error: str | None = None


@dataclasses.dataclass(frozen=True)
class Coverage:
    """How completely the archive holds one day: the coverage ledger's row."""

    date: dt.date
    status: str  # complete, empty, partial, failed or missing
    held: int = 0
    listed: int | None = None
    fetched: str | None = None
    error: str | None = None

    @classmethod
    def of(cls, day: Day, held: int) -> Coverage:
        if day.listed is None:
            status = "failed"
        elif held == 0 and day.listed == 0:
            status = "empty"
        else:
            status = "partial" if held < day.listed else "complete"
        return cls(day.date, status, held, day.listed, day.fetched, day.error)


def merge(existing: Paper, fresh: Paper) -> Paper:
    """Apply a fresh scrape to a paper already in the archive (the corrections rule)."""
    edited = set(existing.corrected())
    kept = {name: getattr(existing if name in edited else fresh, name) for name in TRACKED}
    cleared = {name for name in existing.cleared if name in edited}
    # Stars belong to HF's repository; once a person points the code link elsewhere, they stay.
    stars = existing.github_stars if "github" in edited else fresh.github_stars
    return dataclasses.replace(
        existing,
        **kept,
        cleared=frozenset(cleared),
        days=tuple(sorted(set(existing.days) | set(fresh.days))),
        upvotes=fresh.upvotes,
        comments=fresh.comments,
        github_stars=stars,
        thumbnail=fresh.thumbnail or existing.thumbnail,
        scraped=fresh.scraped,
    )


# C0 and C1 controls (bar white space), and the noncharacters XML forbids.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")


def unescape_dollars(text: str) -> str:
    """arXiv's LaTeX `\\$` is a dollar sign, and Hugging Face's page shows it as one."""
    return text.replace("\\$", "$")


def normalise_line(text: str) -> str:
    """One line of text: control characters dropped, every run of white space one space."""
    return " ".join(_clean(text).split())


def normalise_text(text: str) -> str:
    """Paragraphs kept (blank-line separated), each one normalised to a single line."""
    paragraphs = re.split(r"\n[ \t\r\f\v]*\n", _clean(text).replace("\r\n", "\n"))
    return "\n\n".join(p for p in map(normalise_line, paragraphs) if p)


def _clean(text: str) -> str:
    # Lone surrogates (legal in JSON, not in UTF-8) would make the file unwritable.
    text = re.sub(r"[\ud800-\udfff]", "\ufffd", text)
    return _CONTROL.sub("", text)


def parse_timestamp(value: str, where: str, field: str) -> dt.datetime:
    try:
        stamp = dt.datetime.fromisoformat(value)
    except ValueError:
        raise InvalidRecord(where, field, f"not an ISO 8601 timestamp: {value!r}") from None
    return stamp.replace(tzinfo=dt.UTC) if stamp.tzinfo is None else stamp.astimezone(dt.UTC)


def _get(obj: Mapping, key: str, kind: type, where: str, prefix: str = ""):
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise InvalidRecord(
            where, prefix + key, f"expected {kind.__name__}, got {type(value).__name__}"
        )
    return value


def _required(obj: Mapping, key: str, kind: type, where: str, prefix: str = ""):
    # Counters HF always sends: a response without them has changed shape, and writing 0 would
    # replace a paper's real counts with worse ones.
    value = _get(obj, key, kind, where, prefix)
    if value is None:
        raise InvalidRecord(where, prefix + key, "missing (has the API changed?)")
    return value


def _url(value: str | None, where: str, field: str) -> str | None:
    if value is None:
        return None
    problem = _check_url(value)
    if problem:
        log.warning("%s: field '%s' dropped: %s", where, field, problem)
        return None
    return value


def _check_id(value) -> str | None:
    if not isinstance(value, str) or not ARXIV_ID.match(value):
        return f"must be a quoted arXiv id like '2603.07980', got {value!r}"
    return None


def _check_line(value) -> str | None:
    if not isinstance(value, str) or not value:
        return "must be non-empty text"
    if value != normalise_line(value):
        return "must be one line without control characters, repeated or edge spaces"
    return None


def _check_text(value) -> str | None:
    if not isinstance(value, str):
        return "must be text"
    if value != normalise_text(value):
        return (
            "paragraphs must be separated by one blank line, each on one line, without "
            "control characters, repeated or edge spaces"
        )
    return None


def _check_list_of_lines(value) -> str | None:
    if not isinstance(value, list):
        return "must be a list (one '- item' per line)"
    for i, item in enumerate(value):
        problem = _check_line(item)
        if problem:
            return f"item {i + 1}: {problem}"
    return None


def _check_days(value) -> str | None:
    if not isinstance(value, list) or not value:
        return "must be a non-empty list of dates (YYYY-MM-DD)"
    if not all(type(d) is dt.date for d in value):
        return "every item must be a date written YYYY-MM-DD"
    if value != sorted(set(value)):
        return "dates must be in order, without repeats"
    return None


def _check_fingerprints(value) -> str | None:
    if not isinstance(value, Mapping) or set(value) - set(TRACKED):
        return f"must map tracked fields ({', '.join(TRACKED)}) to fingerprints; leave it as is"
    if not all(isinstance(v, str) and re.fullmatch(r"[0-9a-f]{8}", v) for v in value.values()):
        return "fingerprints are 8 hexadecimal digits written by the scraper; leave them as is"
    return None


def _check_date(value) -> str | None:
    return None if type(value) is dt.date else "must be a date written YYYY-MM-DD"


def _check_count(value) -> str | None:
    if type(value) is not int or value < 0:
        return "must be a whole number, 0 or more"
    return None


def _check_url(value) -> str | None:
    if not isinstance(value, str):
        return "must be a URL"
    if not re.match(r"^https?://[^/\s]", value, re.IGNORECASE):
        return f"must be an http(s) URL, got {value[:80]!r}"
    if re.search(r"[\s<>\"'`\\\x00-\x1f\x7f-\x9f\ud800-\udfff]", value):
        return "must not contain spaces, quotes, backslashes, '<' or '>'"
    return None
