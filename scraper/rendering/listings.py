"""The listing pages (day, week, month, home, archive, coverage), derived from the paper
records and the day ledger, and laid out as Markdown.

Listings are never edited by hand: the scraper writes them after a fetch, and the MkDocs hook
derives them again at build time, so a correction to one paper file shows everywhere.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence

from scraper.deriving.organizations import slug_of
from scraper.records.frontmatter import dump_yaml
from scraper.records.model import (
    COMPLETE,
    EMPTY,
    FAILED,
    MISSING,
    PARTIAL,
    STATUSES,
    Coverage,
    Day,
    Paper,
)
from scraper.rendering import formats
from scraper.rendering.escaping import attribute, text
from scraper.rendering.render import long_date, plural, short_date, votes_as_of
from scraper.site import urls

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
    return dict(listing_files(papers, days, related, link))


def listing_files(
    papers: Iterable[Paper],
    days: Iterable[Day],
    related: Mapping[str, Sequence[str]] | None = None,
    link: Linker = urls.link,
) -> Iterator[tuple[str, str]]:
    """listing_pages' files one at a time, as (docs-relative path, text): a build writes each
    as it comes rather than hold them all (a quarter of a gigabyte at 50,000 papers)."""
    on_day = papers_by_day(papers)
    # A day the scraper fetched keeps its record even when empty; a day known only from a
    # paper file (added by hand) gets one from its papers.
    records = {day.date: day for day in days}
    for date, listed in on_day.items():
        records.setdefault(date, Day(date, len(listed)))
    ordered = sorted(records)
    ledger = coverage(records, on_day)
    by_date = {row.date: row for row in ledger}

    for i, date in enumerate(ordered):
        previous = ordered[i - 1] if i > 0 else None
        following = ordered[i + 1] if i + 1 < len(ordered) else None
        ranked = by_votes(on_day[date])
        yield urls.day(date), render_day(records[date], ranked, previous, following, link)
        if ranked:
            yield urls.day_bibtex(date), "\n".join(formats.bibtex(p) for p in ranked)
            yield urls.day_json(date), formats.day_json(records[date], ranked, related)

    months = []
    by_week = _periods(ordered, lambda d: tuple(d.isocalendar()[:2]))
    weeks = {week for week, _ in by_week}
    by_month = _periods(ordered, lambda d: (d.year, d.month))
    for i, (month, dates) in enumerate(by_month):
        in_month = {p.id: p for d in dates for p in on_day[d]}
        top = by_votes(in_month.values())[:TOP]
        rows = [by_date[d] for d in dates]
        neighbours = _neighbours(by_month, i)
        yield (
            urls.month(*month),
            render_month(month, rows, top, len(in_month), neighbours, weeks, link),
        )
        months.append((*month, len(dates), len(in_month)))

    for i, (week, dates) in enumerate(by_week):
        in_week = {p.id: p for d in dates for p in on_day[d]}
        rows = [by_date[d] for d in dates]
        neighbours = _neighbours(by_week, i)
        ranked = by_votes(in_week.values())
        yield urls.week(*week), render_week(week, rows, ranked, neighbours, link)

    with_papers = [d for d in ordered if on_day[d]]
    latest = records[with_papers[-1]] if with_papers else None
    recent = [by_date[d] for d in reversed(ordered[-RECENT_DAYS:])]
    yield (
        urls.HOME,
        render_home(latest, by_votes(on_day[latest.date]) if latest else [], recent, link),
    )
    yield urls.ARCHIVE, render_archive(list(reversed(months)), link)
    yield urls.COVERAGE, render_coverage(ledger, {(y, m): held for y, m, _, held in months}, link)
    yield urls.COVERAGE_JSON, formats.coverage_json(ledger)


def last_changed(
    papers: Iterable[Paper], days: Iterable[Day], edited: Mapping[str, str] | None = None
) -> dict[str, str]:
    """When each derived page and paper page last changed (YYYY-MM-DD, for the sitemap's
    `lastmod`): the last fetch that changed one of its days, or the last commit of a paper's
    file (`edited`, by id: a contributor's correction), which shows on its page and its days'."""
    fetched = {day.date: day.fetched[:10] for day in days if day.fetched}
    edited = edited or {}
    changed: dict[str, str] = {}

    def note(page: str, stamp: str) -> None:
        if stamp > changed.get(page, ""):
            changed[page] = stamp

    def note_days(dates: Iterable[dt.date], stamp: str) -> None:
        for date in dates:
            note(urls.day(date), stamp)
            note(urls.week_of(date), stamp)
            note(urls.month(date.year, date.month), stamp)

    for date, stamp in fetched.items():
        note_days([date], stamp)
    for paper in papers:
        for date in paper.days:
            if date in fetched:
                note(urls.paper(paper.id), fetched[date])
        if paper.id in edited:
            note(urls.paper(paper.id), edited[paper.id])
            note_days(paper.days, edited[paper.id])
    if not fetched:
        return changed
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
# Pages are written as HTML under front matter (`markup: html`): GitHub shows the copies kept in
# docs/ as they are, and an engine's Markdown passes them through unchanged (or, with
# hooks/html_pages.py, skips them). Every value is escaped here.

GENERATED_HEADER = """\
# Generated from the paper files and the day ledger by `python -m scraper`: edit the papers,
# not this page.
"""


def generated_front_matter(title: str, html: bool = True, **meta: str | list[str]) -> str:
    """A listing page's front matter: its title in words, for the browser's tab (a comment
    alone is no front matter to MkDocs, which would show it as a heading). HTML-escaped: the
    theme prints a page's title into the header and <title> as it is. `html`: the page is
    HTML alone (`markup: html`), which the engine may pass over Markdown. `meta`: more of what
    the templates read (`description`, a page's own `feed` and `feed_title`, what it `hide`s)."""
    settings = {"title": text(title), **({"markup": "html"} if html else {}), **meta}
    return f"---\n{GENERATED_HEADER}{dump_yaml(settings)}---\n"


def slug(words: str) -> str:
    """A heading's id as Python-Markdown's table of contents makes one ("Top 30 by upvotes"
    is top-30-by-upvotes), so links to a part of a page keep working."""
    return re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", words).strip().lower())


def markdown_heading(level: int, inner: str) -> str:
    """A heading in Markdown, for the pages in the nav, whose table of contents Material shows
    beside them; `inner` is HTML (escaped text, links), which Markdown keeps as it is."""
    return f"{'#' * level} {inner}"


def anchor(href: str, label: str) -> str:
    """A link; `label` is text, `href` an address made here or validated."""
    return f'<a href="{attribute(href)}">{text(label)}</a>'


def heading_tag(level: int, ident: str, inner: str) -> str:
    return f'<h{level} id="{ident}">{inner}</h{level}>'


def title_heading(title: str) -> str:
    """A generated page's one top heading, the skip link's target."""
    return heading_tag(1, "title", text(title))


def items(rows: Iterable[str], tag: str = "ul") -> str:
    return f"<{tag}>\n" + "".join(f"<li>{row}</li>\n" for row in rows) + f"</{tag}>"


AUTHORS_SHOWN = 3  # on listing rows; a paper page names twenty before it folds the rest
TOP = 30  # papers ranked on a week or month page
HF_PAPERS = "https://huggingface.co/papers"


def render_day(
    day: Day,
    papers: Sequence[Paper],
    previous: dt.date | None,
    following: dt.date | None,
    link: Linker = urls.link,
) -> str:
    page = urls.day(day.date)
    title = f"Papers of {long_date(day.date)}"
    steps = []
    if previous:
        steps.append(
            anchor(link(page, urls.day(previous)), f"←\u00a0{short_date(previous, day.date)}")
        )
    week = day.date.isocalendar().week
    steps.append(anchor(link(page, urls.week_of(day.date)), f"Week {week}"))
    month = urls.month(day.date.year, day.date.month)
    steps.append(anchor(link(page, month), f"{day.date:%B %Y}"))
    if following:
        steps.append(
            anchor(link(page, urls.day(following)), f"{short_date(following, day.date)}\u00a0→")
        )
    around = [d and d.toordinal() for d in (previous, day.date, following)]
    hf = anchor(urls.hf_day(day.date), "Hugging Face Daily Papers")
    if day.error and not papers:
        body = f"<p>Fetching this day from {hf} failed; the next scheduled run tries again.</p>"
    elif papers:
        summary = (
            f"{plural(len(papers), 'paper')} listed on {hf}, most upvoted first"
            f"{text(votes_as_of([day.votes_as_of]))}.{summaries_note(papers)}"
        )
        tools = day_tools(page, day.date, papers, link)
        body = f'<p class="listing-note">{summary}</p>\n{tools}\n{paper_rows(page, papers, link)}'
    else:
        why = " (Daily Papers takes no submissions at weekends)" if day.date.weekday() >= 5 else ""
        body = f"<p>No papers were listed on {hf} for this day{why}.</p>"
    parts = [title_heading(title), _steps(steps, nearest("days", around, 1)), body]
    return generated_front_matter(title) + "\n".join(parts).rstrip("\n") + "\n"


def day_tools(page: str, date: dt.date, papers: Sequence[Paper], link: Linker) -> str:
    """Above a day's cards: the code filter, the day's downloads and its copy button. On one
    line: on a phone, a sentence about the downloads in the intro put the first card two lines
    further down. The button is in the page, as the filter is, so nothing moves when
    archive.js wires it."""
    data = (
        f"<p>Download {anchor(link(page, urls.day_bibtex(date)), 'BibTeX')}"
        f" · {anchor(link(page, urls.day_json(date)), 'JSON')} "
        '<button type="button" class="md-button archive-copy">Copy all as BibTeX</button></p>'
    )
    return f'<div class="listing-tools">\n{code_filter(papers)}\n{data}\n</div>'


def _steps(steps: Sequence[str], note: str) -> str:
    """The links to the periods before, around and after a page's, under its title. They and
    the page's notes are in small print on a phone (extra.css), where they put the first card
    half a screen down."""
    return f'<p class="listing-steps">{" · ".join(steps)}{note}</p>'


def nearest(kind: str, around: Sequence[int | None], step: int) -> str:
    """After the links to the periods before and after a page's: where the archive lacks those
    right beside it (the committed archive holds five days of years), the links skip them, and
    say so. `around`: the previous period's, the page's and the next one's positions, `step`
    apart when they are neighbours; None where there is none."""
    before, here, after = around
    skips = (before is not None and here - before > step) or (
        after is not None and after - here > step
    )
    return f" (the nearest {kind} the archive holds)" if skips else ""


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
    days_section = heading_tag(2, "days", "Days") + "\n" + calendar(page, days, weeks, link)
    around = [n and n[0] * 12 + n[1] for n in (neighbours[0], month, neighbours[1])]
    return _render_period(
        page,
        month_name(month),
        "",
        links,
        days,
        top,
        total,
        days_section,
        link,
        note=nearest("months", around, 1),
    )


def render_week(
    week: Week,
    days: Sequence[Coverage],
    ranked: Sequence[Paper],
    neighbours: tuple[Week | None, Week | None],
    link: Linker = urls.link,
) -> str:
    """Every paper of the week, most upvoted first, as Hugging Face's week shows them: the top
    TOP as cards with their image, the rest a line each. Its days fit in one line above them."""
    monday = dt.date.fromisocalendar(*week, 1)
    sunday = monday + dt.timedelta(days=6)
    span = f"{short_date(monday, sunday)} to {sunday.day} {sunday:%B %Y}. "
    previous, following = (n and (week_name(n), urls.week(*n)) for n in neighbours)
    months = sorted({(row.date.year, row.date.month) for row in days})  # those the archive holds
    links = [previous, *((month_name(m), urls.month(*m)) for m in months), following]
    page = urls.week(*week)
    days_list = " · ".join(day_line(page, row, link, short=True) for row in days)
    days_list = f'<p id="days">Days: {days_list}</p>'
    top, rest = ranked[:TOP], ranked[TOP:]
    around = [n and dt.date.fromisocalendar(*n, 1).toordinal() for n in neighbours]
    around.insert(1, monday.toordinal())
    return _render_period(
        page,
        week_name(week),
        span,
        links,
        days,
        top,
        len(ranked),
        days_list,
        link,
        rest,
        note=nearest("weeks", around, 7),
    )


def _render_period(
    page: str,
    title: str,
    span: str,
    links: Sequence[tuple[str, str] | None],
    days: Sequence[Coverage],
    top: Sequence[Paper],
    total: int,
    days_section: str,
    link: Linker = urls.link,
    rest: Sequence[Paper] = (),
    note: str = "",
) -> str:
    """A week or a month: links to the periods around it, its days, then its papers ranked by
    upvotes: the `top` as cards, the `rest` (if given) a line each. `links` holds the previous
    period, the periods above it, and the next one; `days_section` lists the days (`#days`)."""
    previous, *above, following = links
    steps = [anchor(link(page, target), label) for label, target in above]
    if previous:
        steps.insert(0, anchor(link(page, previous[1]), f"←\u00a0{previous[0]}"))
    if following:
        steps.append(anchor(link(page, following[1]), f"{following[0]}\u00a0→"))
    parts = [
        title_heading(title),
        _steps(steps, note),
        f'<p class="listing-note">{text(span)}{plural(total, "paper")} over '
        f"{plural(len(days), 'day')}.</p>",
        days_section,
    ]
    if top:
        shown = "" if len(top) == total else f" {len(top)}"
        parts += [
            heading_tag(2, slug(f"Top{shown} by upvotes"), f"Top{shown} by upvotes"),
            f'<p class="listing-note">Most upvoted first'
            f"{text(votes_as_of(row.votes_as_of for row in days))}.{summaries_note(top)}</p>",
            code_filter([*top, *rest]),
            paper_rows(page, top, link),
        ]
        if rest:
            others = "The other paper" if len(rest) == 1 else f"The other {len(rest):,} papers"
            parts += [heading_tag(2, slug(others), others), paper_lines(page, rest, link)]
        elif len(top) < total:
            parts.append(
                f"<p>Every other paper is on its day's page: see {anchor('#days', 'the days')}.</p>"
            )
    return generated_front_matter(title) + "\n".join(parts).rstrip("\n") + "\n"


WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_RIGHT = ' style="text-align: right;"'


def calendar(
    page: str, days: Sequence[Coverage], weeks: Collection[Week], link: Linker = urls.link
) -> str:
    """A month's days as a calendar table, a row a week: each day the archive holds links its
    page and says how many papers it has, each week it holds links its page."""
    held = {row.date: row for row in days}
    first = min(held).replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    head = "<th>Week</th>" + "".join(f"<th{_RIGHT}>{day}</th>" for day in WEEKDAYS)
    rows = []
    monday = first - dt.timedelta(days=first.weekday())
    while monday < following:
        year, week, _ = monday.isocalendar()
        number = str(week)
        cells = [
            anchor(link(page, urls.week(year, week)), number) if (year, week) in weeks else number
        ]
        for offset in range(7):
            date = monday + dt.timedelta(days=offset)
            row = held.get(date)
            if date.month != first.month:
                cells.append("")
            elif row is None or row.status == MISSING:
                cells.append(f'<span class="calendar-unfetched">{date.day}</span>')
            else:
                what = {FAILED: "failed", EMPTY: "none"}.get(row.status, str(row.held))
                count = f'<span class="calendar-count">{what}</span>'
                cells.append(f"{anchor(link(page, urls.day(date)), str(date.day))}<br>{count}")
        first_cell, *day_cells = cells
        rows.append(
            f"<tr><td>{first_cell}</td>"
            + "".join(f"<td{_RIGHT}>{c}</td>" for c in day_cells)
            + "</tr>"
        )
        monday += dt.timedelta(days=7)
    legend = (
        '<p class="calendar-legend">Under each day the archive holds, its number of papers '
        '<span class="calendar-legend__sample">(<span class="calendar-count">none</span>:</span> '
        "Hugging Face listed none); "
        '<span class="calendar-unfetched">grey</span> days are not fetched yet.</p>'
    )
    return (
        f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n"
        + "\n".join(rows)
        + f"\n</tbody>\n</table>\n{legend}"
    )


def day_line(page: str, row: Coverage, link: Linker = urls.link, short: bool = False) -> str:
    """One day linked, with what the archive holds of it; `short`, by its weekday and day of
    the month alone (in a week, whose dates are said beside it)."""
    notes = {
        EMPTY: "no papers",
        FAILED: "fetching failed; the next run tries again",
        PARTIAL: f"{row.held} of the {row.listed} HF listed",
    }
    what = notes.get(row.status, plural(row.held, "paper"))
    date = f"{row.date:%a} {row.date.day}" if short else long_date(row.date)
    return f"{anchor(link(page, urls.day(row.date)), date)}: {what}"


def render_home(
    latest: Day | None,
    papers: Sequence[Paper],
    recent: Sequence[Coverage],
    link: Linker = urls.link,
) -> str:
    page = urls.HOME
    title = "Hugging Face Daily Papers, archived"
    parts = [
        markdown_heading(1, text(title)),
        f"<p>Every paper listed on {anchor(HF_PAPERS, 'Hugging Face Daily Papers')}, one page "
        "each, at the same path as on Hugging Face. "
        f"{anchor(link(page, urls.ARCHIVE), 'Browse every month')} · "
        f"{anchor(link(page, 'about.md'), 'About this archive')}</p>",
    ]
    if latest is None:
        parts.append(
            "<p>The archive is empty: run <code>python -m scraper fetch</code> to add days.</p>"
        )
    else:
        week = latest.date.isocalendar().week
        month = urls.month(latest.date.year, latest.date.month)
        parts += [
            markdown_heading(
                2, f"Latest: {anchor(link(page, urls.day(latest.date)), long_date(latest.date))}"
            ),
            f'<p class="listing-note">Most upvoted first'
            f"{text(votes_as_of([latest.votes_as_of]))}. "
            f"The top papers of {anchor(link(page, urls.week_of(latest.date)), f'week {week}')} "
            f"and of {anchor(link(page, month), f'{latest.date:%B %Y}')} are on their own "
            f"pages.{summaries_note(papers)}</p>",
            day_tools(page, latest.date, papers, link),
            paper_rows(page, papers, link),
        ]
    if recent:
        parts += [
            markdown_heading(2, "Recent days"),
            items(day_line(page, row, link) for row in recent),
            f"<p>{anchor(link(page, urls.COVERAGE), 'Which days the archive holds')}</p>",
        ]
    # No table of contents: its column would leave the cards two a row where day pages have three.
    page_matter = generated_front_matter(title, html=False, hide=["toc"])
    return page_matter + "\n\n".join(parts).rstrip("\n") + "\n"


def render_archive(months: Sequence[tuple[int, int, int, int]], link: Linker = urls.link) -> str:
    """`months` holds (year, month, days, papers), newest first."""
    page = urls.ARCHIVE
    parts = [
        markdown_heading(1, "Archive"),
        "<p>Every month of the archive; each month page lists its days and its most upvoted "
        "papers.</p>",
    ]
    for year, rows in itertools.groupby(months, key=lambda row: row[0]):
        parts.append(markdown_heading(2, str(year)))
        parts.append(
            items(
                f"{anchor(link(page, urls.month(y, m)), f'{dt.date(y, m, 1):%B}')}: "
                f"{plural(n_papers, 'paper')} over {plural(n_days, 'day')}"
                for y, m, n_days, n_papers in rows
            )
        )
    if not months:
        parts.append("<p>No days yet.</p>")
    return generated_front_matter("Archive", html=False) + "\n\n".join(parts) + "\n"


def render_coverage(
    ledger: Sequence[Coverage], papers_in: Mapping[Month, int], link: Linker = urls.link
) -> str:
    """The coverage ledger: a table by month (`papers_in` a month: each paper once, though
    HF may list it on two days), then every day that is not complete."""
    page = urls.COVERAGE
    parts = [
        markdown_heading(1, "Coverage"),
        "<p>Which days of Hugging Face Daily Papers the archive holds. A day is "
        "<em>complete</em> when the archive holds every paper HF listed, <em>empty</em> when HF "
        "listed none (weekends), <em>partial</em> when some could not be read, <em>failed</em> "
        "when every fetch so far failed, and <em>missing</em> when it was never fetched. The "
        "scheduled scrape re-reads the last days several times a day, and each day again 7 and "
        "30 days on, as its votes settle. The same data, one record per day: "
        f"{anchor(link(page, urls.COVERAGE_JSON), 'coverage.json')}.</p>",
    ]
    if not ledger:
        parts.append("<p>No days yet.</p>")
        return generated_front_matter("Coverage", html=False) + "\n\n".join(parts) + "\n"
    counts = {s: sum(row.status == s for row in ledger) for s in STATUSES}
    parts.append(
        f"<p>{plural(len(ledger), 'day')} from {long_date(ledger[0].date)} to "
        f"{long_date(ledger[-1].date)}: "
        + ", ".join(f"{n:,} {s}" for s, n in counts.items())
        + ".</p>"
    )
    # Four columns, so a phone shows them all: the days of each status as words.
    rows = []
    for (year, month), in_month in itertools.groupby(
        reversed(ledger), key=lambda row: (row.date.year, row.date.month)
    ):
        in_month = list(in_month)
        name = f"{dt.date(year, month, 1):%B %Y}"
        if all(row.status == MISSING for row in in_month):
            label = name
        else:
            label = anchor(link(page, urls.month(year, month)), name)
        counts = {s: sum(row.status == s for row in in_month) for s in STATUSES}
        full = counts[COMPLETE] + counts[EMPTY]
        others = ", ".join(f"{counts[s]} {s}" for s in (PARTIAL, FAILED, MISSING) if counts[s])
        held = papers_in.get((year, month), 0)
        rows.append(
            f"<tr><td>{label}</td><td{_RIGHT}>{held:,}</td>"
            f"<td{_RIGHT}>{full} of {len(in_month)}</td><td>{others or 'none'}</td></tr>"
        )
    parts += [
        markdown_heading(2, "By month"),
        "<table>\n<thead><tr><th>Month</th>"
        f"<th{_RIGHT}>Papers</th><th{_RIGHT}>Days held in full</th><th>Other days</th>"
        "</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>",
        markdown_heading(2, "Days to look at"),
    ]
    attention = [
        day_line(page, row, link) for row in reversed(ledger) if row.status in (PARTIAL, FAILED)
    ]
    for start, end in _missing_runs(ledger):
        span = long_date(start) if start == end else f"{long_date(start)} to {long_date(end)}"
        attention.append(f"{span}: never fetched ({plural((end - start).days + 1, 'day')})")
    if attention:
        parts.append(items(attention))
    else:
        parts.append("<p>None: every day from the first to the last was fetched completely.</p>")
    return generated_front_matter("Coverage", html=False) + "\n\n".join(parts) + "\n"


def _missing_runs(ledger: Sequence[Coverage]) -> list[tuple[dt.date, dt.date]]:
    runs = []
    for missing, rows in itertools.groupby(ledger, key=lambda row: row.status == MISSING):
        if missing:
            rows = list(rows)
            runs.append((rows[0].date, rows[-1].date))
    return list(reversed(runs))


def summaries_note(papers: Iterable[Paper]) -> str:
    """Said once above cards that carry HF's AI summaries, as the paper page says it above one."""
    if any(paper.ai_summary for paper in papers):
        return " The cards' summaries are AI-generated, from Hugging Face."
    return ""


def first_authors(paper: Paper) -> str:
    """The first authors and how many more ("and 1 more" never: that one is named)."""
    shown = AUTHORS_SHOWN if len(paper.authors) > AUTHORS_SHOWN + 1 else AUTHORS_SHOWN + 1
    more = len(paper.authors) - shown
    names = ", ".join(paper.authors[:shown])
    return names + (f" and {more} more" if more > 0 else "")


def _organization(page: str, paper: Paper, link: Linker) -> str:
    """The organization's name, linked to its page: on the site, not in the listings' copies
    kept in docs/ (linked by `urls.link`), beside which no organization page exists."""
    name = paper.organization["fullname"]
    if link is urls.link:
        return text(name)
    return anchor(link(page, urls.organization(slug_of(paper))), name)


def code_filter(papers: Sequence[Paper], on_this_page: bool = False) -> str:
    """The "Only papers with code" box above a page's cards. archive.js makes it work on every
    card of the page; it is in the page, not added by the script, so the cards never move.
    `on_this_page`: a page of several, whose count is not the whole list's."""
    with_code = sum(1 for paper in papers if paper.github)
    of = f"the {len(papers)} on this page" if on_this_page else f"{len(papers)}"
    return (
        '<div class="paper-filter"><label><input type="checkbox"> Only papers with code '
        f"({with_code} of {of})</label></div>"
    )


def paper_rows(
    page: str,
    papers: Iterable[Paper],
    link: Linker = urls.link,
    compact: bool = False,
    organization: bool = True,
    dated: bool = False,
) -> str:
    """A grid of cards, led by HF's thumbnail where there is one (lazy, its box sized before it
    loads; archive.js removes one that fails), then the title (its link covers the card), the
    first authors and how many more, the organization, the counts and HF's AI summary (the
    page says whose it is: `summaries_note`). A paper with a code repository says so
    (`data-code`) for the "with code" filter. `compact` cards (topic pages: 100 a page, 954
    pages at 50,000 papers) go without image and summary;
    an organization's own page leaves out its name (`organization`); `dated` cards (under a
    month's heading) say their day before their counts."""
    cards = []
    for paper in papers:
        parts = []
        if paper.thumbnail and not compact:
            # Lazy, the first row's too: on a phone a card's image is a small side picture, and
            # loaded at once the first row's took bandwidth from what the page needs to show its
            # text (Lighthouse mobile on a day: 85 with them eager, 99 lazy; on a desktop, whose
            # largest paint is the first image, 100 and 99).
            parts.append(
                f'<img class="paper-card__image" src="{attribute(paper.thumbnail)}" alt="" '
                'loading="lazy" decoding="async" width="320" height="168">'
            )
        parts.append(
            f'<a class="paper-card__title" href="{attribute(link(page, urls.paper(paper.id)))}">'
            f"{text(paper.title)}</a>"
        )
        if paper.authors:
            parts.append(f'<span class="paper-card__authors">{text(first_authors(paper))}</span>')
        if paper.organization and organization:
            parts.append(f'<span class="paper-card__org">{_organization(page, paper, link)}</span>')
        # A no-break space: a sign never ends a line without its number ("· ★" / "445").
        counts = [f"▲\u00a0{paper.upvotes}"]
        if dated:
            latest = max(paper.days)
            counts.insert(0, f"{latest.day} {latest:%B}")
        if paper.comments:
            counts.append(plural(paper.comments, "comment"))
        if paper.github_stars is not None:
            counts.append(f"★\u00a0{paper.github_stars:,}")
        elif paper.github:  # its code's stars not known yet: the filter still keeps it
            counts.append("code")
        models = (paper.citing or {}).get("models")
        if models:  # what HF's own listing lacks: models that already build on it
            counts.append(plural(models, "model"))
        parts.append(f'<span class="paper-card__counts">{" · ".join(counts)}</span>')
        if paper.ai_summary and not compact:
            parts.append(f'<span class="paper-card__summary">{text(paper.ai_summary)}</span>')
        code = " data-code" if paper.github else ""
        cards.append(f'<li class="paper-card"{code}>{"".join(parts)}</li>')
    return '<ol class="paper-cards">\n' + "\n".join(cards) + "\n</ol>"


def paper_lines(page: str, papers: Iterable[Paper], link: Linker = urls.link) -> str:
    """Papers a line each, for the long tail of a week: the title, its upvotes, its first
    author and whether it has code (`data-code`, as on cards, for the "with code" filter)."""
    lines = []
    for paper in papers:
        facts = [f"▲\u00a0{paper.upvotes}"]
        if paper.authors:
            facts.append(paper.authors[0] + (" et al." if len(paper.authors) > 1 else ""))
        if paper.github:
            facts.append("code")
        code = " data-code" if paper.github else ""
        lines.append(
            f'<li{code}><a href="{attribute(link(page, urls.paper(paper.id)))}">'
            f"{text(paper.title)}</a> <small>{text(' · '.join(facts))}</small></li>"
        )
    return '<ol class="paper-cards paper-lines">\n' + "\n".join(lines) + "\n</ol>"
