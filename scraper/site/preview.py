"""Serving a built site on loopback as GitHub Pages serves it: an unknown path gets the site's
own 404 page, not Python's bare error page.

    python -m scraper.site.preview SITE [--port 8000]
"""

from __future__ import annotations

import argparse
import functools
import http.server
from pathlib import Path


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def list_directory(self, path):
        """Pages lists no folder: one without an index.html is not found."""
        self.send_error(404)

    def log_message(self, format: str, *args: object) -> None:
        pass


def server(site: Path, port: int = 0) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(SiteHandler, directory=str(site))
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    with server(args.site, args.port) as running:
        print(f"Serving {args.site} at http://127.0.0.1:{args.port}/ (Ctrl-C stops)", flush=True)  # noqa: T201
        running.serve_forever()


if __name__ == "__main__":
    main()
