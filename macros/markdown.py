"""Markdown building blocks: escaped text, tables and links between site pages.

Every value that comes from `data/` is shown exactly as written, so it is escaped before it
reaches Python-Markdown: HTML special characters become entities, Markdown punctuation gets
a backslash, and in table cells a `|` or a line break cannot end the cell.
"""

from __future__ import annotations

import datetime
import functools
import html
import re
from collections.abc import Iterable, Sequence

# Python-Markdown's own escapable characters (markdown.Markdown.ESCAPED_CHARS) plus `|`,
# which the tables extension treats as a cell border. An underscore inside a word, as in
# jobsub_lite, cannot start emphasis in Python-Markdown, and escaping it would split the
# word in two for the glossary's abbreviations (`jobsub` would be marked inside it).
_MARKDOWN_SPECIALS = re.compile(r"([\\`*{}\[\]()#+\-.!|]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9]))")


def text(value: object) -> str:
    """Escape a data value so that Markdown shows it as written, on one line."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return format_date(value)
    return _escape(str(value))


# Names and titles are escaped again on every page that shows them.
@functools.lru_cache(maxsize=1 << 16)
def _escape(value: str) -> str:
    escaped = html.escape(value, quote=False)
    escaped = _MARKDOWN_SPECIALS.sub(r"\\\1", escaped)
    return "<br>".join(line.strip() for line in escaped.splitlines()) if "\n" in escaped else escaped


def paragraphs(value: str | None) -> str:
    """Escape multi-paragraph text, keeping blank lines between paragraphs."""
    if not value:
        return ""
    blocks = re.split(r"\n\s*\n", value.strip())
    return "\n\n".join(text(block) for block in blocks)


def format_date(value: datetime.date | None) -> str:
    """Format a date as ISO 8601 (2016-07-01), the form the data uses, kept on one line."""
    return f'<span class="nowrap">{value.isoformat()}</span>' if value else ""


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """Build a Markdown table; the cells must already be escaped or built from links."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(cell if cell else " " for cell in row) + " |")
    return "\n".join(lines) + "\n"


def bullet_list(items: Iterable[str]) -> str:
    return "\n".join(f"- {item}" for item in items) + "\n"


def record_sections(sections: Iterable[str]) -> str:
    """Join the sections of a page that shows one section per record, each in a <section>.

    md_in_html renders the Markdown inside. Besides marking where each record starts, the
    wrapper keeps a long page fast: Python-Markdown's abbr extension looks up each element
    among its siblings, so its time grows with the square of the number of top-level blocks.
    """
    return "\n".join(f"<section markdown>\n\n{section}\n\n</section>\n" for section in sections)


def relative_path(target_path: str, page_path: str) -> str:
    """Return the path of `target_path` as seen from the folder of `page_path`.

    Both are normalised paths under docs/, as MkDocs gives them, so the result is the one
    `posixpath.relpath` gives without its calls to the file system for the working folder:
    a site at scale makes tens of thousands of links.
    """
    target = target_path.split("/")
    folder = page_path.split("/")[:-1]
    shared = 0
    while shared < len(folder) and shared < len(target) - 1 and folder[shared] == target[shared]:
        shared += 1
    return "/".join([".."] * (len(folder) - shared) + target[shared:])


class Linker:
    """Builds relative Markdown links from one page to other pages and their anchors.

    Links point at `.md` source files so that MkDocs validates them and rewrites them for
    either URL style.
    """

    def __init__(self, page_path: str) -> None:
        self.page_path = page_path

    def url(self, target_path: str, anchor: str | None = None) -> str:
        relative = "" if target_path == self.page_path else relative_path(target_path, self.page_path)
        return f"{relative}#{anchor}" if anchor else relative

    def link(self, label: str, target_path: str, anchor: str | None = None) -> str:
        """Return a Markdown link whose label is escaped data text."""
        return f"[{text(label)}]({self.url(target_path, anchor)})"
