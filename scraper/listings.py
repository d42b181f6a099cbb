"""The listing pages (day, week, month, home, archive, coverage), derived from the paper
records and the day ledger, and laid out as Markdown.

Listings are never edited by hand: the scraper writes them after a fetch, and the MkDocs hook
derives them again at build time, so a correction to one paper file shows everywhere.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence

from scraper import formats, urls
from scraper.escaping import attribute, escape, text
from scraper.frontmatter import dump_yaml
from scraper.model import COMPLETE, EMPTY, FAILED, MISSING, PARTIAL, STATUSES, Coverage, Day, Paper
from scraper.render import long_date, plural, short_date, votes_as_of

RECENT_DAYS = 7
# How a listing links a page: `urls.link` (the docs/ file, which GitHub and MkDocs resolve) in
# the copies kept in docs/, `urls.href` (the served address) in the prepared tree, whose HTML
# blocks no engine rewrites.
Linker = Callable[[str, str], str]


def by_votes(papers: Iterable[Paper]) -> list[Paper]:
    return sorted(papers, key=lambda p: (-p.upvotes, p.id))


def papers_by_day(papers: Iterable[Paper]) -> defaultdict[dt.date, list[Paper]]:
    on_day: defaultdict[dt.date, list[Paper]] = defaultdict(list)
    for paper in papers:
        for date in paper.days:
            on_day[date].append(paper)
    return on_day


def listing_pages(
    papers: Iterable[Paper],
    days: Iterable[Day],
    related: Mapping[str, Sequence[str]] | None = None,
    link: Linker = urls.link,
) -> dict[str, str]:
    """Every listing page as {docs-relative path: Markdown}; a build passes each paper's
    `related` ids for the day JSON (the copies kept in docs/ go without: they would change
    every day as the archive grows) and links by `urls.href`."""
    on_day = papers_by_day(papers)
    # A day the scraper fetched keeps its record even when empty; a day known only from a
    # paper file (added by hand) gets one from its papers.
    records = {day.date: day for day in days}
    for date, listed in on_day.items():
        records.setdefault(date, Day(date, len(listed)))
    ordered = sorted(records)
    ledger = coverage(records, on_day)
    by_date = {row.date: row for row in ledger}

    pages = {}
    for i, date in enumerate(ordered):
        previous = ordered[i - 1] if i > 0 else None
        following = ordered[i + 1] if i + 1 < len(ordered) else None
        ranked = by_votes(on_day[date])
        pages[urls.day(date)] = render_day(records[date], ranked, previous, following, link)
        if ranked:
            pages[urls.day_bibtex(date)] = "\n".join(formats.bibtex(p) for p in ranked)
            pages[urls.day_json(date)] = formats.day_json(records[date], ranked, related)

    months = []
    by_week = _periods(ordered, lambda d: tuple(d.isocalendar()[:2]))
    weeks = {week for week, _ in by_week}
    by_month = _periods(ordered, lambda d: (d.year, d.month))
    for i, (month, dates) in enumerate(by_month):
        in_month = {p.id: p for d in dates for p in on_day[d]}
        top = by_votes(in_month.values())[:TOP]
        rows = [by_date[d] for d in dates]
        neighbours = _neighbours(by_month, i)
        pages[urls.month(*month)] = render_month(
            month, rows, top, len(in_month), neighbours, weeks, link
        )
        months.append((*month, len(dates), len(in_month)))

    for i, (week, dates) in enumerate(by_week):
        in_week = {p.id: p for d in dates for p in on_day[d]}
        top = by_votes(in_week.values())[:TOP]
        rows = [by_date[d] for d in dates]
        neighbours = _neighbours(by_week, i)
        pages[urls.week(*week)] = render_week(week, rows, top, len(in_week), neighbours, link)

    with_papers = [d for d in ordered if on_day[d]]
    latest = records[with_papers[-1]] if with_papers else None
    recent = [by_date[d] for d in reversed(ordered[-RECENT_DAYS:])]
    pages[urls.HOME] = render_home(
        latest, by_votes(on_day[latest.date]) if latest else [], recent, link
    )
    pages[urls.ARCHIVE] = render_archive(list(reversed(months)))
    pages[urls.COVERAGE] = render_coverage(ledger, {(y, m): held for y, m, _, held in months})
    pages[urls.COVERAGE_JSON] = formats.coverage_json(ledger)
    return pages


def last_changed(papers: Iterable[Paper], days: Iterable[Day]) -> dict[str, str]:
    """When each derived page and paper page last changed, as far as the ledger knows: the
    last fetch that changed one of its days (YYYY-MM-DD, for the sitemap's `lastmod`)."""
    fetched = {day.date: day.fetched[:10] for day in days if day.fetched}
    if not fetched:
        return {}
    changed: dict[str, str] = {}

    def note(page: str, stamp: str) -> None:
        if stamp > changed.get(page, ""):
            changed[page] = stamp

    for date, stamp in fetched.items():
        note(urls.day(date), stamp)
        note(urls.week_of(date), stamp)
        note(urls.month(date.year, date.month), stamp)
    for paper in papers:
        for date in paper.days:
            if date in fetched:
                note(urls.paper(paper.id), fetched[date])
    latest = max(fetched.values())
    for page in (urls.HOME, urls.ARCHIVE, urls.COVERAGE):
        changed[page] = latest
    return changed


def _periods(dates: list[dt.date], key) -> list[tuple[tuple[int, int], list[dt.date]]]:
    return [(period, list(group)) for period, group in itertools.groupby(dates, key=key)]


def _neighbours(periods: list, i: int) -> tuple:
    """The periods before and after the i-th that the archive holds (None at either end)."""
    return (
        periods[i - 1][0] if i > 0 else None,
        periods[i + 1][0] if i + 1 < len(periods) else None,
    )


def latest_days(papers: Iterable[Paper], count: int) -> list[tuple[dt.date, list[Paper]]]:
    """The `count` latest days that had papers, newest first, each with its papers by votes."""
    on_day = papers_by_day(papers)
    return [(date, by_votes(on_day[date])) for date in sorted(on_day, reverse=True)[:count]]


def coverage(records: dict[dt.date, Day], on_day: dict[dt.date, list[Paper]]) -> list[Coverage]:
    """One row per day from the first day to the last, the days never fetched included."""
    if not records:
        return []
    first, last = min(records), max(records)
    rows = []
    for n in range((last - first).days + 1):
        date = first + dt.timedelta(days=n)
        day = records.get(date)
        rows.append(Coverage.of(day, len(on_day[date])) if day else Coverage(date, MISSING))
    return rows


# --- Layout ---------------------------------------------------------------------------------

GENERATED_HEADER = """\
# Generated from the paper files and the day ledger by `python -m scraper`: edit the papers,
# not this page.
"""


def generated_front_matter(title: str, extra: dict | None = None) -> str:
    """A listing page's front matter: its title in words, for the browser's tab (a comment
    alone is no front matter to MkDocs, which would show it as a heading). HTML-escaped: the
    theme prints a page's title into the header and <title> as it is."""
    front = dump_yaml({"title": html.escape(title, quote=False), **(extra or {})})
    return f"---\n{GENERATED_HEADER}{front}---\n"


AUTHORS_SHOWN = 3  # on listing rows; a paper page always lists every author
TOP = 30  # papers ranked on a week or month page


def render_day(
    day: Day,
    papers: Sequence[Paper],
    previous: dt.date | None,
    following: dt.date | None,
    link: Linker = urls.link,
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
        body = f"{summary} {data}\n\n{paper_rows(page, papers, link)}"
    else:
        why = " (Daily Papers takes no submissions at weekends)" if day.date.weekday() >= 5 else ""
        body = (
            f"No papers were listed on [Hugging Face Daily Papers]({urls.hf_day(day.date)}) "
            f"for this day{why}.\n"
        )
    return f"{front}\n# {title}\n\n{' · '.join(steps)}\n\n{body}"


Month = tuple[int, int]  # (year, month)
Week = tuple[int, int]  # (ISO year, ISO week)


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
    link: Linker = urls.link,
) -> str:
    """`weeks` are those the archive has pages for, which the calendar links."""
    page = urls.month(*month)
    previous, following = (n and (month_name(n), urls.month(*n)) for n in neighbours)
    links = [previous, ("All months", urls.ARCHIVE), following]
    return _render_period(
        page, month_name(month), "", links, days, top, total, calendar(page, days, weeks), link
    )


def render_week(
    week: Week,
    days: Sequence[Coverage],
    top: Sequence[Paper],
    total: int,
    neighbours: tuple[Week | None, Week | None],
    link: Linker = urls.link,
) -> str:
    monday = dt.date.fromisocalendar(*week, 1)
    sunday = monday + dt.timedelta(days=6)
    span = f"{short_date(monday, sunday)} to {sunday.day} {sunday:%B %Y}. "
    previous, following = (n and (week_name(n), urls.week(*n)) for n in neighbours)
    months = sorted({(row.date.year, row.date.month) for row in days})  # those the archive holds
    links = [previous, *((month_name(m), urls.month(*m)) for m in months), following]
    page = urls.week(*week)
    days_list = [day_line(page, row) for row in days]
    return _render_period(page, week_name(week), span, links, days, top, total, days_list, link)


def _render_period(
    page: str,
    title: str,
    span: str,
    links: Sequence[tuple[str, str] | None],
    days: Sequence[Coverage],
    top: Sequence[Paper],
    total: int,
    days_section: list[str],
    link: Linker = urls.link,
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
            paper_rows(page, top, link),
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


def render_home(
    latest: Day | None,
    papers: Sequence[Paper],
    recent: Sequence[Coverage],
    link: Linker = urls.link,
) -> str:
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
            paper_rows(page, papers, link),
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


def render_coverage(ledger: Sequence[Coverage], papers_in: Mapping[Month, int]) -> str:
    """The coverage ledger: a table by month (`papers_in` a month: each paper once, though
    HF may list it on two days), then every day that is not complete."""
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
        # Four columns, so a phone shows them all: the days of each status as words.
        "| Month | Papers | Days held in full | Other days |",
        "|---|---:|---:|---|",
    ]
    for (year, month), rows in itertools.groupby(
        reversed(ledger), key=lambda row: (row.date.year, row.date.month)
    ):
        rows = list(rows)
        if all(row.status == MISSING for row in rows):
            label = f"{dt.date(year, month, 1):%B %Y}"
        else:
            label = f"[{dt.date(year, month, 1):%B %Y}]({urls.link(page, urls.month(year, month))})"
        counts = {s: sum(row.status == s for row in rows) for s in STATUSES}
        full = counts[COMPLETE] + counts[EMPTY]
        others = ", ".join(f"{counts[s]} {s}" for s in (PARTIAL, FAILED, MISSING) if counts[s])
        held = papers_in.get((year, month), 0)
        cells = [f"{held:,}", f"{full} of {len(rows)}", others or "none"]
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


def _missing_runs(ledger: Sequence[Coverage]) -> list[tuple[dt.date, dt.date]]:
    runs = []
    for missing, rows in itertools.groupby(ledger, key=lambda row: row.status == MISSING):
        if missing:
            rows = list(rows)
            runs.append((rows[0].date, rows[-1].date))
    return list(reversed(runs))


KEYWORDS_SHOWN = 4  # on a card; the paper page lists them all


def first_authors(paper: Paper) -> str:
    """The first authors and how many more ("and 1 more" never: that one is named)."""
    shown = AUTHORS_SHOWN if len(paper.authors) > AUTHORS_SHOWN + 1 else AUTHORS_SHOWN + 1
    more = len(paper.authors) - shown
    names = ", ".join(paper.authors[:shown])
    return names + (f" and {more} more" if more > 0 else "")


def paper_rows(page: str, papers: Iterable[Paper], link: Linker = urls.link) -> str:
    """A numbered card per paper, as an HTML block (Markdown passes it through, cheaply):
    HF's thumbnail (lazy, of a fixed size, none without one), title, first authors and how
    many more, organization, votes, comments, stars, keywords."""
    rows = []
    for paper in papers:
        byline = text(first_authors(paper))
        if paper.organization:
            byline += f" · {text(paper.organization['fullname'])}"
        counts = [f"▲ {paper.upvotes}", plural(paper.comments, "comment")]
        if paper.github_stars is not None:
            counts.append(f"★ {paper.github_stars:,}")
        thumb = (
            f'<img class="paper-thumb" src="{attribute(paper.thumbnail)}" alt="" '
            'loading="lazy" decoding="async" width="160" height="84"> '
            if paper.thumbnail
            else ""
        )
        href = attribute(link(page, urls.paper(paper.id)))
        lines = [f'{thumb}<a href="{href}">{text(paper.title)}</a>']
        if byline:
            lines.append(byline)
        lines.append(" · ".join(counts))
        if paper.ai_keywords:
            keywords = " · ".join(paper.ai_keywords[:KEYWORDS_SHOWN])
            lines.append(f'<span class="paper-keywords">{text(keywords)}</span>')
        rows.append("<li>" + "<br>".join(lines) + "</li>")
    return "<ol>\n" + "\n".join(rows) + "\n</ol>\n"
