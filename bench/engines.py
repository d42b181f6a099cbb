"""Engine benchmark: the same prepared tree built by MkDocs (the project's .venv, its hooks on,
as scripts/build builds it) and by Zensical (its own .venv-zensical, made here when missing;
it reads mkdocs.yml but runs no hooks), printed as tables: wall and CPU time, peak memory of
the engine's own process, HTML pages by type, the files the site needs, broken links, and what
differs from the MkDocs site to a reader (bench/compare_sites.py).

    python bench/engines.py [N ...] [--show 3] [--zensical-version 0.0.73]

No N: the committed archive (docs/). Each N: an archive of N papers made by bench.generate.
Zensical is 0.0.73, the newest release the registry installs (see ZENSICAL below).
Everything a run writes stays in bench/out/engines-<docs|N>/ (prepared/, site-mkdocs/,
site-zensical/, the configs, the engines' output) to look at.

Zensical has no --site-dir: it builds into the site_dir of a copy of mkdocs.yml written beside
the prepared tree. When it refuses one of our templates (overrides/), the error is recorded and
the build is tried again on a copy of overrides/ with the smallest fix for that template (FIXES
below), one fix per refusal, so the report lists each error Zensical raised and the fix each
needed; overrides/ itself is never touched.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from compare_sites import compare  # noqa: E402

from bench import generate, our_config, print_table  # noqa: E402
from scraper.site.linkcheck import broken_links  # noqa: E402

VENV = REPO / ".venv-zensical"
# The newest release the registry can install: 0.0.74 and later require zensical-ui (==0.0.41,
# ==0.0.43 for 0.1.3), which the registry does not have, so they do not install.
ZENSICAL = "0.0.73"

# Template fixes, by the template Zensical names in its error: (what to find, what to put
# instead, why). With them MkDocs builds the same site, byte for byte (checked by each run).
FIXES = {
    # MkDocs gives the sitemap `pages` as files (file.page is the page); Zensical gives the
    # pages themselves, and an attribute of an undefined value is an error in its Jinja
    # (minijinja): wrap a page as a file.
    "sitemap.xml": (
        "{%- for file in pages -%}\n",
        "{%- for file in pages -%}\n"
        "    {%- set file = {'page': file} if file.page is not defined else file -%}\n",
        "Zensical's `pages` are pages, not files with a .page",
    ),
    # Included from nav-item.html's macro, the partial does not see base.html's `lang`:
    # Material's own partials/toc.html imports it itself.
    "partials/toc.html": (
        '{% set title = lang.t("toc") %}',
        '{%- import "partials/language.html" as lang with context %}\n'
        '{% set title = lang.t("toc") %}',
        "import `lang` in the partial, as Material's own toc.html does",
    ),
}
ANSI = re.compile(r"\x1b\[[0-9;]*m")
ENV = {
    "NO_MKDOCS_2_WARNING": "1",
    "NO_COLOR": "1",
    "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
    # As the deploy builds: edit and history links, and the repository's link.
    "REPO_URL": "https://github.com/example/hf-papers-archive",
    "EDIT_URI": "edit/main/docs/",
}
PAGE_TYPES = (
    ("day", re.compile(r"papers/date/[^/]+/index\.html")),
    ("week", re.compile(r"papers/week/[^/]+/index\.html")),
    ("month", re.compile(r"papers/month/[^/]+/index\.html")),
    ("paper", re.compile(r"papers/[^/]+/index\.html")),
    ("topic", re.compile(r"topics/[^/]+/index\.html")),
    ("topic 2+", re.compile(r"topics/[^/]+/page/[^/]+/index\.html")),  # a long topic's pages
    ("nav", re.compile(r"(index|(archive|topics|coverage|search|about)/index)\.html")),
    ("404", re.compile(r"404\.html")),
)
NAV_PAGES = (
    "index.html",
    *(f"{p}/index.html" for p in "archive topics coverage search about".split()),
)


def zensical_venv(version: str) -> Path:
    """.venv-zensical with Zensical `version` (made or remade when it holds another)."""
    stamp = VENV / ".installed"
    if not stamp.is_file() or stamp.read_text().strip() != version:
        print(f"Setting up {VENV.name} (Zensical {version})…", flush=True)
        if not (VENV / "bin/python").exists():
            subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
            (VENV / ".gitignore").write_text("*\n")  # as venv does from Python 3.13
        subprocess.run(
            [
                str(VENV / "bin/python"),
                *("-m", "pip", "install", "--quiet", "--disable-pip-version-check"),
                f"zensical=={version}",
            ],
            check=True,
        )
        stamp.write_text(version + "\n")
    return VENV / "bin/zensical"


def timed(command: list, cwd: Path, log: Path) -> tuple[int, float, float, int]:
    """Exit code, wall and CPU seconds, and peak resident memory (bytes) of one command, waited
    for with wait4 (the engine's own process, started without a shell); its output goes to
    `log` (a file, not a pipe: a chatty engine would fill a pipe and stall)."""
    with log.open("wb") as out:
        start = time.perf_counter()
        process = subprocess.Popen(
            [str(c) for c in command],
            cwd=cwd,
            env={**os.environ, **ENV},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return process.returncode, seconds, cpu, usage.ru_maxrss * 1024


def output(log: Path) -> str:
    return ANSI.sub("", log.read_text(encoding="utf-8", errors="replace"))


def zensical_error(text: str) -> tuple[str, str | None]:
    """The error's last line and the template it names (the innermost `(in NAME:LINE)`)."""
    lines = [line for line in text.splitlines() if line.strip()]
    error = next((line for line in reversed(lines) if "Error" in line), lines[-1] if lines else "")
    places = re.findall(r"\(in ([^():]+):\d+\)", error)
    return error.strip(), places[-1] if places else None


def zensical_warnings(text: str) -> Counter:
    """Zensical's warnings, by message and the kind of page (`papers/month/*.md`)."""
    found = Counter()
    for message, place in re.findall(r"Warning: (.+)\n\s*╭─\[ ?([^:\]]+)", text):
        pattern = re.sub(r"[^/]+(?=\.md$)", "*", place.strip())
        found[f"{message.strip()} ({pattern})"] += 1
    return found


def fixed_overrides(root: Path, applied: list[str]) -> Path:
    """A copy of overrides/ with the fixes of `applied`."""
    copy = root / "overrides-zensical"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(REPO / "overrides", copy)
    for name in applied:
        old, new, _ = FIXES[name]
        path = copy / name
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return copy


def build_zensical(zensical: Path, root: Path) -> dict:
    """Zensical's build of root/prepared into root/site-zensical, retried with a template fix
    each time it refuses one of ours."""
    config = (root / "mkdocs.yml").read_text()
    applied: list[str] = []
    errors: list[tuple[str, str | None, Counter]] = []
    while True:
        text = config + "\nsite_dir: site-zensical\n"
        if applied:
            overrides = fixed_overrides(root, applied)
            text = text.replace(f"custom_dir: {REPO}/overrides", f"custom_dir: {overrides}")
        (root / "mkdocs-zensical.yml").write_text(text)
        shutil.rmtree(root / "site-zensical", ignore_errors=True)
        log = root / f"zensical-{len(applied)}.log"
        code, seconds, cpu, rss = timed(
            [zensical, "build", "-c", "-f", "mkdocs-zensical.yml"], root, log
        )
        said = output(log)
        if code == 0:
            return {
                "seconds": seconds,
                "cpu": cpu,
                "rss": rss,
                "errors": errors,
                "applied": applied,
                "warnings": zensical_warnings(said),
            }
        error, template = zensical_error(said)
        errors.append((error, template, zensical_warnings(said)))
        if template not in FIXES or template in applied:
            return {"errors": errors, "applied": applied, "failed": said[-3000:]}
        ours = REPO / "overrides" / template
        if not ours.is_file() or FIXES[template][0] not in ours.read_text():
            return {"errors": errors, "applied": applied, "failed": "no fix matches: " + error}
        applied.append(template)


def page_types(site: Path) -> Counter:
    counts = Counter()
    for page in site.rglob("*.html"):
        name = page.relative_to(site).as_posix()
        if name.startswith("assets/"):
            continue
        kind = next((k for k, pattern in PAGE_TYPES if pattern.fullmatch(name)), "other")
        counts[kind] += 1
    return counts


def site_files(site: Path) -> dict:
    """What the site needs besides its pages: present or not (a count where there are many)."""
    topics = list((site / "topics").glob("*/index.html"))
    sitemap = site / "sitemap.xml"
    text = sitemap.read_text(encoding="utf-8") if sitemap.is_file() else ""
    return {
        "nav pages": sum((site / p).is_file() for p in NAV_PAGES),
        "feed.xml": (site / "feed.xml").is_file(),
        "topic feeds": f"{sum((p.parent / 'feed.xml').is_file() for p in topics)}/{len(topics)}",
        "robots.txt": (site / "robots.txt").is_file(),
        "coverage.json": (site / "coverage.json").is_file(),
        "sitemap URLs": text.count("<url>"),
        "sitemap lastmod": text.count("<lastmod>"),
        "sitemap.xml.gz": (site / "sitemap.xml.gz").is_file(),
        "search manifest": (site / "search-index/manifest.json").is_file(),
        "site MB": sum(f.stat().st_size for f in site.rglob("*") if f.is_file()) / 2**20,
        "HTML MB": sum(f.stat().st_size for f in site.rglob("*.html")) / 2**20,
    }


def tree_digest(path: Path) -> str:
    """Every file's name, size and modification time: a build that writes into the prepared
    tree changes it."""
    digest = hashlib.sha256()
    for f in sorted(path.rglob("*")):
        if f.is_file():
            stat = f.stat()
            digest.update(f"{f.relative_to(path)} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def kind_of(item: str) -> str:
    """A difference's page type (or top folder), to show examples of different kinds."""
    name = item.split(":", 1)[0]
    return next((k for k, pattern in PAGE_TYPES if pattern.fullmatch(name)), name.split("/")[0])


def examples(items: list[str], show: int) -> list[str]:
    """Up to `show` items, one of each kind first."""
    firsts = {}
    for item in items:
        firsts.setdefault(kind_of(item), item)
    picked = list(firsts.values())[:show]
    return picked + [i for i in items if i not in picked][: show - len(picked)]


def build_mkdocs(root: Path, config: str, site: str) -> dict:
    code, seconds, cpu, rss = timed(
        [
            *(sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"),
            *("-f", config, "--site-dir", site),
        ],
        root,
        root / f"{site}.log",
    )
    if code:
        raise SystemExit(f"mkdocs failed:\n{output(root / f'{site}.log')[-3000:]}")
    return {"seconds": seconds, "cpu": cpu, "rss": rss}


def changed_files(a: Path, b: Path) -> list[str]:
    """Files not the same, byte for byte, in the two trees (or in one only)."""
    names = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    names |= {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    return sorted(
        str(name)
        for name in names
        if not ((a / name).is_file() and (b / name).is_file())
        or (a / name).read_bytes() != (b / name).read_bytes()
    )


def run(n: int | None, out: Path, zensical: Path) -> tuple[list[dict], list[dict], dict, dict]:
    label = "docs" if n is None else str(n)
    root = out / f"engines-{label}"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    if n is None:
        docs = REPO / "docs"
    else:
        docs = root / "docs"
        generate(docs, n)
    our_config(root)  # docs_dir: prepared, beside it; hooks and overrides of the repository
    code, prepared_s, _, _ = timed(
        [
            *(sys.executable, "-m", "scraper", "prepare"),
            *("--docs-dir", docs, "--out", root / "prepared", "--config", root / "mkdocs.yml"),
        ],
        REPO,
        root / "prepare.log",
    )
    if code:
        raise SystemExit(f"prepare failed:\n{output(root / 'prepare.log')[-3000:]}")
    before = tree_digest(root / "prepared")
    papers = sum(1 for _ in (root / "prepared" / "papers").glob("*.md"))
    mkdocs = build_mkdocs(root, "mkdocs.yml", "site-mkdocs")
    zen = build_zensical(zensical, root)
    if zen["applied"]:
        # The fixed templates, built by MkDocs: the site must not change.
        fixed = (root / "mkdocs.yml").read_text()
        fixed = fixed.replace(f"{REPO}/overrides", str(root / "overrides-zensical"))
        (root / "mkdocs-fixed.yml").write_text(fixed)
        build_mkdocs(root, "mkdocs-fixed.yml", "site-mkdocs-fixed")
        zen["mkdocs changes"] = changed_files(root / "site-mkdocs", root / "site-mkdocs-fixed")
    untouched = tree_digest(root / "prepared") == before
    rows, files = [], []
    for engine, result, site in (
        ("MkDocs", mkdocs, root / "site-mkdocs"),
        ("Zensical", zen, root / "site-zensical"),
    ):
        built = "seconds" in result
        types = page_types(site) if built else Counter()
        rows.append(
            {
                "archive": label,
                "papers": papers,
                "engine": engine,
                "prepare s": prepared_s,
                "build s": result.get("seconds", float("nan")),
                "cpu s": result.get("cpu", float("nan")),
                "peak MB": result.get("rss", float("nan")) / 2**20,
                "pages": sum(types.values()),
                **{kind: types[kind] for kind, _ in PAGE_TYPES},
                "other": types["other"],
            }
        )
        broken = list(broken_links(site)) if built else []
        files.append(
            {
                "archive": label,
                "engine": engine,
                **(site_files(site) if built else {}),
                "broken links": len(broken) if built else "-",
            }
        )
        if broken:
            zen.setdefault("broken", {})[engine] = broken
    found = compare(root / "site-mkdocs", root / "site-zensical") if "seconds" in zen else {}
    return rows, files, found, {**zen, "untouched": untouched, "label": label, "root": root}


SIDES = {"only in A": "site-mkdocs", "only in B": "site-zensical"}


def report(found: dict, zen: dict, show: int) -> None:
    label = zen["label"]
    print(f"== archive {label}: Zensical against MkDocs")
    for error, template, warnings in zen["errors"]:
        fix = FIXES.get(template)
        print(f"template error: {error}")
        print(f"  fix in overrides/{template}: {fix[2] if fix else 'none known'}")
        for warning, count in warnings.items():
            print(f"  warning of the refused build: {warning}: {count}")
    if "failed" in zen:
        print(f"Zensical did not build:\n{zen['failed']}")
        return
    if not zen["errors"]:
        print("Zensical built the templates as they are.")
    elif changes := zen["mkdocs changes"]:
        print(f"With these fixes MkDocs' site changes: {len(changes)} files, {changes[:show]}")
    else:
        print("With these fixes MkDocs builds the same site, byte for byte.")
    for warning, count in zen["warnings"].items():
        print(f"Zensical warning: {warning}: {count}")
    for engine, broken in zen.get("broken", {}).items():
        targets = Counter(re.sub(r"[^./][^/]*", "*", b.split(": ", 1)[1]) for b in broken)
        print(f"broken links in the {engine} site: {len(broken)}")
        print("  by target: " + ", ".join(f"{t} {c}" for t, c in targets.most_common(6)))
        for item in examples(broken, show):
            print(f"  {item}")
    if not zen["untouched"]:
        print("An engine wrote into the prepared tree.")
    if not found:
        print("The two sites are the same to a reader.")
    for kind, items in found.items():
        detail = ""
        if kind.startswith("only in"):
            assets = sum(i.startswith("assets/") for i in items)
            detail = f" ({assets} under assets/, the theme's own bundles)"
        per_type = Counter(kind_of(i) for i in items)
        if not kind.startswith("only in") and len(per_type) > 1:
            detail = " (" + ", ".join(f"{k} {c}" for k, c in per_type.most_common()) + ")"
        site = SIDES.get(kind)
        name = kind.replace("in A", "in MkDocs").replace("in B", "in Zensical")
        print(f"{name}: {len(items)}{detail}")
        rest = [i for i in items if not i.startswith("assets/")] or items
        for item in examples(rest, show):
            size = f" ({(zen['root'] / site / item).stat().st_size / 1024:,.0f} KB)" if site else ""
            print(f"  {item[:300]}{size}")
    print(flush=True)


def shown(value):
    return ("yes" if value else "NO") if isinstance(value, bool) else value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, help="papers (none: the committed archive)")
    parser.add_argument("--show", type=int, default=3, help="examples of each difference")
    parser.add_argument("--zensical-version", default=ZENSICAL)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    args = parser.parse_args()
    zensical = zensical_venv(args.zensical_version)
    version = subprocess.run(
        [str(zensical), "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    print(f"Zensical {version} ({VENV.name}); MkDocs of {Path(sys.executable).parent.parent.name}")
    rows, files, differences = [], [], []
    for n in args.sizes or [None]:
        r, f, found, zen = run(n, args.out, zensical)
        rows += r
        files += f
        differences.append((found, zen))
    print_table(rows)
    columns = max(files, key=len)
    print_table([{k: shown(f.get(k, "-")) for k in columns} for f in files])
    for found, zen in differences:
        report(found, zen, args.show)


if __name__ == "__main__":
    main()
