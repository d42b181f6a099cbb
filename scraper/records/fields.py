"""The paper file's fields: one table saying, for each, who owns it and how it is checked, and
the check of a whole paper file that CI and contributors run."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

# A person's correction to a curated field is never overwritten by a scrape; where nobody
# edited one, it follows Hugging Face, which fills in code links and AI summaries days late.
CURATED = "curated"
# Live fields follow Hugging Face on every scrape: counters move, a paper is listed again.
LIVE = "live"
# What Hugging Face last said of each curated field, as fingerprints (see model.Paper).
FINGERPRINTS = "fingerprints"
# Where a contributor's field was written into those fingerprints, below the record.
IN_FINGERPRINTS = (
    "this line is in `scraped:`, the fingerprints a scrape writes, not among the record's "
    "fields: move it up among them, indented as they are"
)

Check = Callable[[Any], "str | None"]


@dataclasses.dataclass(frozen=True)
class Field:
    name: str
    group: str
    check: Check
    required: bool = False
    keys: tuple[str, ...] = ()  # a mapping's keys: another is named at its own line


def _line(value) -> str | None:
    if not isinstance(value, str) or not value:
        return "must be non-empty text"
    if value != normalise_line(value):
        return "must be one line without control characters, repeated or edge spaces"
    return None


def _text(value) -> str | None:
    if not isinstance(value, str):
        return "must be text"
    if value != normalise_text(value):
        return (
            "paragraphs must be separated by one blank line, each on one line, without "
            "control characters, repeated or edge spaces"
        )
    return None


def _list_of(check: Check) -> Check:
    def each(value) -> str | None:
        if not isinstance(value, list):
            return "must be a list (one '- item' per line)"
        for i, item in enumerate(value):
            problem = check(item)
            if problem:
                return f"item {i + 1}: {problem}"
        return None

    return each


ARXIV_ID = re.compile(r"^\d{4}\.\d{4,5}$")
# Hugging Face user and organization names, as they appear in huggingface.co/<name>.
HF_NAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?$")


def _id(value) -> str | None:
    if not isinstance(value, str) or not ARXIV_ID.match(value):
        return f"must be a quoted arXiv id like '2603.07980', got {value!r}"
    return None


def _days(value) -> str | None:
    if not isinstance(value, list) or not value:
        return "must be a non-empty list of dates (YYYY-MM-DD)"
    if not all(type(d) is dt.date for d in value):
        return "every item must be a date written YYYY-MM-DD"
    if value != sorted(set(value)):
        return "dates must be in order, without repeats"
    return None


def _date(value) -> str | None:
    return None if type(value) is dt.date else "must be a date written YYYY-MM-DD"


def count(value) -> str | None:
    if type(value) is not int or value < 0:
        return "must be a whole number, 0 or more"
    return None


def url(value) -> str | None:
    if not isinstance(value, str):
        return "must be a URL"
    if not re.match(r"^https?://[^/\s]", value, re.IGNORECASE):
        return f"must be an http(s) URL, got {value[:80]!r}"
    if re.search(r"[\s<>\"'`\\\x00-\x1f\x7f-\x9f\ud800-\udfff]", value):
        return "must not contain spaces, quotes, backslashes, '<' or '>'"
    return None


def hf_name(value) -> str | None:
    if not isinstance(value, str) or not HF_NAME.match(value):
        return f"must be a Hugging Face user or organization name, got {value!r}"
    return None


ACCOUNT_KEYS = ("name", "fullname")


def _account(value) -> str | None:
    if not isinstance(value, Mapping) or set(value) != set(ACCOUNT_KEYS):
        return "must hold `name` (as in huggingface.co/<name>) and `fullname`"
    return hf_name(value["name"]) or _line(value["fullname"])


# What Hugging Face counts as citing a paper: repositories whose cards name its arXiv id.
CITING = ("models", "datasets", "spaces")


def _citing(value) -> str | None:
    if not isinstance(value, Mapping) or set(value) != {*CITING, "as_of"}:
        return (
            f"must hold {', '.join(f'`{k}`' for k in CITING)} (how many cite it on HF) and "
            "`as_of` (the day they were read)"
        )
    checks = [(kind, count) for kind in CITING] + [("as_of", _date)]
    for key, check in checks:
        problem = check(value[key])
        if problem:
            return f"{key}: {problem}"
    return None


def _profiles(value) -> str | None:
    if not isinstance(value, Mapping) or not value:
        return "must map authors' names to their Hugging Face user names"
    for name, user in value.items():
        problem = _line(name) or (_shared_name(user) if isinstance(user, list) else hf_name(user))
        if problem:
            return f"{name!r}: {problem}"
    return None


def _shared_name(users: list) -> str | None:
    # Two authors of one name: a user (or null) for each of them, in the order of `authors`.
    for user in users:
        if user is not None and hf_name(user):
            return f"each item must be a Hugging Face user name or null, got {user!r}"
    return None


def _fingerprints(value) -> str | None:
    if not isinstance(value, Mapping) or set(value) - set(TRACKED):
        return f"must map tracked fields ({', '.join(TRACKED)}) to fingerprints; leave it as is"
    if not all(isinstance(v, str) and re.fullmatch(r"[0-9a-f]{8}", v) for v in value.values()):
        return "fingerprints are 8 hexadecimal digits written by the scraper; leave them as is"
    return None


# In the order a paper file writes them.
FIELDS = (
    Field("id", CURATED, _id, required=True),
    Field("title", CURATED, _line, required=True),
    Field("authors", CURATED, _list_of(_line), required=True),
    Field("published", CURATED, _date),
    Field("abstract", CURATED, _text, required=True),
    Field("github", CURATED, url),
    Field("project_page", CURATED, url),
    Field("ai_summary", CURATED, _text),
    Field("ai_keywords", CURATED, _list_of(_line)),
    Field("days", LIVE, _days, required=True),
    Field("upvotes", LIVE, count, required=True),
    Field("comments", LIVE, count, required=True),
    Field("github_stars", LIVE, count),
    Field("citing", LIVE, _citing, keys=(*CITING, "as_of")),
    Field("thumbnail", LIVE, url),
    Field("media", LIVE, _list_of(url)),
    Field("organization", LIVE, _account, keys=ACCOUNT_KEYS),
    Field("submitter", LIVE, _account, keys=ACCOUNT_KEYS),
    Field("author_profiles", LIVE, _profiles),
    Field("ai_summary_model", LIVE, _line),
    Field("scraped", FINGERPRINTS, _fingerprints),
)


# A line of the day ledger (docs/days.json), as JSON holds it: dates are strings there.
def _iso_date(value) -> str | None:
    # fromisoformat alone takes week dates too ("2026-W11-2"), which no day key should be.
    try:
        if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            dt.date.fromisoformat(value)
            return None
    except (TypeError, ValueError):
        pass
    return f"must be a date written YYYY-MM-DD, got {value!r}"


def _timestamp(value) -> str | None:
    try:
        if re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", value):
            dt.datetime.fromisoformat(value.removesuffix("Z"))  # a real day and time of day
            return None
    except (TypeError, ValueError):
        pass
    return f"must be a UTC time written YYYY-MM-DDTHH:MM:SSZ, got {value!r}"


DAY_FIELDS = (
    Field("date", LIVE, _iso_date, required=True),
    Field("listed", LIVE, count),
    Field("fetched", LIVE, _timestamp),
    Field("votes_as_of", LIVE, _iso_date),
    Field("error", LIVE, _line),
)

BY_NAME = {f.name: f for f in FIELDS}
NAMES = tuple(BY_NAME)
REQUIRED = tuple(f.name for f in FIELDS if f.required)
OPTIONAL = tuple(f.name for f in FIELDS if not f.required and f.group != FINGERPRINTS)
LIVE_FIELDS = tuple(f.name for f in FIELDS if f.group == LIVE)
# The curated fields a scrape compares with what HF last said (the id is the file's name).
TRACKED = tuple(f.name for f in FIELDS if f.group == CURATED and f.name != "id")


def problem_with(record: Mapping, table: tuple[Field, ...] = FIELDS) -> tuple[str, str] | None:
    """The first (field, problem) of a record (a paper's, or a ledger day's with `DAY_FIELDS`),
    in file order; None when it is valid."""
    names = [f.name for f in table]
    # As text: a key YAML reads as a number or a date ("2026:") is named as written.
    unknown = sorted(str(key) for key in set(record) - set(names))
    if unknown:
        if " " in unknown[0]:  # no field's name has a space: text with a ': ' in it
            return unknown[0], (
                "a line of text written further left than the text above it, which YAML reads "
                "as a field because of its ': ': indent it as the text above it"
            )
        return unknown[0], f"unknown field (known: {', '.join(names)})"
    for field in table:
        value = record.get(field.name)
        if value is None:
            if field.required:
                return field.name, f"missing: every record needs a `{field.name}:` line"
            continue
        unknown_key = _unknown_key(field, value)
        if unknown_key:
            return unknown_key
        problem = field.check(value)
        if problem:
            return field.name, problem
    return _profiled_authors(record) if table is FIELDS else None


def _unknown_key(field: Field, value) -> tuple[str, str] | None:
    """A key a mapping field does not hold, as `field.key` (its own line in the file), with
    what to do: most often a field of the record written into `scraped:` below it."""
    keys = TRACKED if field.group == FINGERPRINTS else field.keys
    if not keys or not isinstance(value, Mapping):
        return None
    unknown = [key for key in value if key not in keys]
    if not unknown:
        return None
    if field.group == FINGERPRINTS:
        return f"{field.name}.{unknown[0]}", IN_FINGERPRINTS
    held = ", ".join(f"`{key}`" for key in keys)
    return f"{field.name}.{unknown[0]}", f"unknown key: `{field.name}:` holds only {held}"


def _profiled_authors(record: Mapping) -> tuple[str, str] | None:
    """Every author HF links to a profile is one of the paper's authors: a name corrected in
    `authors` alone would lose its "HF" link without a word. A list under a name gives one
    user (or null) to each author of that name."""
    named = Counter(record.get("authors") or ())
    for name, users in (record.get("author_profiles") or {}).items():
        if name not in named:
            return "author_profiles", (
                f"{name!r} is none of the authors: where you corrected an author's name, "
                "correct it here too (or delete this line)"
            )
        if isinstance(users, list) and len(users) != named[name]:
            return "author_profiles", (
                f"{name!r} has {len(users)} item{'' if len(users) == 1 else 's'}, but "
                f"{named[name]} of the authors "
                "have this name: give each of them, in order, a user name or null (or, for "
                "a name one author has, the user name alone)"
            )
    return None


# --- Text as the archive keeps it ----------------------------------------------------------

# C0 and C1 controls (bar white space), and the noncharacters XML forbids.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")


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


# --- Checking a paper file ------------------------------------------------------------------


def check_file(path: Path, docs_dir: Path) -> list[str]:
    """What is wrong with one paper file, each as `file:line: field 'x': what to do`."""
    from scraper.records import store
    from scraper.site import urls  # store reads records through model, which needs this table

    if path.resolve() == (docs_dir / urls.LEDGER).resolve():
        try:
            store.read_ledger(docs_dir)
        except store.InvalidRecord as exc:
            return [str(exc)]
        return []
    if urls.is_generated(path, docs_dir):
        return [
            f"{path}: listing pages are generated from the paper files and the day ledger, and "
            f"rewritten by every scrape; make the change in the paper's own file "
            f"(docs/papers/<id>.md)"
        ]
    if path.suffix != ".md":
        return [f"{path}: paper files are Markdown files named <arxiv-id>.md"]
    try:
        text = path.read_text(encoding="utf-8")
        _, body = store.parse_paper(text, str(path))
    except store.InvalidRecord as exc:
        return [str(exc)]
    except (OSError, UnicodeDecodeError) as exc:
        return [f"{path}: cannot read: {exc}"]
    if body.strip():
        line = store.body_line(text, body)
        return [
            f"{path}:{line}: text after the front matter: a paper file is its fields alone "
            f"(the page is built from them); notes about a paper belong in an issue"
        ]
    return []
