"""Where a build's memory goes: runs scripts/build on an archive the bench kept and prints, every
half second, the proportional set size of each of its processes (prepare, its search index and
paper pages processes, then MkDocs) and their sum, as bench.py counts the peak.

    python bench/bench.py 50000 --keep      # once, to have bench/out/50000
    python bench/memory.py bench/out/50000  [--every 0.5]

Run nothing else meanwhile: the machine has two cores. The first build after the archive was
made reads every paper file (cold); run it twice for a warm build.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench import process_tree, pss  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path, help="a folder bench.py kept (mkdocs.yml, docs/)")
    parser.add_argument("--every", type=float, default=0.5, help="seconds between samples")
    args = parser.parse_args()
    site = Path(tempfile.mkdtemp()) / "site"
    start = time.perf_counter()
    build = subprocess.Popen(
        [str(REPO / "scripts/build"), str(site)],
        cwd=args.root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    peak = 0
    print("s | MB in all | MB by process of 30 MB or more (pid:MB)")
    while build.poll() is None:
        held = {pid: pss(pid) // 2**20 for pid in process_tree(build.pid)}
        total = sum(held.values())
        peak = max(peak, total)
        shown = " ".join(f"{pid}:{mb}" for pid, mb in held.items() if mb >= 30)
        print(f"{time.perf_counter() - start:6.1f} | {total:5d} | {shown}", flush=True)
        time.sleep(args.every)
    if build.returncode:
        raise SystemExit(build.stderr.read().decode()[-3000:])
    print(f"peak {peak} MB in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
