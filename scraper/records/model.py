"""The data model: a validated paper record, read from the API or from a paper file, and the
corrections rule that merges a fresh scrape into what the archive already holds."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import logging
import sys
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from scraper.errors import InvalidRecord
from scraper.records import fields
from scraper.records.fields import ARXIV_ID, normalise_line, normalise_text

log = logging.getLogger("scraper")

# What the merge rule compares, and what a person may set to null to keep a value away.
TRACKED = fields.TRACKED
OPTIONAL = fields.OPTIONAL
# Values that many papers share, kept once in memory (in the bench's 50,000 papers their copies
# were 64 MB of the records' 250): names and keywords, the submitter and the organization, and
# the set of cleared fields, nearly always empty.
_SHARED_WORDS = frozenset({"authors", "ai_keywords"})
_SHARED_ACCOUNTS = frozenset({"submitter", "organization"})
_accounts: dict[tuple, Mapping[str, str]] = {}
_NOTHING_CLEARED: frozenset[str] = frozenset()


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
    # How many models, datasets and Spaces on HF cite it (fields.CITING), and `as_of` when.
    citing: Mapping[str, int] | None = None
    project_page: str | None = None
    ai_summary: str | None = None
    ai_keywords: tuple[str, ...] | None = None
    thumbnail: str | None = None
    media: tuple[str, ...] | None = None
    # {"name": user name as in huggingface.co/<name>, "fullname": as HF shows it}
    organization: Mapping[str, str] | None = None
    submitter: Mapping[str, str] | None = None
    # An author's name -> HF user name; a name several authors share -> a list (profiles_by_name).
    author_profiles: Mapping[str, str | list[str | None]] | None = None
    ai_summary_model: str | None = None
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
        return list(self._corrected)

    @functools.cached_property
    def _corrected(self) -> tuple[str, ...]:
        # Asked by the paper page and the day JSON alike: eight digests a paper, made once.
        return tuple(n for n in TRACKED if self.fingerprint(n) != self.scraped.get(n))

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
            # Before June 2024 HF sent the card's image as `mediaUrl`, and no `thumbnail`.
            thumbnail=_url(
                _get(item, "thumbnail", str, where) or _get(item, "mediaUrl", str, where),
                where,
                "thumbnail",
            ),
            media=_media(item, paper, where),
            organization=_account(
                item.get("organization")
                or paper.get("organization")
                or item.get("submitterOrganization"),
                where,
            ),
            submitter=_account(paper.get("submittedOnDailyBy") or item.get("submittedBy"), where),
            author_profiles=profiles_by_name(
                authors, [_user(a) for a in _get(paper, "authors", list, where, "paper.") or []]
            ),
            ai_summary_model=normalise_line(
                _get(paper, "ai_summary_model", str, where, "paper.") or ""
            )
            or None,
        )
        return dataclasses.replace(record, scraped={n: record.fingerprint(n) for n in TRACKED})

    @classmethod
    def from_record(cls, record: Any, where: str) -> Paper:
        """Validate the `paper:` mapping of a paper file, as strictly as the renderer writes it."""
        if not isinstance(record, Mapping):
            raise InvalidRecord(where, "paper", "must be a mapping of fields")
        problem = fields.problem_with(record)
        if problem:
            raise InvalidRecord(where, *problem)
        return cls.from_checked_record(record)

    @classmethod
    def from_checked_record(cls, record: Mapping[str, Any]) -> Paper:
        """The paper of a `paper:` mapping that passed `from_record`'s checks (the record
        cache's, read back)."""
        values = {}
        for name in fields.NAMES:
            value = record.get(name)
            if isinstance(value, list):
                value = tuple(map(sys.intern, value) if name in _SHARED_WORDS else value)
            elif value and name in _SHARED_ACCOUNTS:
                value = _accounts.setdefault(tuple(sorted(value.items())), value)
            values[name] = value
        cleared = frozenset(k for k in OPTIONAL if k in record and record[k] is None)
        return cls(
            **{k: v for k, v in values.items() if v is not None},
            cleared=cleared or _NOTHING_CLEARED,
        )

    def to_record(self) -> dict[str, Any]:
        """The fields as the paper file stores them, in file order; absent optionals left out."""
        record = {}
        for name in fields.NAMES:
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
    """One day of Daily Papers as the archive fetched it: a line of the day ledger.

    `listed` is how many items HF returned (None until a fetch succeeds), `fetched` when a fetch
    last changed the day (ISO 8601 UTC), `votes_as_of` the UTC day of its last successful fetch
    (when its papers' votes were last read), `error` why the only fetches so far failed.
    """

    date: dt.date
    listed: int | None = None
    fetched: str | None = None
    error: str | None = None
    votes_as_of: dt.date | None = None


# How completely the archive holds a day, in the order the coverage page counts them.
STATUSES = COMPLETE, EMPTY, PARTIAL, FAILED, MISSING = (
    "complete",
    "empty",
    "partial",
    "failed",
    "missing",
)


@dataclasses.dataclass(frozen=True)
class Coverage:
    """How completely the archive holds one day: the coverage ledger's row."""

    date: dt.date
    status: str  # one of STATUSES
    held: int = 0
    listed: int | None = None
    fetched: str | None = None
    error: str | None = None
    votes_as_of: dt.date | None = None

    @classmethod
    def of(cls, day: Day, held: int) -> Coverage:
        if day.listed is None:
            status = FAILED
        elif held == 0 and day.listed == 0:
            status = EMPTY
        else:
            status = PARTIAL if held < day.listed else COMPLETE
        return cls(day.date, status, held, day.listed, day.fetched, day.error, day.votes_as_of)


