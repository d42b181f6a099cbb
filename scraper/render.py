"""Rendering records as Markdown pages: pure functions from records to text, no I/O.

Every page is plain Markdown with YAML front matter, readable on GitHub and buildable by any
Python-Markdown engine. Text from Hugging Face is escaped so a reader sees exactly that text.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import json
import re
from collections.abc import Collection, Iterable, Sequence

import yaml

from scraper import formats, urls
from scraper.fields import LIVE_FIELDS
from scraper.model import EMPTY, FAILED, MISSING, PARTIAL, STATUSES, Coverage, Day, Paper

try:  # the C emitter is several times faster; the output is the same
    _BaseDumper = yaml.CSafeDumper
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseDumper = yaml.SafeDumper

PAPER_HEADER = """\
# One paper of the archive. To correct it, edit a field below and send the change: its page
# and the day, week and month lists are built from these fields. See CONTRIBUTING.md.
"""
CURATED_NOTE = """\
  # A scrape never overwrites your edits to these; fields nobody edited follow Hugging Face.
  # Set an optional one to null (e.g. `github: null`) to stop a wrong value from coming back.
"""
LIVE_NOTE = "  # Updated by every scrape from Hugging Face:\n"
SCRAPED_NOTE = (
    "  # What Hugging Face last said, as fingerprints: how a scrape tells your edits apart.\n"
)
GENERATED_HEADER = """\
# Generated from the paper files and the day ledger by `python -m scraper`: edit the papers,
# not this page.
"""


def generated_front_matter(title: str, extra: dict | None = None) -> str:
    """A listing page's front matter: its title in words, for the browser's tab (a comment
    alone is no front matter to MkDocs, which would show it as a heading)."""
    return f"---\n{GENERATED_HEADER}{dump_yaml({'title': title, **(extra or {})})}---\n"


AUTHORS_SHOWN = 3  # on listing rows; a paper page always lists every author
TOP = 30  # papers ranked on a week or month page


class _Dumper(_BaseDumper):
    pass


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
    # Long prose reads better folded over several lines than as one quoted line.
    # A web address has no space to fold at, and stays on its line.
    prose = len(text) > 80 and " " in text and "\n" not in text.strip("\n")
    style = ">" if prose or "\n\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_str)


def dump_yaml(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=88)


# --- Escaping ------------------------------------------------------------------------------

# Characters that are markup anywhere in a line (all are backslash-escapable in Python-Markdown
# and CommonMark). `#` is among them because Python-Markdown strips trailing `#`s off headings.
_ANYWHERE = re.compile(r"([\\`*_{}\[\]#])")
# Markup only at the start of a line (lists, quotes, tilde fences): our text is always one line
# per paragraph. Python-Markdown cannot backslash-escape `~`, so those become entities.
_LINE_START = re.compile(r"^([-+>]|\d+(?=[.)])|~+)")


def _escape_line_start(match: re.Match) -> str:
    marker = match.group(1)
    if marker[0] == "~":
        return "&#126;" * len(marker)
    return marker + "\\" if marker[0].isdigit() else "\\" + marker


def escape(text: str) -> str:
    """Markdown source that renders as exactly `text`, with no markup taking effect."""
    text = _ANYWHERE.sub(r"\\\1", text.replace("&", "&amp;").replace("<", "&lt;"))
    return _LINE_START.sub(_escape_line_start, text)


# Inline TeX in prose: `$…$` with no white space inside its ends, not touching a word or another
# `$`, and holding TeX (a backslash, ^, _ or braces) or a single letter. "$5 and $10" stays text.
_MATH = re.compile(r"(?<![\\$\w])\$([^\s$](?:[^$\n]{0,298}[^\s$\\])?)\$(?![\w$])")


def _is_tex(content: str) -> bool:
    return bool(re.search(r"[\\^_{}]", content)) or bool(re.fullmatch(r"[A-Za-z]", content))


# A web address in prose, up to white space or a character no bare URL holds; a full stop or
# bracket that ends the sentence is not part of it.
_URL = re.compile(r"https?://[^\s<>\"'`\\{}|^\[\]]*[^\s<>\"'`\\{}|^\[\].,;:!?)]")


def _escape_linking_urls(text: str) -> str:
    """As `escape`, with each http(s) address a link to itself."""
    parts, last = [], 0
    for match in _URL.finditer(text):
        url = match.group()
        parts += [
            escape(text[last : match.start()]),
            f'<a href="{html.escape(url)}">{escape(url)}</a>',
        ]
        last = match.end()
    parts.append(escape(text[last:]))
    return "".join(parts)


def escape_prose(text: str) -> str:
    """Paragraphs of an abstract: as `escape`, but inline TeX goes in a `math` span that the
    site typesets (KaTeX, loaded by archive.js), its text still exactly the source, and web
    addresses are links."""
    paragraphs = []
    for paragraph in text.split("\n\n"):
        parts, last = [], 0
        for match in _MATH.finditer(paragraph):
            if _is_tex(match.group(1)):
                parts += [
                    _escape_linking_urls(paragraph[last : match.start()]),
                    f'<span class="math">{escape(match.group())}</span>',
                ]
                last = match.end()
        parts.append(_escape_linking_urls(paragraph[last:]))
        paragraphs.append("".join(parts))
    return "\n\n".join(paragraphs)


# --- Paper pages ---------------------------------------------------------------------------


def render_paper(paper: Paper) -> str:
    """A paper file: the record as front matter, and nothing else. Its page is built from it
    (`paper_page`), so a one-field edit is a complete correction."""
    text = dump_yaml({"paper": paper.to_record()})
    live = re.search(rf"^  (?:{'|'.join(LIVE_FIELDS)}):", text, re.MULTILINE)
    text = text[: live.start()] + LIVE_NOTE + text[live.start() :]
    text = text.replace("paper:\n", "paper:\n" + CURATED_NOTE, 1)
    text = text.replace("\n  scraped:\n", "\n" + SCRAPED_NOTE + "  scraped:\n", 1)
    return f"---\n{PAPER_HEADER}{text}---\n"


def paper_page(paper: Paper, votes_read: dt.date | None = None) -> str:
    """A paper's page as Markdown, built from its record; `votes_read` is when its votes were
    last read from HF (the day ledger knows)."""
    page = urls.paper(paper.id)
    days = ", ".join(f"[{long_date(d)}]({urls.link(page, urls.day(d))})" for d in paper.days)
    facts = [f"- Listed on Hugging Face Daily Papers: {days}"]
    if paper.submitter:
        facts[0] += f", submitted by {account_link(paper.submitter)}"
    if paper.published:
        facts.append(f"- Published on arXiv: {long_date(paper.published)}")
    if paper.organization:
        facts.append(f"- Organization: {account_link(paper.organization)}")
    facts.append(
        f"- {plural(paper.upvotes, 'upvote')} · {plural(paper.comments, 'comment')}"
        + votes_as_of([votes_read])
    )
    corrected = paper.corrected()
    if corrected:
        facts.append(f"- Corrected by contributors: {', '.join(corrected)}")
    links = [
        f"[Hugging Face]({urls.hf_paper(paper.id)})",
        f"[arXiv]({urls.arxiv_abs(paper.id)})",
        f"[PDF]({urls.arxiv_pdf(paper.id)})",
    ]
    if paper.github:
        stars = f" (★ {paper.github_stars:,})" if paper.github_stars is not None else ""
        links.append(f"[Code](<{_destination(paper.github)}>){stars}")
    if paper.project_page:
        links.append(f"[Project page](<{_destination(paper.project_page)}>)")
    facts.append("- " + " · ".join(links))
    if paper.media:
        shown = [
            f"[{_media_kind(u)} {i}](<{_destination(u)}>)" for i, u in enumerate(paper.media, 1)
        ]
        facts.append("- Media on Hugging Face: " + " · ".join(shown))
    profiles = paper.author_profiles or {}
    authors = ", ".join(
        f"[{escape(a)}]({urls.hf_user(profiles[a])})" if a in profiles else escape(a)
        for a in paper.authors
    )
    parts = [f"# {escape(paper.title)}\n", f"\n{authors}\n" if authors else "", "\n"]
    parts.append("\n".join(facts) + "\n")
    if paper.abstract:
        parts.append(f"\n## Abstract\n\n{escape_prose(paper.abstract)}\n")
    parts.append(f"\n## Cite\n\n~~~bibtex\n{formats.bibtex(paper)}~~~\n")
    if paper.ai_summary or paper.ai_keywords:
        model = f" ({escape(paper.ai_summary_model)})" if paper.ai_summary_model else ""
        parts += [
            "\n## AI-generated summary\n",
            f"\n> Written by a language model{model} on Hugging Face, not by the authors.\n",
        ]
        if paper.ai_summary:
            parts.append(f"\n{escape_prose(paper.ai_summary)}\n")
        if paper.ai_keywords:
            parts.append(f"\nKeywords (AI-generated): {escape(' · '.join(paper.ai_keywords))}\n")
    return "".join(parts)


def account_link(account) -> str:
    """A Hugging Face user or organization, by its full name, linked to its page."""
    return f"[{escape(account['fullname'])}]({urls.hf_user(account['name'])})"


def _media_kind(url: str) -> str:
    extension = url.rsplit(".", 1)[-1].lower()
    return "Video" if extension in ("mp4", "mov", "qt", "webm", "m4v") else "Image"


def _destination(url: str) -> str:
    """A validated URL as a Markdown link destination: Markdown decodes entities there."""
    return url.replace("&", "&amp;")


# --- Listing pages -------------------------------------------------------------------------


def render_day(
    day: Day, papers: Sequence[Paper], previous: dt.date | None, following: dt.date | None
) -> str:
    page = urls.day(day.date)
    title = f"Papers of {long_date(day.date)}"
    front = generated_front_matter(title)
    steps = []
    if previous:
        steps.append(f"[← {short_date(previous, day.date)}]({urls.link(page, urls.day(previous))})")
    week = day.date.isocalendar().week
    steps.append(f"[Week {week}]({urls.link(page, urls.week_of(day.date))})")
    steps.append(
        f"[{day.date:%B %Y}]({urls.link(page, urls.month(day.date.year, day.date.month))})"
    )
    if following:
        steps.append(
            f"[{short_date(following, day.date)} →]({urls.link(page, urls.day(following))})"
        )
    if day.error and not papers:
        body = (
            "Fetching this day from [Hugging Face Daily Papers]"
            f"({urls.hf_day(day.date)}) failed; the next scheduled run tries again.\n"
        )
    elif papers:
        summary = (
            f"{plural(len(papers), 'paper')} listed on "
            f"[Hugging Face Daily Papers]({urls.hf_day(day.date)}), most upvoted first"
            f"{votes_as_of([day.votes_as_of])}."
        )
        data = (
            f"The day's papers as [BibTeX]({urls.link(page, urls.day_bibtex(day.date))}) "
            f"and as [JSON]({urls.link(page, urls.day_json(day.date))})."
        )
        body = f"{summary} {data}\n\n{paper_rows(page, papers)}"
    else:
        why = " (Daily Papers takes no submissions at weekends)" if day.date.weekday() >= 5 else ""
        body = (
            f"No papers were listed on [Hugging Face Daily Papers]({urls.hf_day(day.date)}) "
            f"for this day{why}.\n"
        )
    return f"{front}\n# {title}\n\n{' · '.join(steps)}\n\n{body}"


Month = tuple[int, int]  # (year, month)
Week = tuple[int, int]  # (ISO year, ISO week)


def votes_as_of(dates: Iterable[dt.date | None]) -> str:
    """When the votes shown were read from HF: they keep moving for a week or two after a
    paper is listed, and the scrape reads each day again at 7 and 30 days."""
    known = sorted(d for d in dates if d)
    if not known:
        return ""
    if known[0] == known[-1]:
        return f" (votes as of {long_date(known[0])})"
    return f" (votes as of {short_date(known[0], known[-1])} to {short_date(known[-1], known[0])})"


def month_name(month: Month) -> str:
    return f"{dt.date(*month, 1):%B %Y}"


def week_name(week: Week) -> str:
    return f"Week {week[1]}, {week[0]}"


def render_month(
    month: Month,
    days: Sequence[Coverage],
    top: Sequence[Paper],
    total: int,
    neighbours: tuple[Month | None, Month | None],
    weeks: Collection[Week],
) -> str:
    """`weeks` are those the archive has pages for, which the calendar links."""
    page = urls.month(*month)
    previous, following = (n and (month_name(n), urls.month(*n)) for n in neighbours)
    links = [previous, ("All months", urls.ARCHIVE), following]
    return _render_period(
        page, month_name(month), "", links, days, top, total, calendar(page, days, weeks)
    )


def render_week(
    week: Week,
    days: Sequence[Coverage],
    top: Sequence[Paper],
    total: int,
    neighbours: tuple[Week | None, Week | None],
) -> str:
    monday = dt.date.fromisocalendar(*week, 1)
    sunday = monday + dt.timedelta(days=6)
    span = f"{short_date(monday, sunday)} to {sunday.day} {sunday:%B %Y}. "
    previous, following = (n and (week_name(n), urls.week(*n)) for n in neighbours)
    months = sorted({(row.date.year, row.date.month) for row in days})  # those the archive holds
    links = [previous, *((month_name(m), urls.month(*m)) for m in months), following]
    page = urls.week(*week)
    days_list = [day_line(page, row) for row in days]
    return _render_period(page, week_name(week), span, links, days, top, total, days_list)


def _render_period(
    page: str,
    title: str,
    span: str,
    links: Sequence[tuple[str, str] | None],
    days: Sequence[Coverage],
    top: Sequence[Paper],
    total: int,
    days_section: list[str],
) -> str:
    """A week or a month: links to the periods around it, its days, then its papers ranked by
    upvotes. `links` holds the previous period, the periods above it, and the next one."""
    previous, *above, following = links
    steps = [f"[{text}]({urls.link(page, target)})" for text, target in above]
    if previous:
        steps.insert(0, f"[← {previous[0]}]({urls.link(page, previous[1])})")
    if following:
        steps.append(f"[{following[0]} →]({urls.link(page, following[1])})")
    lines = [
        generated_front_matter(title),
        f"# {escape(title)}\n",
        " · ".join(steps) + "\n",
        f"{span}{plural(total, 'paper')} over {plural(len(days), 'day')}.\n",
        "## Days\n",
        *days_section,
    ]
    if top:
        shown = "" if len(top) == total else f" {len(top)}"
        lines += [
            "",
            f"## Top{shown} by upvotes\n",
            f"Most upvoted first{votes_as_of(row.votes_as_of for row in days)}.\n",
            paper_rows(page, top),
        ]
    return "\n".join(lines).rstrip("\n") + "\n"


WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def calendar(page: str, days: Sequence[Coverage], weeks: Collection[Week]) -> list[str]:
    """A month's days as a calendar table, a row a week: each day the archive holds links its
    page and says how many papers it has, each week it holds links its page."""
    held = {row.date: row for row in days}
    first = min(held).replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    lines = [
        "| Week | " + " | ".join(WEEKDAYS) + " |",
        "|---|" + "---:|" * len(WEEKDAYS),
    ]
    monday = first - dt.timedelta(days=first.weekday())
    while monday < following:
        year, week, _ = monday.isocalendar()
        cells = [
            f"[{week}]({urls.link(page, urls.week(year, week))})"
            if (year, week) in weeks
            else str(week)
        ]
        for offset in range(7):
            date = monday + dt.timedelta(days=offset)
            row = held.get(date)
            if date.month != first.month:
                cells.append("")
            elif row is None or row.status == MISSING:
                cells.append(str(date.day))
            else:
                what = {FAILED: "failed", EMPTY: "–"}.get(row.status, str(row.held))
                cells.append(f"[{date.day}]({urls.link(page, urls.day(date))})<br>{what}")
        lines.append("| " + " | ".join(cells) + " |")
        monday += dt.timedelta(days=7)
    return lines


def day_line(page: str, row: Coverage) -> str:
    """A list item linking one day, with what the archive holds of it."""
    notes = {
        EMPTY: "no papers",
        FAILED: "fetching failed; the next run tries again",
        PARTIAL: f"{row.held} of the {row.listed} HF listed",
    }
    what = notes.get(row.status, plural(row.held, "paper"))
    return f"- [{long_date(row.date)}]({urls.link(page, urls.day(row.date))}): {what}"


def render_home(latest: Day | None, papers: Sequence[Paper], recent: Sequence[Coverage]) -> str:
    page = urls.HOME
    lines = [
        generated_front_matter("Hugging Face Daily Papers, archived"),
        "# Hugging Face Daily Papers, archived\n",
        "Every paper listed on [Hugging Face Daily Papers](https://huggingface.co/papers), "
        "one page each, at the same path as on Hugging Face. "
        f"[Browse every month]({urls.link(page, urls.ARCHIVE)}) · "
        "[About this archive](about.md)\n",
    ]
    if latest is None:
        lines.append("The archive is empty: run `python -m scraper fetch` to add days.\n")
    else:
        week = latest.date.isocalendar().week
        month = urls.month(latest.date.year, latest.date.month)
        lines += [
            f"## Latest: [{long_date(latest.date)}]({urls.link(page, urls.day(latest.date))})\n",
            f"Most upvoted first{votes_as_of([latest.votes_as_of])}. "
            f"The top papers of [week {week}]({urls.link(page, urls.week_of(latest.date))}) and of "
            f"[{latest.date:%B %Y}]({urls.link(page, month)}) are on their own pages.\n",
            paper_rows(page, papers),
        ]
    if recent:
        lines.append("## Recent days\n")
        lines += [day_line(page, row) for row in recent]
        lines.append(f"\n[Which days the archive holds]({urls.link(page, urls.COVERAGE)})")
    return "\n".join(lines).rstrip("\n") + "\n"


def render_archive(months: Sequence[tuple[int, int, int, int]]) -> str:
    """`months` holds (year, month, days, papers), newest first."""
    page = urls.ARCHIVE
    lines = [
        generated_front_matter("Archive"),
        "# Archive\n",
        "Every month of the archive; each month page lists its days and its most upvoted papers.\n",
    ]
    year = None
    for y, m, n_days, n_papers in months:
        if y != year:
            lines.append(f"\n## {y}\n")
            year = y
        lines.append(
            f"- [{dt.date(y, m, 1):%B}]({urls.link(page, urls.month(y, m))}): "
            f"{plural(n_papers, 'paper')} over {plural(n_days, 'day')}"
        )
    if not months:
        lines.append("No days yet.")
    return "\n".join(lines).rstrip("\n") + "\n"


def render_coverage(ledger: Sequence[Coverage]) -> str:
    """The coverage ledger: a table by month, then every day that is not complete."""
    page = urls.COVERAGE
    lines = [
        generated_front_matter("Coverage"),
        "# Coverage\n",
        "Which days of Hugging Face Daily Papers the archive holds. A day is *complete* when "
        "the archive holds every paper HF listed, *empty* when HF listed none (weekends), "
        "*partial* when some could not be read, *failed* when every fetch so far failed, and "
        "*missing* when it was never fetched. The scheduled scrape re-reads the last days "
        "several times a day, and each day again 7 and 30 days on, as its votes settle. "
        "The same data, one record per day: "
        f"[coverage.json]({urls.link(page, urls.COVERAGE_JSON)}).\n",
    ]
    if not ledger:
        lines.append("No days yet.")
        return "\n".join(lines) + "\n"
    counts = {s: sum(row.status == s for row in ledger) for s in STATUSES}
    lines.append(
        f"{plural(len(ledger), 'day')} from {long_date(ledger[0].date)} to "
        f"{long_date(ledger[-1].date)}: "
        + ", ".join(f"{n:,} {s}" for s, n in counts.items())
        + ".\n"
    )
    lines += [
        "## By month\n",
        "| Month | Papers | " + " | ".join(s.title() for s in STATUSES) + " |",
        "|---|" + "---:|" * (len(STATUSES) + 1),
    ]
    for (year, month), rows in itertools.groupby(
        reversed(ledger), key=lambda row: (row.date.year, row.date.month)
    ):
        rows = list(rows)
        if all(row.status == MISSING for row in rows):
            label = f"{dt.date(year, month, 1):%B %Y}"
        else:
            label = f"[{dt.date(year, month, 1):%B %Y}]({urls.link(page, urls.month(year, month))})"
        cells = [str(sum(row.held for row in rows))]
        cells += [str(sum(row.status == s for row in rows)) for s in STATUSES]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    attention = [row for row in ledger if row.status in (PARTIAL, FAILED)]
    lines += ["", "## Days to look at\n"]
    lines += [day_line(page, row) for row in reversed(attention)]
    for start, end in _missing_runs(ledger):
        span = long_date(start) if start == end else f"{long_date(start)} to {long_date(end)}"
        lines.append(f"- {span}: never fetched ({plural((end - start).days + 1, 'day')})")
    if lines[-1].startswith("## "):
        lines.append("None: every day from the first to the last was fetched completely.")
    return "\n".join(lines).rstrip("\n") + "\n"


def render_ledger(days: Iterable[Day]) -> str:
    """The day ledger (docs/days.json): a day a line, so a day's change is a one-line diff."""
    rows = []
    for day in sorted(days, key=lambda d: d.date):
        row = {
            "date": day.date.isoformat(),
            "listed": day.listed,
            "fetched": day.fetched,
            "votes_as_of": day.votes_as_of.isoformat() if day.votes_as_of else None,
            "error": day.error,
        }
        rows.append(json.dumps({k: v for k, v in row.items() if v is not None}, ensure_ascii=False))
    return '{"days": [\n' + ",\n".join(rows) + "\n]}\n"


