"""Read a Markdown file whose YAML front matter is a record, keeping the file's line numbers.

The front matter sits between a `---` line at the top of the file and the next `---` (or
`...`) line, as MkDocs expects. It is read with the same reader as the files under `data/`,
offset so that every problem names the line inside the Markdown file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from macros.problems import Problem
from macros.yaml_source import SourceMap, read_text, read_yaml_text

_OPENING = re.compile(r"-{3}[ \t]*")
_CLOSING = re.compile(r"(?:-{3}|\.{3})[ \t]*")


@dataclass(frozen=True)
class MarkdownRecord:
    """The front matter of a Markdown file as plain values, where they were written, and the body."""

    values: Any
    source: SourceMap
    body: str


def read_markdown_record(path: Path, display_name: str, problems: list[Problem]) -> MarkdownRecord | None:
    """Read the front matter and body of one Markdown file and append its problems.

    Returns None when the file cannot be decoded, has no complete front matter block, or its
    front matter is not valid YAML.
    """
    text = read_text(path, display_name, problems)
    if text is None:
        return None

    lines = text.splitlines(keepends=True)
    if not lines or not _OPENING.fullmatch(lines[0].rstrip("\r\n").lstrip("\ufeff")):
        problems.append(
            Problem(
                display_name,
                1,
                None,
                None,
                "the file must start with front matter: a line '---', the YAML keys, then a line '---'",
            )
        )
        return None

    closing = next(
        (index for index in range(1, len(lines)) if _CLOSING.fullmatch(lines[index].rstrip("\r\n"))),
        None,
    )
    if closing is None:
        problems.append(
            Problem(display_name, 1, None, None, "the front matter opened on line 1 is never closed; end it with '---'")
        )
        return None

    # The YAML starts on line 2, right below the opening `---`.
    known_problems = len(problems)
    values, source = read_yaml_text("".join(lines[1:closing]), display_name, problems, first_line=2)
    if values is None and len(problems) > known_problems:
        return None
    body = "".join(lines[closing + 1 :]).lstrip("\n")
    return MarkdownRecord(values, source, body)
