"""Maintainer commands of `python -m macros`: schema, new and diff."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from macros import schema


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register the maintainer commands on the `python -m macros` parser."""
    regenerate = commands.add_parser(
        "schema",
        help="regenerate the JSON Schemas under schemas/ and the editor settings from the models",
    )
    regenerate.add_argument("--check", action="store_true", help="only report files that differ; change nothing")
    regenerate.add_argument("--project", type=Path, default=Path("."), help="project folder (default: .)")


def run(arguments: argparse.Namespace) -> int | None:
    """Run a maintainer command and return its exit status, or None for any other command."""
    if arguments.command == "schema":
        return run_schema(arguments.project, check_only=arguments.check)
    return None


def run_schema(project: Path, *, check_only: bool) -> int:
    if check_only:
        differing = schema.check(project)
        for line in differing:
            print(line, file=sys.stderr)
        if differing:
            print(f"run `{schema.REGENERATE}` and commit the result", file=sys.stderr)
            return 1
        print("schemas/ matches the models")
        return 0
    changed = schema.write(project)
    for relative in changed:
        print(f"wrote {relative}")
    if not changed:
        print("schemas/ already matches the models")
    return 0
