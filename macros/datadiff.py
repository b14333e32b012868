"""Summarise how the data changed between two git revisions, as Markdown for a pull request.

Each revision's `data/` (and any front-matter folder) is read with `git archive` into a
temporary folder and validated with the current models, so the working tree is never
touched. Duties get the detail a reviewer checks first: added and removed duties, new
owners and successors, and handoff deadlines that moved, including deadlines that moved
because an owner's end of contract changed, then their other changed keys. A checklist
whose items changed without a higher `version` gets a warning. Every other collection is
summarised as added, removed and changed records.
"""

from __future__ import annotations

import datetime
import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from macros import derive, model, schema
from macros.loader import COLLECTIONS, SiteData, load_site
from macros.markdown import table, text
from macros.problems import DataError

# Text longer than this is reported as changed, without its old and new wording.
MAX_INLINE_TEXT = 60


class DiffError(Exception):
    """Raised when a revision cannot be read or its data does not validate."""


@dataclass(frozen=True)
class FieldChange:
    """One key of a record whose value differs between the two revisions."""

    key: str
    before: Any
    after: Any


@dataclass
class CollectionChanges:
    """Records added, removed and changed in one collection."""

    name: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, list[FieldChange]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def git(project: Path, *arguments: str) -> bytes:
    """Run a read-only git command in `project` and return its output."""
    result = subprocess.run(["git", "-C", str(project), *arguments], capture_output=True, check=False)
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()
        raise DiffError(f"git {' '.join(arguments)} failed: {message}")
    return result.stdout


