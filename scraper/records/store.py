"""Storing the archive: reading and writing the Markdown files under docs/, atomically."""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import functools
import hashlib
import itertools
import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import BinaryIO

from scraper.errors import InvalidRecord
from scraper.records import fields
from scraper.records.frontmatter import indent, split_front_matter
from scraper.records.model import Day, Paper
from scraper.site import urls


def field_line(text: str, field: str | None) -> int | None:
    """The line of a paper file on which `field` is written, to point a person at it: one of
    the record's own keys (not the key of the same name in `scraped:`), the item of a list
    (`authors[2]`), the key of a mapping (`submitter.github`), or the `paper:` line when the
    field is missing."""
    if not field:
        return None
    # A field's name, without the item or key it names; a name no field has (text that YAML
    # read as a field: "Of note: …") is taken whole.
    name = field if re.search(r"\s", field) else field.split("[")[0].split(".")[0]
    lines = text.splitlines()
    paper = _top_level_line(text, "paper")
    start = paper - 1 if paper is not None else None
    if start is None or name == "paper":
        return paper
    own = next(
        (
            indent(line)
            for line in lines[start + 1 :]
            if line.strip() and not line.lstrip().startswith("#")
        ),
        2,
    )
    at = next(
        (
            n
            for n in range(start + 1, len(lines))
            if re.match(rf"^ {{{own}}}{re.escape(name)}:", lines[n])
        ),
        None,
    )
    if at is None:
        return start + 1
    if "." in field and name != field:  # a mapping's key (`submitter.github`): its own line
        key = field.split(".", 1)[1]
        for n in range(at + 1, len(lines)):
            if lines[n].strip() and not lines[n].startswith(" " * (own + 1)):
                break  # the next field
            if re.match(rf"^ {{{own + 1},}}{re.escape(key)}:", lines[n]):
                return n + 1
    index = re.search(r"\[(\d+)\]", field)
    if index:
        items = []
        for n in range(at + 1, len(lines)):
            if re.match(rf"^ {{{own}}}[^ -]", lines[n]) or not lines[n].startswith(" " * own):
                break  # the next field
            if re.match(rf"^ {{{own},{own + 2}}}- ", lines[n]):
                items.append(n)
        if int(index.group(1)) < len(items):
            return items[int(index.group(1))] + 1
    return at + 1


def _top_level_line(text: str, key: str) -> int | None:
    """The line on which a top-level `key:` is written (a field that lost its indentation):
    of the lines that start with it, the least indented."""
    found = [
        (indent(line), n)
        for n, line in enumerate(text.splitlines(), 1)
        if re.match(rf"{re.escape(key)}\s*:", line.lstrip(" "))
    ]
    return min(found)[1] if found else None


def parse_paper(text: str, where: str) -> tuple[Paper, str]:
    """A paper file's record and body; errors name the file, the field and its line."""
    meta, body = split_front_matter(text, where)
    if "paper" not in meta:
        raise InvalidRecord(
            where, "paper", "missing: paper files keep their record under 'paper:'", line=2
        )
    # Other top-level keys would reach the templates as page settings (`title:` is printed in
    # the header unescaped, `template:` picks a template): a paper file holds its record only.
    extra = sorted(str(key) for key in set(meta) - {"paper"})
    if extra and not isinstance(meta["paper"], dict):
        raise InvalidRecord(
            where,
            "paper",
            "the record's fields go under `paper:`, which starts at the line's first column, "
            "each field indented further than it (two spaces)",
            line=_top_level_line(text, "paper"),
        )
    if extra:
        raise InvalidRecord(
            where,
            extra[0],
            "unknown top-level key: a paper file holds only `paper:` (put the field under it, "
            "indented as the fields around it)",
            line=_top_level_line(text, extra[0]),
        )
    try:
        paper = Paper.from_record(meta["paper"], where)
    except InvalidRecord as exc:
        raise InvalidRecord(
            where, exc.field, exc.problem, line=field_line(text, exc.field)
        ) from None
    stem = Path(where).name.removesuffix(".md")
    if stem != paper.id:
        raise InvalidRecord(
            where,
            "id",
            f"the file must be named after the paper's id: "
            f"{paper.id}.md (or the id must be '{stem}')",
            line=field_line(text, "id"),
        )
    return paper, body


