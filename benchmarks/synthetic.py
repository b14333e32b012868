"""Write a synthetic project that is `size` copies of the real data and still validates.

Copy 0 keeps the real ids. Copy n renames every record's id to `<id>-x<n>` and rewrites
every reference inside it the same way, so each copy is a self-contained replica of the
real data. The rewriting follows the `Ref` annotations of the models, so a collection
added later is copied correctly without changes here.

Site settings and the collections in SHARED are written once, because a lab-wide site
keeps one of each however many experiments it serves: the glossary, the checklists and
the guides. Checklists and guides are templates that each experiment and duty follows.
Copying them would also grow the pages with the square of the size. The duty-handoff
checklist already makes a copy per duty. Each checklist page lists the guides that use it,
so 100 copies of the guides would put 100 links on every one of those pages.
"""

from __future__ import annotations

import datetime
import re
import shutil
from pathlib import Path
from typing import Any

import yaml

from macros.loader import COLLECTIONS, SINGLETON_KEY, _reference_fields
from macros.problems import Problem
from macros.yaml_source import read_yaml

SHARED = {"glossary", "checklists", "guides"}


class _PlainDumper(yaml.CSafeDumper):
    """Writes shared values out in full: the copies share lists, and the loader rejects aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)


def write_synthetic_project(source: Path, target: Path, size: int) -> None:
    """Copy the project's site files to `target` and write `size` copies of its data."""
    target.mkdir(parents=True)
    for name in ("mkdocs.yml", "docs", "macros", "overrides"):
        path = source / name
        if not path.exists():
            continue
        if path.is_dir():
            shutil.copytree(path, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(path, target / name)

    _write_data(source / "data", target / "data", size)
    if (source / "training_modules").is_dir():
        _write_modules(source / "training_modules", target / "training_modules", size)


def _write_data(source: Path, target: Path, size: int) -> None:
    target.mkdir()
    for path in sorted(source.rglob("*.yml")):
        problems: list[Problem] = []
        document, _ = read_yaml(path, path.name, problems)
        if problems or not isinstance(document, dict):
            raise SystemExit(f"{path}: fix the real data first: {problems}")
        copied = {}
        for key, value in document.items():
            if key == SINGLETON_KEY or key in SHARED or key not in COLLECTIONS:
                copied[key] = value
            else:
                copied[key] = [_copy(COLLECTIONS[key].model, record, n) for n in range(size) for record in value]
        (target / path.relative_to(source)).write_text(yaml.dump(copied, Dumper=_PlainDumper, sort_keys=False))


def _write_modules(source: Path, target: Path, size: int) -> None:
    target.mkdir()
    spec = COLLECTIONS.get("modules")
    for path in sorted(source.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        match = _FRONT_MATTER.match(text)
        if not match or spec is None:
            shutil.copy2(path, target / path.name)
            continue
        front_matter = yaml.load(match.group(1), Loader=yaml.CSafeLoader)
        body = text[match.end() :]
        for n in range(size):
            copied = _copy(spec.model, front_matter, n)
            front = yaml.dump(copied, Dumper=_PlainDumper, sort_keys=False)
            (target / f"{copied['id']}.md").write_text(f"---\n{front}---\n{body}", encoding="utf-8")


def _copy(model: Any, record: Any, n: int, *, top_level: bool = True) -> Any:
    """Return copy `n` of a raw record with its id and references renamed.

    Ids of nested items, such as a procedure's steps, are local to their record and stay.
    """
    if n == 0 or not isinstance(record, dict):
        return record
    copied = dict(record)
    if top_level and isinstance(copied.get("id"), str):
        copied["id"] = _rename(copied["id"], n)
    for name, target, nested in _reference_fields(model):
        if name not in copied:
            continue
        value = copied[name]
        if target and target not in SHARED:
            copied[name] = [_rename(item, n) for item in value] if isinstance(value, list) else _rename(value, n)
        elif nested and isinstance(value, list):
            copied[name] = [_copy(nested, item, n, top_level=False) for item in value]
        elif nested:
            copied[name] = _copy(nested, value, n, top_level=False)
    return copied


def _rename(value: Any, n: int) -> Any:
    return f"{value}-x{n}" if isinstance(value, str) else value


def write_people_project(source: Path, target: Path, count: int) -> None:
    """Write a project whose data is the real site settings and groups plus `count` people.

    Each person has the same eight keys, so this measures validation per record of a known,
    small size, apart from the larger and nested records of the real data.
    """
    data = target / "data"
    data.mkdir(parents=True)
    shutil.copy2(source / "data" / "site.yml", data / "site.yml")
    # The groups name their leads among the real people, who are not in this project.
    units = yaml.load((source / "data" / "units.yml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    for unit in units["units"]:
        unit.pop("lead", None)
        unit.pop("deputy", None)
    (data / "units.yml").write_text(yaml.dump(units, Dumper=_PlainDumper, sort_keys=False))
    people = [
        {
            "id": f"person-{n}",
            "name": f"Person {n}",
            "unit": "opos",
            "moves_to": "usdc",
            "role": "Runs keep-up processing and watches the production dashboards.",
            "appointment": "staff",
            "arrives": datetime.date(2015, 1, 5),
            "leaves": datetime.date(2017, 9, 30),
        }
        for n in range(count)
    ]
    (data / "people.yml").write_text(yaml.dump({"people": people}, Dumper=_PlainDumper, sort_keys=False))
