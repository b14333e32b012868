"""Time one load and validation of a project's data in this fresh process, and print JSON.

Run by `build_speed.py` once per repeat, so that no cache of an earlier load in the same
process (such as the memoised YAML tags) makes a later load look faster than a build's.
For comparison it also times PyYAML's `CSafeLoader` loading the same YAML text with no
line numbers and no validation: the floor any loader built on libyaml starts from.

    .venv/bin/python benchmarks/validate_once.py PROJECT_DIR
"""

from __future__ import annotations

import gc
import json
import re
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros.loader import MARKDOWN_FOLDERS, load_site

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)


def yaml_texts(project: Path) -> list[str]:
    """Return the text of every data file and the front matter of every Markdown record."""
    texts = [path.read_text(encoding="utf-8") for path in sorted((project / "data").rglob("*.yml"))]
    for folder in MARKDOWN_FOLDERS.values():
        for path in sorted((project / folder).glob("*.md")):
            match = _FRONT_MATTER.match(path.read_text(encoding="utf-8"))
            if match:
                texts.append(match.group(1))
    return texts


def main() -> None:
    project = Path(sys.argv[1])
    start = time.perf_counter()
    site = load_site(project)
    validate_seconds = time.perf_counter() - start

    texts = yaml_texts(project)
    gc.disable()
    start = time.perf_counter()
    for text in texts:
        yaml.load(text, Loader=yaml.CSafeLoader)
    floor_seconds = time.perf_counter() - start
    gc.enable()

    print(
        json.dumps(
            {
                "validate_seconds": validate_seconds,
                "floor_seconds": floor_seconds,
                "records": sum(len(items) for items in site.collections.values()),
                "yaml_bytes": sum(len(text.encode("utf-8")) for text in texts),
            }
        )
    )


if __name__ == "__main__":
    main()