def body_line(text: str, body: str) -> int:
    """The line of a paper file on which `body` (the text after its front matter) starts."""
    return text[: len(text) - len(body)].count("\n") + 1


def read_paper(path: Path) -> Paper:
    return parse_paper(path.read_text(encoding="utf-8"), str(path))[0]


def read_ledger(docs_dir: Path) -> list[Day]:
    """The day ledger, every day the scraper fetched; errors name the file, line and field.

    An archive from before the ledger has its days in the front matter of its day pages: they
    are read from there, and the next scrape or `python -m scraper index` writes the ledger."""
    path = docs_dir / urls.LEDGER
    if not path.exists():
        days = _days_from_day_pages(docs_dir)
        if not days and any((docs_dir / urls.DAYS_DIR).glob("*.md")):
            # Day pages written since the ledger came hold nothing of it: without the ledger
            # every day would pass for complete.
            raise InvalidRecord(
                str(path),
                None,
                "missing: the day ledger records which days were fetched; restore it "
                f"(`git checkout -- {path}`) or fetch the days again",
            )
        return days
    text = path.read_text(encoding="utf-8")
    try:
        rows = json.loads(text)["days"]
        if not isinstance(rows, list):
            raise TypeError
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidRecord(
            str(path), None, f'must be {{"days": [...]}}, one day a line: {exc}'
        ) from None
    # Keyed by repr: a malformed date may be a list or an object, which no dict key can be.
    lines = {repr(row.get("date")): n for n, row in _rows_by_line(text)}
    days, seen = [], set()
    for row in rows:
        if not isinstance(row, dict):
            raise InvalidRecord(str(path), None, f"each day must be an object, got {row!r}")
        line = lines.get(repr(row.get("date")))
        problem = fields.problem_with(row, fields.DAY_FIELDS)
        if problem:
            raise InvalidRecord(str(path), *problem, line=line)
        date = dt.date.fromisoformat(row["date"])
        if date in seen:
            raise InvalidRecord(str(path), "date", f"{date} is in the ledger twice", line=line)
        seen.add(date)
        votes = row.get("votes_as_of")
        days.append(
            Day(
                date,
                row.get("listed"),
                row.get("fetched"),
                row.get("error"),
                dt.date.fromisoformat(votes) if votes else None,
            )
        )
    return sorted(days, key=lambda day: day.date)


def _rows_by_line(text: str) -> Iterator[tuple[int, dict]]:
    for number, line in enumerate(text.splitlines(), 1):
        try:
            row = json.loads(line.rstrip(","))
        except ValueError:
            continue
        if isinstance(row, dict):
            yield number, row


def _days_from_day_pages(docs_dir: Path) -> list[Day]:
    days = []
    for path in sorted((docs_dir / urls.DAYS_DIR).glob("*.md")):
        meta, _ = split_front_matter(path.read_text(encoding="utf-8"), str(path))
        record = meta.get("day")
        if not isinstance(record, dict):
            continue  # a day page written after the ledger came: nothing of the ledger's here
        if type(record.get("date")) is not dt.date:
            raise InvalidRecord(str(path), "day.date", "missing, or not a date written YYYY-MM-DD")
        fetched = record.get("fetched")
        # That fetch read the day's votes; a later one that changed nothing left no trace here.
        votes = dt.date.fromisoformat(fetched[:10]) if isinstance(fetched, str) else None
        days.append(Day(record["date"], record.get("listed"), fetched, record.get("error"), votes))
    return days


def paper_files(docs_dir: Path) -> list[Path]:
    return sorted((docs_dir / urls.PAPERS_DIR).glob("*.md"))


