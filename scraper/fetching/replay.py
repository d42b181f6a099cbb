"""A local stand-in for the Daily Papers API that replays recorded responses.

    python -m scraper.fetching.replay DIR [--port 8765]

serves each `DIR/daily_papers_YYYY-MM-DD*.json` (a recorded `/api/daily_papers?date=` body) for
its date, paged with `limit` and `p` as HF does. A day with no recording answers 404, so a replay
never writes an empty day into the archive (record an empty day as `[]`); a future day or a
malformed date answers 400, as HF does. A paper's detail (`/api/papers/{id}`) answers 404, as HF
does for a paper it has not indexed, unless the server was given it. Point the scraper at it with
`--api-url` or `HF_API_URL`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

PAPER_NOT_FOUND = {"error": "Paper not found"}  # HF's answer for an id it has not indexed


def load_recordings(folder: Path) -> dict[str, list]:
    days = {}
    for path in sorted(folder.glob("daily_papers_*.json")):
        match = re.match(r"daily_papers_(\d{4}-\d{2}-\d{2})", path.name)
        if match:
            days[match.group(1)] = json.loads(path.read_text(encoding="utf-8"))
    return days


class ReplayServer(ThreadingHTTPServer):
    """Serves `days` ({YYYY-MM-DD: items}) on loopback; use as a context manager in tests."""

    daemon_threads = True

    def __init__(self, days: dict[str, list], port: int = 0, details: dict | None = None):
        super().__init__(("127.0.0.1", port), _Handler)
        self.days = days
        self.details = details or {}  # arXiv id -> `/api/papers/{id}` body
        self.requests: list[str] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self) -> ReplayServer:
        threading.Thread(target=self.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: ReplayServer

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        self.server.requests.append(self.path)
        url = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        if url.path.startswith("/api/papers/"):
            detail = self.server.details.get(url.path.removeprefix("/api/papers/"))
            return self._send(200, detail) if detail else self._send(404, PAPER_NOT_FOUND)
        if url.path != "/api/daily_papers":
            return self._send(404, {"error": "Not Found"})
        try:
            day = dt.date.fromisoformat(query.get("date", ""))
            limit, page = int(query.get("limit", 50)), int(query.get("p", 0))
        except ValueError:
            return self._send(400, {"error": "Invalid date, limit or p"})
        if not 1 <= limit <= 100:
            return self._send(400, {"error": "Too big: expected number to be <=100"})
        if day > dt.datetime.now(dt.UTC).date():
            return self._send(400, {"error": "Date cannot be in the future"})
        if day.isoformat() not in self.server.days:
            return self._send(404, {"error": f"No recording of {day.isoformat()} to replay"})
        items = self.server.days[day.isoformat()]
        self._send(200, items[page * limit : (page + 1) * limit])

    def _send(self, status: int, body: object) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet: the scraper reports what it fetched


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    server = ReplayServer(load_recordings(args.folder), args.port)
    print(f"Replaying {len(server.days)} days from {args.folder} at {server.url}", flush=True)  # noqa: T201
    server.serve_forever()


if __name__ == "__main__":
    main()
