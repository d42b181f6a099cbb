"""The Trends page: charts made at build time as inline SVG and HTML, coloured by the theme's
own variables (so both palettes read them), each with its numbers as text for screen readers
and for anyone who would rather read them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from scraper.deriving.organizations import Organization
from scraper.deriving.topics import heading
from scraper.deriving.trends import RECENT, SPARK_MONTHS, Movement, Trends
from scraper.rendering.escaping import text
from scraper.rendering.listings import (
    Linker,
    anchor,
    generated_front_matter,
    heading_tag,
    title_heading,
)
from scraper.rendering.render import plural
from scraper.site import urls

# The months chart, in pixels: a column and its gap to the next, from MIN_STEP to MAX_STEP so
# that it fills WIDTH (a page's text column) where the months fit.
GAP, MIN_STEP, MAX_STEP, WIDTH = 4, 14, 32, 688
PLOT_HEIGHT, AXIS, PAD = 160, 40, 8


def _month_name(month: tuple[int, int], short: bool = False) -> str:
    return dt.date(*month, 1).strftime("%b %Y" if short else "%B %Y")


def _ticks(top: int) -> list[int]:
    """Gridline values from 0 past `top`, at most five, in steps of 1, 2 or 5 times a power of
    ten."""
    step = next(m * 10**e for e in range(12) for m in (1, 2, 5) if top / (m * 10**e) <= 4)
    return list(range(0, -(-top // step) * step + 1, step))


def months_chart(
    months: Sequence[tuple[tuple[int, int], int | None]],
    partial: Mapping[tuple[int, int], tuple[int, int]] | None = None,
) -> str:
    """Papers a month as columns, newest at the right: as wide as a page's text where the months
    fit (a phone scrolls it, starting at the newest), each year and season labelled. A month
    held in `partial` (days held, days in it) is a lighter column, and says so."""
    partial = partial or {}

    def held(month) -> str:
        return " ({} of {} days held)".format(*partial[month]) if month in partial else ""

    top = max((count or 0 for _, count in months), default=0)
    ticks = _ticks(top)
    scale = PLOT_HEIGHT / max(ticks[-1], 1)
    step = max(MIN_STEP, min(MAX_STEP, (WIDTH - AXIS - PAD) // max(1, len(months))))
    bar = step - GAP
    width = len(months) * step + PAD
    height = PLOT_HEIGHT + 34
    # The scale is a chart of its own, beside the columns: where they scroll, it stays.
    scale_parts, parts = [], []
    for value in ticks:
        y = PLOT_HEIGHT - value * scale + 8
        scale_parts.append(
            f'<text x="{AXIS - 4}" y="{y + 4:.1f}" text-anchor="end">{value:,}</text>'
        )
        parts.append(
            f'<line class="trend-grid" x1="0" x2="{width - PAD}" y1="{y:.1f}" y2="{y:.1f}"/>'
        )
    for i, (month, count) in enumerate(months):
        x = i * step + GAP / 2
        if count:
            height_ = count * scale
            lighter = ' class="trend-partial"' if month in partial else ""
            parts.append(
                f'<rect{lighter} x="{x:.1f}" y="{PLOT_HEIGHT - height_ + 8:.1f}" width="{bar}" '
                f'height="{height_:.1f}"><title>{_month_name(month)}: '
                f"{plural(count, 'paper')}{held(month)}</title></rect>"
            )
        # The first month by its name and year; then January by its year, April, July and
        # October by their names (every third month), none within two months of the first.
        if i == 0:
            label = dt.date(*month, 1).strftime("%b %Y")
        elif month[1] in (1, 4, 7, 10) and i > 2:
            label = str(month[0]) if month[1] == 1 else dt.date(*month, 1).strftime("%b")
        else:
            continue
        parts.append(f'<text x="{x:.1f}" y="{PLOT_HEIGHT + 26}">{label}</text>')
    scale_svg = (
        f'<svg class="trend-chart trend-chart__scale" width="{AXIS}" height="{height}" '
        f'viewBox="0 0 {AXIS} {height}" aria-hidden="true">{"".join(scale_parts)}</svg>'
    )
    svg = (
        f'<svg class="trend-chart" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-hidden="true">{"".join(parts)}</svg>'
    )
    rows = "".join(
        f"<tr><td>{_month_name(m)}</td><td>{count:,}{held(m)}</td></tr>"
        for m, count in reversed(months)
        if count is not None
    )
    numbers = (
        '<details class="trend-numbers"><summary>The numbers, newest month first (months not '
        "fetched left out)</summary><table><thead><tr><th>Month</th><th>Papers</th></tr>"
        f"</thead><tbody>{rows}</tbody></table></details>"
    )
    # Focusable, as it may scroll: a keyboard scrolls it too.
    scroller = (
        '<div class="trend-scroll" tabindex="0" role="region" '
        'aria-label="Papers a month, as a chart: the numbers follow">'
    )
    return f'<div class="trend-months">{scale_svg}{scroller}{svg}</div></div>\n{numbers}'


def sparkline(shares: Sequence[float], top: float) -> str:
    width, height = 120, 28
    step = width / max(1, len(shares) - 1)
    points = " ".join(
        f"{i * step:.1f},{height - 2 - share / top * (height - 4):.1f}"
        for i, share in enumerate(shares)
    )
    return (
        f'<svg class="trend-spark" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-hidden="true"><polyline points="{points}"/></svg>'
    )


def movements_table(page: str, found: Sequence[Movement], link: Linker) -> str:
    top = max((share for m in found for share in m.shares), default=0) or 1
    rows = []
    for movement in found:
        topic = movement.topic
        name = anchor(link(page, urls.topic(topic.slug)), heading(topic))
        rows.append(
            f"<tr><td>{name}</td><td>{sparkline(movement.shares, top)}</td>"
            f"<td>{movement.before:.1%} → {movement.after:.1%}</td></tr>"
        )
    return (
        f"<table><thead><tr><th>Topic</th><th>Share, last {SPARK_MONTHS} months</th>"
        f"<th>Share before → last {RECENT} months</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def organizations_table(
    page: str, found: Sequence[Organization], measure: str, link: Linker
) -> str:
    values = [len(o.papers) if measure == "papers" else o.upvotes for o in found]
    top = max(values, default=0) or 1
    rows = "".join(
        f"<tr><td>{anchor(link(page, urls.organization(org.slug)), org.name)}</td>"
        f'<td><span class="trend-bar" style="width: {value / top * 6:.2f}em"></span>'
        f"{value:,}</td></tr>"
        for org, value in zip(found, values, strict=True)
    )
    return (
        f"<table><thead><tr><th>Organization</th><th>{text(measure.capitalize())}</th></tr>"
        f'</thead><tbody class="trend-bars">{rows}</tbody></table>'
    )


def trends_page(trends: Trends, link: Linker = urls.link) -> str:
    page = urls.TRENDS
    coverage = anchor(link(page, urls.COVERAGE), "coverage")
    parts = [
        title_heading("Trends"),
        "<p>How the listing moves, from every paper the archive holds: made again with every "
        "build, so corrections show here too.</p>",
        heading_tag(2, "papers-a-month", "Papers a month"),
        "<p>Papers listed on Hugging Face Daily Papers each month, by the day each was first "
        f"listed; a month the archive has not fetched is left blank, and a lighter column is a "
        f"month it holds only some days of, the month under way too (see {coverage}).</p>",
        months_chart(trends.months, trends.partial) if trends.months else "<p>No papers yet.</p>",
        heading_tag(2, "rising-topics", "Rising topics"),
    ]
    window = (
        f"<p>Topics whose share of the papers grew most in the last {RECENT} months, against "
        f"the {RECENT} months before; each line is its share month by month.</p>"
    )
    if trends.rising:
        parts += [window, movements_table(page, trends.rising, link)]
    else:
        parts.append("<p>Not enough months or papers yet to tell.</p>")
    parts.append(heading_tag(2, "falling-topics", "Falling topics"))
    if trends.falling:
        parts += [
            f"<p>Topics whose share fell most over the same {RECENT} months.</p>",
            movements_table(page, trends.falling, link),
        ]
    else:
        parts.append("<p>Not enough months or papers yet to tell.</p>")
    parts.append(heading_tag(2, "organizations", "Organizations"))
    if trends.by_papers:
        every = anchor(link(page, urls.ORGANIZATIONS), "every organization")
        parts += [
            f"<p>The organizations Hugging Face credits most papers to, and most upvotes; see "
            f"{every}.</p>",
            '<div class="trend-pair">',
            organizations_table(page, trends.by_papers, "papers", link),
            organizations_table(page, trends.by_votes, "upvotes", link),
            "</div>",
        ]
    else:
        parts.append("<p>No paper is credited to an organization yet.</p>")
    about = (
        "How Hugging Face Daily Papers moves: papers a month, the topics rising and falling, "
        "the organizations with most papers and upvotes."
    )
    return generated_front_matter("Trends", description=about) + "\n".join(parts) + "\n"
