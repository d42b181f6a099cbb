"""Storing the archive: reading and writing the Markdown files under docs/, atomically."""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from scraper import urls
from scraper.errors import InvalidRecord
from scraper.model import Day, Paper

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

_FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n", re.DOTALL)


def split_front_matter(text: str, where: str) -> tuple[dict[str, Any], str]:
    """The YAML front matter as a mapping, and the Markdown body after it."""
    match = _FRONT_MATTER.match(text)
    if not match:
        raise InvalidRecord(
            where, None, "must start with front matter between two '---' lines", line=1
        )
    try:
        meta = yaml.load(match.group(1), Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else None  # +1 for 1-based, +1 for the opening '---'
        problem = getattr(exc, "problem", None) or str(exc)
        raise InvalidRecord(
            where, None, f"front matter is not valid YAML: {problem}", line=line
        ) from None
    if not isinstance(meta, dict):
        raise InvalidRecord(where, None, "front matter must be a mapping of fields", line=2)
    return meta, text[match.end() :]


def field_line(text: str, field: str | None) -> int | None:
    """The line of a paper file on which `field` is written, to point a person at it."""
    if not field:
        return None
    name = field.split("[")[0].split(".")[0]
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(rf"^\s*{re.escape(name)}:", line):
            return number
    return None


def parse_paper(text: str, where: str) -> tuple[Paper, str]:
    """A paper file's record and body; errors name the file, the field and its line."""
    meta, body = split_front_matter(text, where)
    if "paper" not in meta:
        raise InvalidRecord(
            where, "paper", "missing: paper files keep their record under 'paper:'", line=2
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


def read_paper(path: Path) -> Paper:
    return parse_paper(path.read_text(encoding="utf-8"), str(path))[0]


def parse_day(text: str, where: str) -> Day:
    meta, _ = split_front_matter(text, where)
    record = meta.get("day")
    if not isinstance(record, dict) or type(record.get("date")) is not dt.date:
        raise InvalidRecord(where, "day.date", "missing, or not a date written YYYY-MM-DD")
    listed = record.get("listed")
    if listed is not None and (type(listed) is not int or listed < 0):
        raise InvalidRecord(where, "day.listed", "must be a whole number, 0 or more")
    for name in ("fetched", "error"):
        if not isinstance(record.get(name, ""), str):
            raise InvalidRecord(where, f"day.{name}", "must be text")
    return Day(record["date"], listed, record.get("fetched"), record.get("error"))


def paper_files(docs_dir: Path) -> list[Path]:
    return sorted((docs_dir / urls.PAPERS_DIR).glob("*.md"))


def load_archive(docs_dir: Path) -> tuple[dict[str, Paper], list[Day]]:
    """Every paper and every fetched day in the archive."""
    papers = {}
    for path in paper_files(docs_dir):
        paper = read_paper(path)
        papers[paper.id] = paper
    days = [
        parse_day(path.read_text(encoding="utf-8"), str(path))
        for path in sorted((docs_dir / urls.DAYS_DIR).glob("*.md"))
    ]
    return papers, days


def write_text(path: Path, text: str) -> str:
    """Write `text` atomically unless the file already holds it: 'new', 'updated' or 'unchanged'."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return "unchanged"
        status = "updated"
    except FileNotFoundError:
        status = "new"
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write beside the target and rename over it: a crash leaves the old file or the new one.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return status


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