def render_coverage_json(ledger: Sequence[Coverage]) -> str:
    days = [
        {
            "date": row.date.isoformat(),
            "status": row.status,
            "listed": row.listed,
            "held": row.held,
            "fetched": row.fetched,
            "votes_as_of": row.votes_as_of.isoformat() if row.votes_as_of else None,
            "error": row.error,
        }
        for row in ledger
    ]
    # One day per line: readable, and a day's change is a one-line diff.
    lines = ",\n".join(json.dumps(day, ensure_ascii=False) for day in days)
    return f'{{"days": [\n{lines}\n]}}\n'


def _missing_runs(ledger: Sequence[Coverage]) -> list[tuple[dt.date, dt.date]]:
    runs = []
    for missing, rows in itertools.groupby(ledger, key=lambda row: row.status == MISSING):
        if missing:
            rows = list(rows)
            runs.append((rows[0].date, rows[-1].date))
    return list(reversed(runs))


KEYWORDS_SHOWN = 4  # on a card; the paper page lists them all


def paper_rows(page: str, papers: Iterable[Paper]) -> str:
    """A numbered card per paper: HF's thumbnail (lazy, of a fixed size, none without one),
    title, first authors and how many more, organization, votes, comments, stars, keywords."""
    rows = []
    for i, paper in enumerate(papers, 1):
        shown = AUTHORS_SHOWN if len(paper.authors) > AUTHORS_SHOWN + 1 else AUTHORS_SHOWN + 1
        authors = list(paper.authors[:shown])
        more = len(paper.authors) - len(authors)
        byline = escape(", ".join(authors)) + (f" and {more} more" if more else "")
        if paper.organization:
            byline += f" · {escape(paper.organization['fullname'])}"
        counts = [f"▲ {paper.upvotes}", plural(paper.comments, "comment")]
        if paper.github_stars is not None:
            counts.append(f"★ {paper.github_stars:,}")
        thumb = (
            f'<img class="paper-thumb" src="{html.escape(paper.thumbnail)}" alt="" '
            'loading="lazy" decoding="async" width="160" height="84"> '
            if paper.thumbnail
            else ""
        )
        lines = [f"{thumb}[{escape(paper.title)}]({urls.link(page, urls.paper(paper.id))})"]
        if byline:
            lines.append(byline)
        lines.append(" · ".join(counts))
        if paper.ai_keywords:
            keywords = " · ".join(paper.ai_keywords[:KEYWORDS_SHOWN])
            lines.append(f'<span class="paper-keywords">{escape(keywords)}</span>')
        rows.append(f"{i}. " + "<br>".join(lines))
    return "\n".join(rows) + "\n"


# --- Words ---------------------------------------------------------------------------------


def long_date(date: dt.date) -> str:
    return f"{date:%A} {date.day} {date:%B %Y}"


def short_date(date: dt.date, beside: dt.date) -> str:
    """`date` without its year when it shares the year of the date it is shown beside."""
    return f"{date.day} {date:%B}" + (f" {date.year}" if date.year != beside.year else "")


def plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"