def resolve(project: Path, revision: str) -> str:
    """Return the full commit id of `revision`, or raise DiffError if git does not find it."""
    try:
        return git(project, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").decode().strip()
    except DiffError:
        raise DiffError(f"revision '{revision}' not found in {project}; fetch it or check the name") from None


def load_revision(project: Path, revision: str, workdir: Path) -> SiteData:
    """Extract the data folders of `revision` into `workdir` and load them with the current models."""
    commit = resolve(project, revision)
    folders = ["data", *sorted({Path(glob).parts[0] for glob in schema.front_matter_collections().values()})]
    present = [folder for folder in folders if git(project, "ls-tree", "--name-only", commit, "--", folder).strip()]
    archive = git(project, "archive", "--format=tar", commit, "--", *present)
    with tarfile.open(fileobj=io.BytesIO(archive)) as bundle:
        bundle.extractall(workdir, filter="data")
    try:
        return load_site(workdir)
    except DataError as error:
        # NOTE: a revision is read with the models of the current checkout, so data written
        # for an older model (a key renamed since) fails here rather than being compared.
        raise DiffError(f"data/ at {revision} does not validate with the current models:\n{error}") from None


def compare_collections(base: SiteData, head: SiteData) -> list[CollectionChanges]:
    """Return the changes of every collection, in registration order."""
    names = [name for name in COLLECTIONS if name in base.collections or name in head.collections]
    return [_compare_records(name, base.collections.get(name, {}), head.collections.get(name, {})) for name in names]


def _compare_records(name: str, before: dict[str, model.Record], after: dict[str, model.Record]) -> CollectionChanges:
    changes = CollectionChanges(name)
    changes.added = [record_id for record_id in after if record_id not in before]
    changes.removed = [record_id for record_id in before if record_id not in after]
    for record_id in after:
        if record_id in before:
            fields = field_changes(before[record_id].model_dump(), after[record_id].model_dump())
            if fields:
                changes.changed[record_id] = fields
    return changes


def field_changes(before: dict[str, Any], after: dict[str, Any], prefix: str = "") -> list[FieldChange]:
    """Return the keys whose values differ, with nested mappings flattened to `successor.interim`."""
    found = []
    for key in [*before, *(key for key in after if key not in before)]:
        old, new = before.get(key), after.get(key)
        if isinstance(old, dict) and isinstance(new, dict):
            found.extend(field_changes(old, new, f"{prefix}{key}."))
        elif old != new:
            found.append(FieldChange(f"{prefix}{key}", old, new))
    return found


def summarise(project: Path, base_revision: str, head_revision: str) -> str:
    """Return the Markdown summary of the data changes from `base_revision` to `head_revision`."""
    with tempfile.TemporaryDirectory(prefix="handover-diff-") as folder:
        base = load_revision(project, base_revision, Path(folder) / "base")
        head = load_revision(project, head_revision, Path(folder) / "head")
        return render(base, head, base_revision, head_revision)


def render(base: SiteData, head: SiteData, base_revision: str, head_revision: str) -> str:
    """Render the changes between two loaded revisions as Markdown."""
    heading = f"## Data changes from `{base_revision}` to `{head_revision}`\n"
    collections = compare_collections(base, head)
    settings = field_changes(base.settings.model_dump(), head.settings.model_dump())
    changed = [item for item in collections if not item.empty]
    if not changed and not settings:
        return heading + "\nNo record or setting under `data/` changed.\n"

    parts = [heading]
    if changed:
        parts.append(_overview(changed))
    by_name = {item.name: item for item in collections}
    if "checklists" in by_name:
        unversioned = _checklists_without_new_version(base, head, by_name["checklists"])
        if unversioned:
            parts.append(unversioned)
    if "duties" in by_name and not by_name["duties"].empty:
        parts.append(_duty_section(base, head, by_name["duties"]))
    for name in schema.front_matter_collections():
        if name in by_name and by_name[name].added:
            parts.append(_added_section(head, by_name[name]))
    others = [item for item in changed if item.name != "duties"]
    if others or settings:
        parts.append("### Other changes\n")
        parts.extend(_generic_section(base, head, item) for item in others)
        if settings:
            parts.append("#### Site settings\n\n" + _field_list(settings))
    return "\n".join(parts)


def _overview(changed: list[CollectionChanges]) -> str:
    rows = [[text(item.name), str(len(item.added)), str(len(item.removed)), str(len(item.changed))] for item in changed]
    return table(["Collection", "Added", "Removed", "Changed"], rows)


def _duty_section(base: SiteData, head: SiteData, changes: CollectionChanges) -> str:
    parts = ["### Duties\n"]
    if changes.added:
        parts.append("**Added**\n\n" + "".join(f"- {_duty_line(head, duty_id)}\n" for duty_id in changes.added))
    if changes.removed:
        parts.append("**Removed**\n\n" + "".join(f"- {_duty_line(base, duty_id)}\n" for duty_id in changes.removed))

    kept = [duty_id for duty_id in head.duties if duty_id in base.duties]
    owners = [
        [
            _duty_name(head, duty_id),
            _person(base, base.duties[duty_id].owner),
            _person(head, head.duties[duty_id].owner),
        ]
        for duty_id in kept
        if base.duties[duty_id].owner != head.duties[duty_id].owner
    ]
    if owners:
        parts.append("**Owners changed**\n\n" + table(["Duty", "Before", "After"], owners))
    successors = [
        [_duty_name(head, duty_id), _successor(base, base.duties[duty_id]), _successor(head, head.duties[duty_id])]
        for duty_id in kept
        if base.duties[duty_id].successor != head.duties[duty_id].successor
    ]
    if successors:
        parts.append("**Successors changed**\n\n" + table(["Duty", "Before", "After"], successors))
    deadlines = []
    for duty_id in kept:
        before = derive.handoff_due(base, base.duties[duty_id])
        after = derive.handoff_due(head, head.duties[duty_id])
        if before != after:
            days = (after - before).days
            moved = f"{days} days later" if days > 0 else f"{-days} days earlier"
            deadlines.append([_duty_name(head, duty_id), before.isoformat(), after.isoformat(), moved])
    if deadlines:
        parts.append("**Handoff deadlines moved**\n\n" + table(["Duty", "Before", "After", "Moved"], deadlines))
    # Owners and successors have their own tables above, so only the other changed keys are listed.
    others = []
    for duty_id, fields in changes.changed.items():
        other_keys = [change for change in fields if change.key != "owner" and not change.key.startswith("successor.")]
        if other_keys:
            listed = "; ".join(_field_text(change) for change in other_keys)
            others.append(f"- {_duty_name(head, duty_id)}: {listed}\n")
    if others:
        parts.append("**Other fields changed**\n\n" + "".join(others))
    return "\n".join(parts)


def _checklists_without_new_version(base: SiteData, head: SiteData, changes: CollectionChanges) -> str:
    """Return a warning for each checklist whose items changed while its version did not rise."""
    lines = []
    for checklist_id, fields in changes.changed.items():
        if not any(change.key == "sections" for change in fields):
            continue
        before, after = base.checklists[checklist_id].version, head.checklists[checklist_id].version
        if after > before:
            continue
        state = f"version stays {after}" if after == before else f"version went down from {before} to {after}"
        lines.append(f"- `{checklist_id}` {text(head.checklists[checklist_id].title)}: items changed, {state}\n")
    if not lines:
        return ""
    return (
        "### Checklists changed without a new version\n\n"
        "Readers' browsers keep ticks by checklist version and item id, so ticks given to the old "
        "items would stay on the changed ones. Raise `version` of each checklist below, unless the "
        "change only fixes wording.\n\n" + "".join(lines)
    )


def _duty_line(site: SiteData, duty_id: str) -> str:
    duty = site.duties[duty_id]
    owner = _person(site, duty.owner)
    due = derive.handoff_due(site, duty).isoformat()
    return f"`{duty_id}` {text(duty.title)} (owner: {owner}, handoff due {due})"


def _duty_name(site: SiteData, duty_id: str) -> str:
    return f"`{duty_id}` {text(site.duties[duty_id].title)}"


def _person(site: SiteData, person_id: str | None) -> str:
    if not person_id:
        return "nobody named"
    return text(site.people[person_id].name)


def _successor(site: SiteData, duty: model.Duty) -> str:
    successor = duty.successor
    if successor.receiver == "group" and successor.group:
        final = f"group {text(site.units[successor.group].short_name)}"
    else:
        final = text(successor.receiver)
    if successor.interim:
        return f"{_person(site, successor.interim)} first, then {final}"
    return final


def _added_section(head: SiteData, changes: CollectionChanges) -> str:
    label = COLLECTIONS[changes.name].label
    lines = "".join(
        f"- `{record_id}` {text(_title(head.collections[changes.name][record_id]))}\n" for record_id in changes.added
    )
    return f"### New {label} records\n\n{lines}"


def _generic_section(base: SiteData, head: SiteData, changes: CollectionChanges) -> str:
    lines = [f"#### {text(changes.name)}\n"]
    for record_id in changes.added:
        lines.append(f"- Added `{record_id}` {text(_title(head.collections[changes.name][record_id]))}")
    for record_id in changes.removed:
        lines.append(f"- Removed `{record_id}` {text(_title(base.collections[changes.name][record_id]))}")
    for record_id, fields in changes.changed.items():
        lines.append(f"- Changed `{record_id}`: " + "; ".join(_field_text(change) for change in fields))
    return "\n".join(lines) + "\n"


def _field_list(changes: list[FieldChange]) -> str:
    return "".join(f"- {_field_text(change)}\n" for change in changes)


def _field_text(change: FieldChange) -> str:
    before, after = _value(change.before), _value(change.after)
    if before is None or after is None:
        return f"{change.key} changed"
    return f"{change.key}: {before} → {after}"


def _value(value: Any) -> str | None:
    """Return a short Markdown form of a value, or None when it is too long to show inline."""
    if value is None:
        return "not set"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list):
        if any(isinstance(item, dict) for item in value):
            return None
        shown = ", ".join(str(item) for item in value)
        return text(f"[{shown}]") if len(shown) <= MAX_INLINE_TEXT else None
    shown = str(value)
    return text(shown) if len(shown) <= MAX_INLINE_TEXT and "\n" not in shown else None


def _title(record: model.Record) -> str:
    for attribute in ("title", "name"):
        value = getattr(record, attribute, None)
        if isinstance(value, str) and value:
            return value
    return ""
