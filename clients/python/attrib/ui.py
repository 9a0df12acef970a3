"""`attrib ui`: serves the web dashboard's built files (`clients/web/dist`, made by
`npm run build` there, which `scripts/build.sh` runs) over HTTP on this machine."""

from __future__ import annotations

import functools
import os
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Optional
from urllib.parse import quote

from .errors import AttribError

#: Where the dashboard's bundle is, in a clone of the repository.
REPOSITORY_DIST = Path(__file__).resolve().parents[2] / "web" / "dist"


class DashboardNotBuilt(AttribError):
    """The dashboard's built files are not where `attrib ui` looks."""

    def __init__(self, directory: Path) -> None:
        super().__init__(
            f"the dashboard is not built: {directory} has no index.html "
            "(run `npm ci && npm run build` in clients/web, or `bash scripts/build.sh`)"
        )


def dashboard_dir(directory: Optional[str] = None) -> Path:
    """The directory of built files: `directory`, else `$ATTRIB_UI_DIR`, else the clone's
    `clients/web/dist`; raises `DashboardNotBuilt` when it holds no `index.html`."""
    chosen = Path(directory or os.environ.get("ATTRIB_UI_DIR") or REPOSITORY_DIST)
    if not (chosen / "index.html").is_file():
        raise DashboardNotBuilt(chosen)
    return chosen


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without a log line per request, and never caches `index.html` (a rebuilt
    bundle has new asset names that only a fresh `index.html` names)."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript", ".wasm": "application/wasm"}

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        pass

    def end_headers(self) -> None:
        if self.path in ("/", "/index.html") or self.path.startswith("/?"):
            self.send_header("Cache-Control", "no-store")
        super().end_headers()


def make_server(directory: Path, host: str = "127.0.0.1", port: int = 8080) -> ThreadingHTTPServer:
    """An HTTP server of `directory` (port 0: any free port)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    return ThreadingHTTPServer((host, port), handler)


def page_url(host: str, port: int, node: Optional[str]) -> str:
    """The dashboard's address, naming the node to connect to when given."""
    base = f"http://{host}:{port}/"
    return f"{base}?node={quote(node, safe=':/')}" if node else base