def citing_from_api(detail: Any, read: dt.date) -> dict[str, Any] | None:
    """The counts of `/api/papers/{id}` (`numTotalModels`, …) as `citing` keeps them, read on
    `read`; None when the detail lacks one of them (an older answer)."""
    if not isinstance(detail, Mapping):
        return None
    counts: dict[str, Any] = {k: detail.get(f"numTotal{k.title()}") for k in fields.CITING}
    if any(fields.count(n) for n in counts.values()):
        return None
    return {**counts, "as_of": read}


_FILLED_LATE = (
    "thumbnail",
    "media",
    "organization",
    "submitter",
    "author_profiles",
    "ai_summary_model",
)


def newest_first(papers: Iterable[Paper]) -> tuple[Paper, ...]:
    """Newest day first; within a day, as the day lists them: most upvoted first."""
    return tuple(sorted(papers, key=lambda p: (-max(p.days).toordinal(), -p.upvotes, p.id)))


def merge(existing: Paper, fresh: Paper, settled: bool = False) -> Paper:
    """Apply a fresh scrape to a paper already in the archive (the corrections rule).
    `settled`: HF's answer for the day is days old, so a value it no longer sends (a thumbnail,
    an organization) was withdrawn, not yet to come."""
    edited = set(existing.corrected())
    kept = {name: getattr(existing if name in edited else fresh, name) for name in TRACKED}
    cleared = {name for name in existing.cleared if name in edited}
    # Stars belong to HF's repository; once a person points the code link elsewhere, they stay.
    stars = existing.github_stars if "github" in edited else fresh.github_stars
    merged = dataclasses.replace(
        existing,
        **kept,
        cleared=frozenset(cleared),
        days=tuple(sorted(set(existing.days) | set(fresh.days))),
        upvotes=fresh.upvotes,
        comments=fresh.comments,
        github_stars=stars,
        # HF's answer for a day fills in over hours: until it settles, a field it leaves out
        # keeps what it had.
        **{
            name: getattr(fresh, name)
            if settled
            else getattr(fresh, name) or getattr(existing, name)
            for name in _FILLED_LATE
        },
        scraped=fresh.scraped,
    )
    # The links to authors' profiles, HF's new ones or those kept, fitted to the merged authors.
    source = fresh if fresh.author_profiles else existing if merged.author_profiles else None
    return _with_profiles(merged, source) if source else merged


def _with_profiles(paper: Paper, source: Paper) -> Paper:
    """`paper` with `source`'s links to its authors' profiles (keyed by `source`'s names) for
    its own authors: by position where the list kept its length (a person corrected a name),
    by name otherwise."""
    keyed = source.authors if len(source.authors) == len(paper.authors) else paper.authors
    users = users_in_order(keyed, source.author_profiles)
    return dataclasses.replace(paper, author_profiles=profiles_by_name(paper.authors, users))


def profiles_by_name(
    authors: Sequence[str], users: Sequence[str | None]
) -> dict[str, str | list[str | None]] | None:
    """`author_profiles` as a paper file keeps them, from each author's HF user (None for
    none): a name one author has maps to a user; a name several authors share (two "Yang Liu")
    maps to a list, a user or null for each of them in order."""
    by_name: dict[str, list[str | None]] = {}
    for name, user in zip(authors, users, strict=True):
        by_name.setdefault(name, []).append(user)
    profiles = {
        name: users[0] if len(users) == 1 else users
        for name, users in by_name.items()
        if any(users)
    }
    return profiles or None


def users_in_order(authors: Sequence[str], profiles: Mapping | None) -> list[str | None]:
    """Each author's HF user (None for none), in the order of `authors`. A single user name
    for a name several authors share goes to none of them: files written before such names
    were told apart do not say whose it is."""
    profiles = profiles or {}
    shared = {name for name, n in Counter(authors).items() if n > 1} if profiles else set()
    seen: dict[str, int] = {}
    users = []
    for name in authors:
        value = profiles.get(name)
        nth = seen[name] = seen.get(name, -1) + 1
        if isinstance(value, (list, tuple)):
            users.append(value[nth] if nth < len(value) else None)
        else:
            users.append(None if name in shared else value)
    return users


def unescape_dollars(text: str) -> str:
    """arXiv's LaTeX `\\$` is a dollar sign, and Hugging Face's page shows it as one."""
    return text.replace("\\$", "$")


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


def _media(item: Mapping, paper: Mapping, where: str) -> tuple[str, ...] | None:
    found = []
    for owner, prefix in ((item, ""), (paper, "paper.")):
        for value in _get(owner, "mediaUrls", list, where, prefix) or []:
            link = _url(value if isinstance(value, str) else None, where, prefix + "mediaUrls")
            if link and link not in found:
                found.append(link)
    return tuple(found) or None


def _account(value: Any, where: str) -> dict[str, str] | None:
    """An organization or a user as HF sends them; the user name is `name`, or `user` in
    `submittedOnDailyBy`. Anything else is not worth failing a paper over: left out."""
    if not isinstance(value, Mapping):
        return None
    name = value.get("user") or value.get("name")
    fullname = normalise_line(str(value.get("fullname") or "")) or name
    if fields.hf_name(name) or not fullname:
        log.warning("%s: an account without a valid name was left out: %r", where, name)
        return None
    return {"name": name, "fullname": fullname}


def _user(author) -> str | None:
    """The HF user an author of the API is linked to, if any."""
    user = author.get("user")
    handle = user.get("user") if isinstance(user, Mapping) else None
    return handle if isinstance(handle, str) and not fields.hf_name(handle) else None


def _url(value: str | None, where: str, field: str) -> str | None:
    if value is None:
        return None
    problem = fields.url(value)
    if problem:
        log.warning("%s: field '%s' dropped: %s", where, field, problem)
        return None
    return value