def load_archive(docs_dir: Path) -> tuple[dict[str, Paper], list[Day]]:
    """Every paper, and every day of the ledger."""
    with RecordCache(docs_dir) as cache:
        papers = {paper.id: paper for paper in cache.read_all()}
    return papers, read_ledger(docs_dir)


class RecordCache:
    """What reading the paper files found, kept between runs in docs/.records.jsonl (derived,
    not committed): each file's record under a digest of its bytes, so that a build or a
    scrape parses and checks only the files that changed since. Only files that passed every
    check are kept; the digest of the code that reads them is part of the key, so a change to
    the rules reads everything again. JSON, not pickle: the file is data, never code.

    A line a file (its name, digest and record as JSON, tab-separated, after a line with the
    code's digest), read from the file only when its paper is: one JSON document of every
    record held all their objects at once (400 MB at 50,000 papers), and the memory stayed
    scattered among the papers' own once freed. Use it in a `with` block, for one reading of
    the archive: it keeps the file open, so a run reads the file it indexed even if another
    run replaces it meanwhile."""

    NAME = ".records.jsonl"

    def __init__(self, docs_dir: Path) -> None:
        self.path = docs_dir / self.NAME
        self.docs_dir = docs_dir
        self._known: dict[str, tuple[str, int]] = {}  # file name -> (digest, where its line is)
        # What this run found: a file's digest and where its record is, in the file read or
        # (a file parsed now) as JSON.
        self._seen: dict[str, tuple[str, int | str]] = {}
        self._file: BinaryIO | None = None
        try:
            self._file = self.path.open("rb")
        except OSError:  # none yet: every file is read
            return
        if self._file.readline() != f"{_code_digest()}\n".encode():
            self._file.close()  # written by other rules: every file is read again
            return
        at = self._file.tell()
        for line in self._file:
            parts = line.split(b"\t", 2)
            if len(parts) == 3:  # else cut short: that file is read again
                self._known[parts[0].decode("utf-8", "replace")] = (
                    parts[1].decode("ascii", "replace"),
                    at,
                )
            at += len(line)

    def __enter__(self) -> RecordCache:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._file:
            self._file.close()

    def read_all(self) -> list[Paper]:
        """Every paper file's record, checked (raises InvalidRecord, the first bad file's);
        updates the cache. When many files changed (a first build, a change to the rules), a
        process a core parses them: besides the time, what parsing leaves scattered in memory
        stays out of this process, which a build forks (90 MB at 50,000 papers, which each
        forked process would carry)."""
        paths = paper_files(self.docs_dir)
        papers = [self._from_cache(path) for path in paths]
        changed = [path for path, paper in zip(paths, papers, strict=True) if paper is None]
        if len(changed) >= PARSED_APART:
            with ProcessPoolExecutor() as pool:
                for path, parsed in zip(
                    changed, pool.map(_parsed, changed, chunksize=256), strict=True
                ):
                    if parsed:
                        self._seen[path.name] = parsed
        papers = [
            paper or self._read_changed(path) for path, paper in zip(paths, papers, strict=True)
        ]
        self.save()
        return papers

    def _hit(self, path: Path, data: bytes) -> tuple[str, int] | None:
        """Where the cache holds `path`'s record, if it holds it for these bytes."""
        hit = self._known.get(path.name)
        return hit if hit and hit[0] == _digest(data) else None

    def _from_cache(self, path: Path) -> Paper | None:
        """The paper of a file the cache holds as it is now, else None."""
        hit = self._hit(path, path.read_bytes())
        if hit:
            # A damaged line (by hand: the file is only ever replaced whole): the file is read.
            with contextlib.suppress(ValueError, KeyError, TypeError, AttributeError):
                paper = _from_cached(json.loads(self._line(hit[1]).split(b"\t", 2)[2]))
                self._seen[path.name] = hit
                return paper
        return None

    def _read_changed(self, path: Path) -> Paper:
        """The paper of a file the cache did not hold: parsed apart (`read_all`), or here."""
        parsed = self._seen.get(path.name)
        if parsed:
            return _from_cached(json.loads(parsed[1]))
        paper, kept = _read_file(path)
        if kept:
            self._seen[path.name] = kept
        return paper

    def _line(self, at: int) -> bytes:
        assert self._file
        self._file.seek(at)
        return self._file.readline()

    def passed(self, path: Path) -> bool:
        """Whether `path` is a paper file the cache holds as it is now: it passed every check."""
        if path.resolve().parent != (self.docs_dir / urls.PAPERS_DIR).resolve():
            return False
        try:
            data = path.read_bytes()
        except OSError:
            return False
        return self._hit(path, data) is not None

    def save(self) -> None:
        if self._seen == self._known:
            return
        # JSON escapes every tab and line break inside a record: a line is one file's. In the
        # files' order, so that the same archive gives the same cache however it was read.
        lines = (
            self._line(at).decode().rstrip("\n") + "\n"
            if isinstance(at, int)
            else f"{name}\t{digest}\t{at}\n"
            for name, (digest, at) in sorted(self._seen.items())
        )
        write_atomically(self.path, itertools.chain([f"{_code_digest()}\n"], lines))


