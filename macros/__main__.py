"""Command line: `python -m macros validate` checks data/ without building the site.

The maintainer commands `schema`, `new` and `diff` are defined in `macros.commands`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from macros import commands as maintainer_commands
from macros.loader import load_site
from macros.problems import DataError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser(
        "validate", help="check every file under data/ and training_modules/ and report all problems"
    )
    validate.add_argument("--project", type=Path, default=Path("."), help="project folder (default: .)")
    maintainer_commands.add_commands(commands)
    arguments = parser.parse_args(argv)

    if arguments.command == "validate":
        return run_validate(arguments.project)
    status = maintainer_commands.run(arguments)
    return 2 if status is None else status


def run_validate(project: Path) -> int:
    try:
        site = load_site(project)
    except DataError as error:
        print(error, file=sys.stderr)
        return 1
    count = sum(len(records) for records in site.collections.values())
    print(f"data/ is valid: {count} records")
    return 0


if __name__ == "__main__":
    sys.exit(main())
