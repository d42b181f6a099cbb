"""When each paper file last changed, from the repository's history: a contributor's correction
is a commit, and the sitemap's `lastmod` of the pages it changes should say so."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from scraper.site import urls


def last_commits(docs_dir: Path) -> dict[str, str]:
    """Each paper file's last commit, by paper id: its UTC date (YYYY-MM-DD). Empty where there is
    no history to read: no git, no repository, or a shallow clone, whose one commit would date
    every file (the deploy checks out the whole history, without the old files' contents)."""
    folder = docs_dir / urls.PAPERS_DIR
    git = ["git", "-C", str(folder)]
    try:
        shallow = subprocess.run(
            [*git, "rev-parse", "--is-shallow-repository"], capture_output=True, text=True
        )
        if shallow.returncode != 0 or shallow.stdout.strip() != "false":
            return {}
        log = subprocess.run(
            [
                *git,
                "log",
                "--format=%x00%ct",
                "--name-only",
                "--no-renames",
                "--relative",
                "--",
                ".",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    dates: dict[str, str] = {}
    date = ""
    for line in log.splitlines():
        if line.startswith("\0"):
            stamp = dt.datetime.fromtimestamp(int(line[1:]), dt.UTC)
            date = stamp.date().isoformat()
        elif line.endswith(".md") and "/" not in line:
            dates.setdefault(line.removesuffix(".md"), date)  # newest first: the first is the last
    return dates