# Fewer changed files than this are parsed here: starting processes would cost more.
PARSED_APART = 200


def _read_file(path: Path) -> tuple[Paper, tuple[str, str] | None]:
    """A paper file's record, and its digest and record as the cache keeps them: None for a
    file with text below its front matter, which fails `check` and is never kept."""
    data = path.read_bytes()
    paper, body = parse_paper(data.decode("utf-8"), str(path))
    if body.strip():
        return paper, None
    return paper, (
        _digest(data),
        json.dumps(_cached(paper), ensure_ascii=False, separators=(",", ":")),
    )


def _parsed(path: Path) -> tuple[str, str] | None:
    """A worker's part of `read_all`: what the cache keeps of a changed file."""
    return _read_file(path)[1]


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@functools.cache
def _code_digest() -> str:
    """The digest of the modules that read and check a paper file."""
    here = Path(__file__).parent
    digest = hashlib.blake2b(digest_size=8)
    for name in ("fields.py", "frontmatter.py", "model.py", "store.py"):
        digest.update((here / name).read_bytes())
    return digest.hexdigest()


def _cached(paper: Paper) -> dict:
    """A record as JSON holds it: its dates as ISO text (a cleared field stays, as null)."""
    record = paper.to_record()
    record["days"] = [d.isoformat() for d in paper.days]
    if paper.published:
        record["published"] = paper.published.isoformat()
    if paper.citing:
        record["citing"] = {**paper.citing, "as_of": paper.citing["as_of"].isoformat()}
    return record


def _from_cached(cached: dict) -> Paper:
    record = {**cached, "days": [dt.date.fromisoformat(d) for d in cached["days"]]}
    if cached.get("published"):
        record["published"] = dt.date.fromisoformat(cached["published"])
    if cached.get("citing"):
        as_of = dt.date.fromisoformat(cached["citing"]["as_of"])
        record["citing"] = {**cached["citing"], "as_of": as_of}
    return Paper.from_checked_record(record)


def write_text(path: Path, text: str) -> str:
    """Write `text` atomically unless the file already holds it: 'new', 'updated' or 'unchanged'."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return "unchanged"
        status = "updated"
    except FileNotFoundError:
        status = "new"
    write_atomically(path, [text])
    return status


def write_atomically(path: Path, chunks: Iterable[str]) -> None:
    """Write the text `chunks` make, in turn, beside `path`, then rename it over `path`: a
    crash leaves the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.writelines(chunks)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def locked(docs_dir: Path) -> Iterator[None]:
    """Hold the archive's lock: a second scrape waits here instead of interleaving writes."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    with open(docs_dir / ".scrape.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        # Temporary files of a writer killed mid-write: the file they were for is intact.
        for stale in docs_dir.rglob(".*.tmp"):
            stale.unlink(missing_ok=True)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
