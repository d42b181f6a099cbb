"""The command line: `python -m scraper fetch | check | format | index | prepare | search-index |
linkcheck`.

The only module that prints or chooses an exit status: 0 all done, 1 a day or a file failed,
2 a usage error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
from pathlib import Path

from scraper.deriving import search
from scraper.deriving.vectors import vectors
from scraper.errors import ScraperError, UsageError
from scraper.fetching.client import DEFAULT_API_URL, MAX_RETRIES, MIN_INTERVAL, PapersClient
from scraper.records import store, update
from scraper.records.fields import check_file
from scraper.rendering.render import plural, render_paper
from scraper.site import linkcheck, prepare, urls

DEFAULT_WINDOW = 3  # HF fills a day in over several hours, and votes keep moving for days


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    try:
        return args.command(args)
    except UsageError as exc:
        print(f"python -m scraper: error: {exc}", file=sys.stderr)
        return 2
    except ScraperError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m scraper", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    fetch = commands.add_parser("fetch", help="fetch days of Daily Papers into the archive")
    when = fetch.add_mutually_exclusive_group()
    when.add_argument("--date", type=_date, help="one day, YYYY-MM-DD (UTC)")
    when.add_argument("--since", type=_date, help="first day of a range, YYYY-MM-DD")
    when.add_argument(
        "--days",
        type=int,
        default=DEFAULT_WINDOW,
        help=f"the last N UTC days, today included (default: {DEFAULT_WINDOW}), and the days "
        f"due to be read again {' and '.join(map(str, update.SETTLE_AFTER))} days on, as their "
        "votes settle",
    )
    fetch.add_argument("--until", type=_date, help="last day of a --since range (default: today)")
    fetch.add_argument(
        "--citing",
        action="store_true",
        help="read how many models, datasets and Spaces cite each paper of every day fetched "
        "(a request a paper); without it, only papers new to the archive and those of days "
        f"7 and 30 days old, once each, for days up to {update.CITING_WITHIN.days} days old",
    )
    fetch.add_argument(
        "--api-url",
        default=os.environ.get("HF_API_URL") or DEFAULT_API_URL,
        help="API base URL (default: $HF_API_URL, else %(default)s)",
    )
    fetch.add_argument(
        "--max-retries",
        type=int,
        default=MAX_RETRIES,
        help="retries per request on errors, 429 and 5xx (default: %(default)s)",
    )
    fetch.add_argument(
        "--min-interval",
        type=float,
        default=float(os.environ.get("HF_MIN_INTERVAL") or MIN_INTERVAL),
        help="seconds between requests, to stay inside HF's rate limit (default: "
        "$HF_MIN_INTERVAL, else %(default)s; 0 for a local fake API)",
    )
    fetch.set_defaults(command=cmd_fetch)

    check = commands.add_parser("check", help="check paper files the way CI does")
    check.add_argument("paths", nargs="*", type=Path, help="paper files (default: all)")
    check.set_defaults(command=cmd_check)

    fmt = commands.add_parser("format", help="rewrite paper files from their front matter")
    fmt.add_argument("paths", nargs="*", type=Path, help="paper files (default: all)")
    fmt.add_argument(
        "--drop-text",
        action="store_true",
        help="drop text after the front matter (an old page's text) instead of refusing the file",
    )
    fmt.set_defaults(command=cmd_format)

    index = commands.add_parser("index", help="rewrite the listing pages from the paper files")
    index.set_defaults(command=cmd_index)

    prep = commands.add_parser(
        "prepare", help="write the site's complete source, which the engine builds as it is"
    )
    prep.add_argument(
        "--out",
        type=Path,
        default=Path(prepare.PREPARED),
        help="where the prepared tree goes (default: %(default)s, mkdocs.yml's docs_dir)",
    )
    prep.add_argument(
        "--config",
        type=Path,
        default=Path("mkdocs.yml"),
        help="the site's configuration: its address, name and repository (default: %(default)s)",
    )
    prep.set_defaults(command=cmd_prepare)

    search = commands.add_parser("search-index", help="build the search index of every paper")
    search.add_argument(
        "--out",
        type=Path,
        default=Path("site/search-index"),
        help="where the index goes (default: %(default)s)",
    )
    search.set_defaults(command=cmd_search_index)

    links = commands.add_parser("linkcheck", help="check the internal links of a built site")
    links.add_argument("site", nargs="?", type=Path, default=Path("site"))
    links.set_defaults(command=cmd_linkcheck)

    for command in (fetch, check, fmt, index, prep, search):
        command.add_argument(
            "--docs-dir",
            type=Path,
            default=Path("docs"),
            help="the archive's docs folder (default: %(default)s)",
        )
    return parser


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {text!r}") from None


def _dates(args: argparse.Namespace, today: dt.date) -> list[dt.date]:
    if args.date:
        first = last = args.date
    elif args.since:
        first, last = args.since, args.until or today
    else:
        if args.days < 1:
            raise UsageError("--days must be 1 or more")
        first, last = today - dt.timedelta(days=args.days - 1), today
    if args.until and not args.since:
        raise UsageError("--until goes with --since")
    if last > today:
        raise UsageError(f"{last} is in the future (today is {today} UTC); HF has no such day yet")
    if first > last:
        raise UsageError(f"--since {first} comes after --until {last}")
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def cmd_fetch(args: argparse.Namespace) -> int:
    today = dt.datetime.now(dt.UTC).date()
    dates = _dates(args, today)
    if not (args.date or args.since):
        # The scheduled run: the latest days, and the older ones whose votes are due to settle.
        settling = update.settling_days(store.read_ledger(args.docs_dir), today)
        dates = sorted(set(dates) | set(settling))
    several = len(dates) > 1

    def progress(report: update.DayReport) -> None:
        for problem in report.skipped:
            print(f"{report.day}: item skipped: {problem}", file=sys.stderr)
        for problem in report.citing_failed:
            print(f"{report.day}: citing counts kept as they were: {problem}", file=sys.stderr)
        if report.error:
            print(f"{report.day}: failed: {report.error}", file=sys.stderr)
        elif several:
            print(
                f"{report.day}: {report.listed} listed, {report.new} new, "
                f"{report.updated} updated, {report.unchanged} unchanged"
                + (f", {len(report.skipped)} skipped" if report.skipped else "")
            )

    with PapersClient(
        args.api_url, max_retries=args.max_retries, min_interval=args.min_interval
    ) as client:
        reports = update.scrape(client, args.docs_dir, dates, on_day=progress, citing=args.citing)
    done = [r for r in reports if not r.error]
    failed = len(reports) - len(done)
    skipped = sum(len(r.skipped) for r in done)
    empty = sum(1 for r in done if r.listed == 0)
    print(
        f"Fetched {len(done)} of {len(dates)} days ({empty} empty) from {args.api_url}: "
        f"papers {sum(r.new for r in done)} new, {sum(r.updated for r in done)} updated, "
        f"{sum(r.unchanged for r in done)} unchanged; {skipped} malformed items skipped; "
        f"{failed} days failed."
    )
    unread = sum(len(r.citing_failed) for r in done)
    if any(r.citing_read or r.citing_failed for r in done):
        print(
            f"Citing counts read for {sum(r.citing_read for r in done)} papers"
            + (f"; {unread} could not be read and kept theirs." if unread else ".")
        )
    return 1 if failed or skipped else 0


def cmd_check(args: argparse.Namespace) -> int:
    paths = args.paths or store.paper_files(args.docs_dir)
    ledger = args.docs_dir / urls.LEDGER
    # A missing ledger is checked too: read_ledger says whether an archive may lack one.
    if not args.paths:
        paths = [*paths, ledger]
    # Files read before as they are now passed every check then: only the others are read.
    with store.RecordCache(args.docs_dir) as cache:
        problems = [
            problem
            for path in paths
            if not cache.passed(path)
            for problem in check_file(path, args.docs_dir)
        ]
    for problem in problems:
        print(problem, file=sys.stderr)
    papers = sum(path != ledger for path in paths)
    also = " and the day ledger" if ledger in paths else ""
    print(f"Checked {plural(papers, 'paper file')}{also}: {plural(len(problems), 'problem')}.")
    return 1 if problems else 0


def cmd_format(args: argparse.Namespace) -> int:
    paths = args.paths or store.paper_files(args.docs_dir)
    changed, kept = 0, 0
    for path in paths:
        text = path.read_text(encoding="utf-8")
        paper, body = store.parse_paper(text, str(path))
        if body.strip():
            # A file is its fields alone: rewriting it drops the text, so only when asked.
            line = store.body_line(text, body)
            lines = sum(1 for row in body.splitlines() if row.strip())
            if not args.drop_text:
                print(
                    f"{path}:{line}: {plural(lines, 'line')} of text after the front matter, "
                    "left as they are: move them to an issue (or run format --drop-text)",
                    file=sys.stderr,
                )
                kept += 1
                continue
            print(f"{path}:{line}: dropped {plural(lines, 'line')} of text after the front matter")
        if store.write_text(path, render_paper(paper)) != "unchanged":
            changed += 1
            print(f"formatted {path}")
    left = f"; {plural(kept, 'file')} left alone" if kept else ""
    print(f"Formatted {plural(len(paths), 'paper file')}: {changed} changed{left}.")
    return 1 if kept else 0


def cmd_index(args: argparse.Namespace) -> int:
    with store.locked(args.docs_dir):
        papers, days = store.load_archive(args.docs_dir)
        changed = update.write_listings(args.docs_dir, papers.values(), days)
    print(f"Indexed {len(papers)} papers over {len(days)} days: {changed} listing pages changed.")
    return 0


def cmd_prepare(args: argparse.Namespace) -> int:
    config = prepare.read_config(args.config) if args.config.is_file() else prepare.SiteConfig()
    derived = prepare.prepare(args.docs_dir, args.out, config)
    print(
        f"Prepared {len(derived.papers):,} papers over {len(derived.days):,} days, "
        f"{len(derived.topics):,} topics and {len(derived.organizations):,} organizations in "
        f"{args.out} (embedded {derived.embedded:,})."
    )
    return 0


def cmd_search_index(args: argparse.Namespace) -> int:
    papers, _ = store.load_archive(args.docs_dir)
    # Reads the cache, never writes it: the site's build, beside it, keeps it.
    found = vectors(papers.values(), args.docs_dir, write=False)
    count = search.build_index(papers.values(), args.out, found)
    print(f"Indexed {count:,} papers for search in {args.out}.")
    return 0


def cmd_linkcheck(args: argparse.Namespace) -> int:
    if not (args.site / "index.html").is_file():
        raise ScraperError(f"{args.site}: no built site here (run `mkdocs build` first)")
    broken = list(linkcheck.broken_links(args.site))
    for problem in broken:
        print(f"broken link: {problem}", file=sys.stderr)
    pages = sum(1 for _ in args.site.rglob("*.html"))
    print(f"Checked the links of {pages} pages in {args.site}: {len(broken)} broken.")
    return 1 if broken else 0
