"""The GitHub workflows: lint-clean, least privilege, pinned; and a scheduled run, simulated."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from scraper.fetching.replay import ReplayServer
from tests.helpers import REPO, api_item, copy_handwritten_pages

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
BIN = str(Path(sys.executable).parent)


def load(path: Path) -> dict:
    # BaseLoader: `on:` stays a string key instead of YAML 1.1's boolean True.
    return yaml.load(path.read_text(), Loader=yaml.BaseLoader)


def steps(workflow: dict):
    for job in workflow["jobs"].values():
        yield from job.get("steps", [])


def test_actionlint_passes_on_every_workflow():
    actionlint = shutil.which("jactionlint", path=BIN) or shutil.which("jactionlint")
    if actionlint is None:
        pytest.skip("jactionlint is not installed (it is in requirements-dev.txt)")
    env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}"}  # shellcheck beside it
    result = subprocess.run(
        [actionlint, *map(str, WORKFLOWS)], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "shellcheck was not found" not in result.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_grant_nothing_by_default_and_pin_actions(path):
    workflow = load(path)
    assert workflow["permissions"] == {}, "widen permissions per job, not for the workflow"
    for step in steps(workflow):
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
            assert re.search(rf"{re.escape(step['uses'])} # v\d", path.read_text())


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_only_the_scrape_keeps_push_credentials(path):
    for step in steps(load(path)):
        if step.get("uses", "").startswith("actions/checkout@"):
            keeps = step.get("with", {}).get("persist-credentials", "true") != "false"
            assert keeps == (path.name == "scrape.yml"), path.name


def test_the_scrape_run_deploys_the_commit_it_made():
    scrape = load(REPO / ".github/workflows/scrape.yml")
    deploy = load(REPO / ".github/workflows/deploy.yml")
    assert scrape["jobs"]["deploy"]["uses"] == "./.github/workflows/deploy.yml"
    assert "workflow_call" in deploy["on"]
    checkout = next(s for s in steps(deploy) if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["ref"] == "${{ github.ref }}"
    assert scrape["concurrency"]["cancel-in-progress"] == "false"
    assert set(scrape["on"]["workflow_dispatch"]["inputs"]) == {"since", "until", "citing"}
    run = next(s for s in steps(scrape) if s.get("name") == "Scrape")["run"]
    assert 'if [ "$CITING" = "true" ]; then args+=(--citing); fi' in run


def test_a_deploy_measures_the_files_pages_publishes_against_its_1_gb(tmp_path):
    measure = next(
        s for s in steps(load(REPO / ".github/workflows/deploy.yml")) if "1 GB" in s.get("name", "")
    )["run"]
    site = tmp_path / "site"
    for n in range(250):  # a folder a page: each takes 4 KiB of disk, none of the site
        (site / "papers" / f"2603.{n:05d}").mkdir(parents=True)
        (site / "papers" / f"2603.{n:05d}" / "index.html").write_bytes(b"x" * 4_000)
    for day in range(5):
        (site / "papers" / "date" / f"2026-03-0{day + 1}").mkdir(parents=True)
    said = subprocess.run(["bash", "-c", measure], cwd=tmp_path, capture_output=True, text=True)
    assert said.stdout == (
        "The site is 1 MB of GitHub Pages' 1,000.\n"
        "At 4 KB a paper, 249750 more papers fit: about 237 months at 50 papers a day.\n"
    )
    with (site / "papers.parquet").open("wb") as big:  # sparse: 990 MB that take no disk
        big.truncate(990_000_000)
    said = subprocess.run(["bash", "-c", measure], cwd=tmp_path, capture_output=True, text=True)
    assert "At 3964 KB a paper, 2 more papers fit" in said.stdout
    assert "::warning::Room for 2 more papers on GitHub Pages, about 0 months" in said.stdout
    with (site / "papers.parquet").open("wb") as big:
        big.truncate(1_000_000_000)
    said = subprocess.run(["bash", "-c", measure], cwd=tmp_path, capture_output=True, text=True)
    assert "::warning::The site is 1001 MB, over GitHub Pages' 1 GB limit." in said.stdout


def run(cwd: Path, *command: str, env: dict | None = None) -> subprocess.CompletedProcess:
    environ = {
        **os.environ,
        "PATH": f"{BIN}:{os.environ['PATH']}",
        "NO_MKDOCS_2_WARNING": "1",
        **(env or {}),
    }
    return subprocess.run(command, cwd=cwd, env=environ, capture_output=True, text=True)


@pytest.fixture
def fork(tmp_path: Path) -> Path:
    """A fresh copy of the project with an empty archive, in a git repository."""
    root = tmp_path / "fork"
    for name in ("scripts", "hooks", "overrides", "mkdocs.yml", ".gitignore"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    (root / "docs").mkdir()
    copy_handwritten_pages(root / "docs")
    for command in (
        ["git", "init", "-q", "-b", "main"],
        ["git", "add", "-A"],
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init"],
    ):
        subprocess.run(command, cwd=root, check=True)
    return root


def test_a_scheduled_run_scrapes_commits_and_builds_a_deployable_site(fork, recorded_day):
    days = {"2026-03-08": [], "2026-03-09": [api_item("2603.00001")], "2026-03-10": recorded_day}
    git = {
        "GIT_AUTHOR_NAME": "bot",
        "GIT_AUTHOR_EMAIL": "bot@test",
        "GIT_COMMITTER_NAME": "bot",
        "GIT_COMMITTER_EMAIL": "bot@test",
    }
    with ReplayServer(days) as api:
        env = {"HF_API_URL": api.url, **git}
        scraped = run(
            fork, "scripts/scrape", "--since", "2026-03-08", "--until", "2026-03-10", env=env
        )
        committed = run(fork, "scripts/commit-scrape", env=env)
        again = run(
            fork, "scripts/scrape", "--since", "2026-03-08", "--until", "2026-03-10", env=env
        )
        nothing = run(fork, "scripts/commit-scrape", env=env)
    built = run(
        fork,
        "scripts/build",
        "site",
        env={"REPO_URL": "https://github.com/o/r", "EDIT_URI": "edit/main/docs/"},
    )

    assert scraped.returncode == 0, scraped.stderr
    assert "papers 4 new" in scraped.stdout
    assert "Checked 4 paper files and the day ledger: 0 problems." in scraped.stdout
    assert committed.stdout.splitlines()[-1] == "changed=true"
    subject = run(fork, "git", "log", "-2", "--format=%s").stdout.splitlines()
    assert subject[0] == "Scrape 2026-03-08 2026-03-09 2026-03-10: 4 new papers"
    assert again.returncode == 0
    assert nothing.stdout.splitlines() == ["No change to commit.", "changed=false"]
    linked = run(fork, sys.executable, "-m", "scraper", "linkcheck", "site")

    assert built.returncode == 0, built.stderr
    assert "Prepared 4 papers over 3 days" in built.stdout
    assert "0 broken" in linked.stdout
    site = fork / "site"
    for page in (
        "index.html",
        "papers/2603.08660/index.html",
        "papers/date/2026-03-08/index.html",
        "coverage/index.html",
        "coverage.json",
        "sitemap.xml",
        "404.html",
    ):
        assert (site / page).is_file(), page
    paper = (site / "papers/2603.08660/index.html").read_text()
    assert 'href="https://github.com/o/r/edit/main/docs/papers/2603.08660.md"' in paper
    assert "Report a problem" in paper


def test_a_failed_day_fails_the_scrape_but_keeps_the_rest(fork):
    with ReplayServer({"2026-03-10": [api_item("2603.00001")]}) as api:
        url = api.url
        scraped = run(
            fork,
            "scripts/scrape",
            "--date",
            "2026-03-10",
            "--max-retries",
            "0",
            env={"HF_API_URL": url},
        )
    down = run(
        fork,
        "scripts/scrape",
        "--date",
        "2026-03-11",
        "--max-retries",
        "0",
        env={"HF_API_URL": url},
    )

    assert scraped.returncode == 0
    assert down.returncode == 1
    assert "2026-03-11: failed" in down.stderr
    assert (fork / "docs/papers/2603.00001.md").is_file()
    # With no day reachable, the run learned nothing about any day and wrote nothing.
    assert not (fork / "docs/papers/date/2026-03-11.md").exists()


def test_every_layer_of_the_package_is_a_package_the_workflows_install():
    """Deploy and scrape `pip install .`, which installs only folders with an __init__.py (an
    editable install, as here, would import a folder without one all the same)."""
    folders = {path.parent for path in (REPO / "scraper").rglob("*.py")}
    assert {
        f.relative_to(REPO).as_posix() for f in folders if not (f / "__init__.py").is_file()
    } == set()
    tracked = subprocess.run(
        ["git", "ls-files", "--error-unmatch", *(str(f / "__init__.py") for f in folders)],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert tracked.returncode == 0, tracked.stderr
