"""Build the site with the real MkDocs and read facts back out of the HTML it writes."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path


def build_site(project: Path, output: Path, *, directory_urls: bool = False) -> subprocess.CompletedProcess:
    """Run a strict MkDocs build of `project` into `output` and return the finished process."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(output)]
    if not directory_urls:
        command.append("--no-directory-urls")
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(command, cwd=project, capture_output=True, text=True, env=environment)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` over HTTP on 127.0.0.1 and yield its base URL, ending in `/`."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def copy_project(source: Path, target: Path) -> Path:
    """Copy the parts of the project a build reads, so a test can change them freely."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "docs", "data", "macros", "training_modules", "overrides"):
        path = source / name
        if path.is_dir():
            shutil.copytree(path, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif path.exists():
            shutil.copy2(path, target / name)
    return target


class _TableParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(_squash("".join(self._cell)))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _squash(value: str) -> str:
    return "\n".join(re.sub(r"\s+", " ", line).strip() for line in value.split("\n")).strip()


def tables(html: str) -> list[list[list[str]]]:
    """Return every table of a page as rows of cell texts (a `<br>` becomes a newline)."""
    parser = _TableParser()
    parser.feed(html)
    return parser.tables


def row_containing(html: str, needle: str) -> list[str]:
    """Return the first table row that has a cell equal to `needle`."""
    for table in tables(html):
        for row in table:
            if needle in row:
                return row
    raise AssertionError(f"no table row has a cell {needle!r}")


def main_text(html: str) -> str:
    """Return the article's visible text, with tags removed and spaces collapsed."""
    article = html.split('<article class="md-content__inner md-typeset">', 1)[-1].split("</article>", 1)[0]
    article = re.sub(r"<(script|style)\b.*?</\1>", " ", article, flags=re.DOTALL)
    text = re.sub(r"<[^>]+>", " ", article)
    text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    return re.sub(r"\s+", " ", text).strip()
