"""Maintainer commands of `python -m macros`: schema, new and diff."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from macros import datadiff, schema
from macros.loader import COLLECTIONS
from macros.problems import DataError
from macros.scaffold import ScaffoldError, scaffold


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register the maintainer commands on the `python -m macros` parser."""
    regenerate = commands.add_parser(
        "schema",
        help="regenerate the JSON Schemas under schemas/ and the editor settings from the models",
    )
    regenerate.add_argument("--check", action="store_true", help="only report files that differ; change nothing")
    regenerate.add_argument("--project", type=Path, default=Path("."), help="project folder (default: .)")

    new = commands.add_parser(
        "new",
        help="add a record with every required key, placeholders that validate, and comments on each key",
    )
    new.add_argument("kind", help="what to add: experiment, duty, person, unit, ... (a collection or its label)")
    new.add_argument("id", help="the new record's id: lowercase letters, digits and single hyphens")
    new.add_argument("--dry-run", action="store_true", help="print the record and where it would go; write nothing")
    new.add_argument("--project", type=Path, default=Path("."), help="project folder (default: .)")

    diff = commands.add_parser(
        "diff",
        help="print, as Markdown, how the records under data/ changed between two git revisions",
    )
    diff.add_argument("base", help="the revision to compare from, such as origin/main")
    diff.add_argument("head", nargs="?", default="HEAD", help="the revision to compare to (default: HEAD)")
    diff.add_argument("--project", type=Path, default=Path("."), help="git work tree of the project (default: .)")


def run(arguments: argparse.Namespace) -> int | None:
    """Run a maintainer command and return its exit status, or None for any other command."""
    if arguments.command == "schema":
        return run_schema(arguments.project, check_only=arguments.check)
    if arguments.command == "new":
        return run_new(arguments.project, arguments.kind, arguments.id, dry_run=arguments.dry_run)
    if arguments.command == "diff":
        return run_diff(arguments.project, arguments.base, arguments.head)
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


def run_new(project: Path, kind: str, record_id: str, *, dry_run: bool) -> int:
    try:
        result = scaffold(project, kind, record_id, dry_run=dry_run)
    except DataError as error:
        print(f"{error}\nFix these problems first, then add the record.", file=sys.stderr)
        return 1
    except ScaffoldError as error:
        print(error, file=sys.stderr)
        return 1
    action = "would add" if dry_run else "added"
    label = COLLECTIONS[result.collection].label
    print(f"{action} {label} '{result.record_id}' at {result.file}:{result.line}:\n")
    print(result.text)
    if not dry_run:
        print("Replace every TODO placeholder and check each value, then run `make validate`.")
    return 0


def run_diff(project: Path, base: str, head: str) -> int:
    try:
        print(datadiff.summarise(project, base, head), end="")
    except datadiff.DiffError as error:
        print(error, file=sys.stderr)
        return 1
    return 0
