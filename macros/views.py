"""Markdown for the pages built from the data: the matrix, the plan, people and experiments.

Each function takes the validated SiteData and a Linker for the page it renders into, and
returns Markdown. Nothing here reads files or imports MkDocs.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from macros import derive, model
from macros.loader import SiteData
from macros.markdown import Linker, bullet_list, format_date, paragraphs, record_sections, table, text

# The page and anchor where each kind of record is shown. Experiments get a page each.
RECORD_PAGES = {
    "people": "people.md",
    "units": "organisation.md",
    "services": "services.md",
    "duties": "duties.md",
    "milestones": "rampdown.md",
    "reassignments": "reassignments.md",
    "org_changes": "organisation.md",
    "job_descriptions": "job-descriptions.md",
    "procedures": "procedures.md",
    "progress": "procedures.md",
    "guides": "guides/index.md",
    "checklists": "checklists/index.md",
}
EXPERIMENT_DIR = "experiments"

if TYPE_CHECKING:
    from macros.guide_views import GuideViews


class Views:
    """Renders the data-driven parts of the site for one page."""

    def __init__(self, site: SiteData, page_path: str) -> None:
        self.site = site
        self.linker = Linker(page_path)

    # Links to records -------------------------------------------------------------------

    def record_path(self, collection: str, record_id: str) -> tuple[str, str | None]:
        if collection == "experiments":
            return f"{EXPERIMENT_DIR}/{record_id}.md", None
        return RECORD_PAGES[collection], record_id

    def link(self, collection: str, record_id: str | None, label: str | None = None) -> str:
        if not record_id:
            return ""
        record = self.site.collections[collection][record_id]
        path, anchor = self.record_path(collection, record_id)
        return self.linker.link(label or _name_of(record), path, anchor)

    def links(self, collection: str, record_ids: list[str]) -> str:
        return ", ".join(self.link(collection, record_id) for record_id in record_ids)

    def guide_views(self) -> GuideViews:
        # Imported here because guide_views builds on this module.
        from macros.guide_views import GuideViews

        return GuideViews(self.site, self.linker.page_path)

    # Duties ------------------------------------------------------------------------------

    def receiving_side(self, duty: model.Duty) -> str:
        successor = duty.successor
        if successor.receiver == "experiment":
            final = self.link("experiments", duty.experiment) if duty.experiment else "each experiment"
        elif successor.receiver == "group" and successor.group:
            final = self.link("units", successor.group, self.site.units[successor.group].short_name)
        else:
            final = "not stated"
        if successor.interim:
            return f"{self.link('people', successor.interim)} first, then {final}"
        return final

    def end_of_contract(self, person_id: str | None) -> str:
        if not person_id:
            return ""
        person = self.site.people[person_id]
        if person.leaves:
            return format_date(person.leaves)
        return text(person.leaves_as_written or "not stated")

    def handoff_matrix(self, duties: list[model.Duty] | None = None) -> str:
        """Render the handoff matrix: one row per duty, in data order."""
        duties = list(self.site.duties.values()) if duties is None else duties
        headers = [
            "Experiment",
            "Duty",
            "Cadence",
            "Scale",
            "Owner",
            "End of contract",
            "Receiving side",
            "Handoff due",
            "Status",
        ]
        rows = [
            [
                self.experiment_label(duty),
                self.link("duties", duty.id, duty.title),
                text(duty.cadence),
                text(duty.scale.as_written) if duty.scale else "",
                self.link("people", duty.owner) or "nobody named",
                self.end_of_contract(duty.owner),
                self.receiving_side(duty),
                format_date(derive.handoff_due(self.site, duty)),
                text(duty.status),
            ]
            for duty in duties
        ]
        return table(headers, rows)

    def experiment_label(self, duty: model.Duty) -> str:
        if not duty.experiment:
            return "All experiments"
        label = self.link("experiments", duty.experiment)
        return f"{label} ({duty.detector} detector)" if duty.detector else label

    def duty_sections(self) -> str:
        """Render one section per duty, with every fact the data records about it."""
        sections = []
        for duty in self.site.duties.values():
            facts = [
                f"**Experiment:** {self.experiment_label(duty)}",
                f"**Cadence:** {text(duty.cadence)}",
                f"**Owner:** {self.link('people', duty.owner) or 'nobody named'}"
                + (f" (end of contract: {self.end_of_contract(duty.owner)})" if duty.owner else ""),
                f"**Receiving side in FY2017:** {self.receiving_side(duty)}"
                + (
                    f" (the source says: {text(duty.successor.as_written)})"
                    if duty.successor.as_written
                    else " (the source leaves this blank)"
                ),
                f"**Handoff due:** {format_date(derive.handoff_due(self.site, duty))}",
                f"**Status:** {text(duty.status)}",
            ]
            if duty.scale:
                facts.insert(2, f"**Scale:** {text(duty.scale.as_written)}")
            if duty.services:
                facts.append(f"**Services:** {self.links('services', duty.services)}")
            facts.extend(self.guide_views().duty_facts(duty))
            sections.append(
                f"## {text(duty.title)} {{#{duty.id}}}\n\n{paragraphs(duty.description)}\n\n"
                + bullet_list(facts)
                + self.provenance(duty)
            )
        return record_sections(sections)

    def provenance(self, record: model.Record) -> str:
        parts = []
        if record.source:
            parts.append(f"*Source: {text(record.source)}.*\n")
        for item in record.discrepancies:
            readings = "; ".join(f"{text(reading.place)} says “{text(reading.says)}”" for reading in item.readings)
            parts.append(
                f'\n!!! warning "The source disagrees with itself on {text(item.key)}"\n'
                f"    {readings}. This site keeps {text(item.kept)}: {text(item.reason)}\n"
            )
        return "\n".join(parts) + "\n" if parts else ""

    # Experiments --------------------------------------------------------------------------

    def experiments_index(self) -> str:
        headers = ["Experiment", "Duties to hand over", "Used OPOS in 2016", "In the ramp-down plan"]
        rows = [
            [
                self.link("experiments", experiment.id),
                str(len(derive.duties_of_experiment(self.site, experiment.id))),
                "yes" if experiment.used_opos else "no",
                "yes" if experiment.in_ramp_down_plan else "no",
            ]
            for experiment in self.site.experiments.values()
        ]
        return table(headers, rows)

    def experiment_page(self, experiment_id: str) -> str:
        """Render the whole page of one experiment from its record."""
        experiment: model.Experiment = self.site.experiments[experiment_id]
        parts = [f"# {text(experiment.name)}\n", paragraphs(experiment.description) + "\n"]

        facts = [
            f"**Used the central production team (OPOS) in 2016:** {'yes' if experiment.used_opos else 'no'}",
            f"**Named in the ramp-down plan:** {'yes' if experiment.in_ramp_down_plan else 'no'}",
        ]
        if experiment.aliases:
            facts.append(f"**Also written as:** {', '.join(text(alias) for alias in experiment.aliases)}")
        if experiment.detectors:
            facts.append(f"**Detectors told apart in the source:** {', '.join(experiment.detectors)}")
        if experiment.continues:
            facts.append(f"**Continues:** {self.link('experiments', experiment.continues)}")
        if experiment.services:
            facts.append(f"**Services:** {self.links('services', experiment.services)}")
        parts.append(bullet_list(facts))
        if experiment.notes:
            parts.append(f'!!! note "Note"\n    {text(experiment.notes)}\n')

        duties = derive.duties_of_experiment(self.site, experiment_id)
        parts.append("## Duties to hand over\n")
        parts.append(self.handoff_matrix(duties) if duties else "The source lists no duty for this experiment.\n")

        people = derive.people_of_experiment(self.site, experiment_id)
        parts.append("## People\n")
        parts.append(
            bullet_list(f"{self.link('people', person.id)}: {text(person.role)}" for person in people)
            if people
            else "No owner or interim owner of a duty of this experiment is named.\n"
        )

        milestones = derive.milestones_of_experiment(self.site, experiment_id)
        if milestones:
            parts.append("## Ramp-down steps\n")
            parts.append(bullet_list(self.milestone_line(item) for item in milestones))
        parts.append(self.guide_views().experiment_guides(experiment_id))
        parts.append(self.provenance(experiment))
        return "\n".join(parts)

    # Ramp-down plan ------------------------------------------------------------------------

    def milestone_owner(self, milestone: model.Milestone) -> str:
        return self.link("people", milestone.owner) or self.link("units", milestone.owner_unit) or "not stated"

    def milestone_line(self, milestone: model.Milestone) -> str:
        when = text(milestone.when_as_written) if milestone.when_as_written else "no date given"
        return f"{self.link('milestones', milestone.id, f'Step {milestone.number}: {milestone.title}')} ({when})"

    def rampdown_table(self) -> str:
        headers = ["Step", "What", "Owner", "Start", "Due", "As written", "Status"]
        rows = [
            [
                str(item.number),
                self.link("milestones", item.id, item.title),
                self.milestone_owner(item),
                format_date(item.start),
                format_date(item.due),
                text(item.when_as_written),
                text(item.status),
            ]
            for item in self.site.milestones.values()
        ]
        return table(headers, rows)

    def rampdown_timeline(self) -> str:
        """Render the steps by month of their due date, then those without a date."""
        by_month: dict[str, list[model.Milestone]] = defaultdict(list)
        undated = []
        for item in self.site.milestones.values():
            when = item.due or item.start
            if when:
                by_month[when.strftime("%Y-%m")].append(item)
            else:
                undated.append(item)
        parts = []
        for month in sorted(by_month):
            items = sorted(by_month[month], key=lambda item: (item.due or item.start, item.number))
            parts.append(f"### {month}\n\n" + bullet_list(self.milestone_line(item) for item in items))
        if undated:
            parts.append("### No date given\n\n" + bullet_list(self.milestone_line(item) for item in undated))
        return "\n".join(parts)

    def milestone_sections(self) -> str:
        sections = []
        for item in self.site.milestones.values():
            facts = [
                f"**Owner:** {self.milestone_owner(item)}",
                f"**When, as written:** {text(item.when_as_written) or 'no date given'}",
                f"**Start:** {format_date(item.start) or 'not set'}; **due:** {format_date(item.due) or 'not set'}",
                f"**Status:** {text(item.status)}",
            ]
            if item.experiments:
                facts.append(f"**Experiments:** {self.links('experiments', item.experiments)}")
            if item.people:
                facts.append(f"**People:** {self.links('people', item.people)}")
            sections.append(
                f"### Step {item.number}: {text(item.title)} {{#{item.id}}}\n\n{paragraphs(item.description)}\n\n"
                + bullet_list(facts)
                + self.provenance(item)
            )
        return record_sections(sections)

    # Reassignments -------------------------------------------------------------------------

    def reassignment_table(self) -> str:
        total = derive.reassignment_total(self.site)
        headers = ["#", "Reassignment", "FTE", "Interns or associates", "Lead"]
        rows = [
            [
                str(item.number),
                self.link("reassignments", item.id, item.title),
                text(_decimal_text(item.fte)),
                str(item.interns),
                self.link("people", item.lead),
            ]
            for item in self.site.reassignments.values()
        ]
        rows.append(["", "**Total (computed)**", f"**{total.fte}**", f"**{total.interns}**", ""])
        result = table(headers, rows)
        stated = self.site.settings.reassignment_total_as_stated
        if total.matches_stated:
            result += f"\nThe computed total matches the total the source states ({text(stated.as_written)}).\n"
        else:
            result += (
                f'\n!!! warning "The stated total differs from the sum"\n'
                f"    The source states “{text(stated.as_written)}”, but its items add up to "
                f"{total.fte} FTE and {total.interns} interns or associates. "
                f"This site shows the computed sum.\n"
            )
        return result

    def reassignment_sections(self) -> str:
        sections = []
        for item in self.site.reassignments.values():
            positions = "position" if item.interns == 1 else "positions"
            facts = [f"**Effort:** {_decimal_text(item.fte)} FTE and {item.interns} intern or associate {positions}"]
            if item.lead:
                facts.append(f"**Lead:** {self.link('people', item.lead)}")
            if item.services:
                facts.append(f"**Services:** {self.links('services', item.services)}")
            if item.experiments:
                facts.append(f"**Experiments:** {self.links('experiments', item.experiments)}")
            sections.append(
                f"### {item.number}. {text(item.title)} {{#{item.id}}}\n\n{paragraphs(item.description)}\n\n"
                + bullet_list(facts)
                + self.provenance(item)
            )
        return record_sections(sections)

    # Organisation and people -----------------------------------------------------------------

    def units_table(self) -> str:
        headers = ["Unit", "Kind", "Part of", "Lead", "Deputy", "Status"]
        rows = [
            [
                self.link("units", unit.id, f"{unit.short_name}: {unit.name}"),
                text(unit.kind),
                self.link("units", unit.parent, self.site.units[unit.parent].short_name) if unit.parent else "",
                self.link("people", unit.lead),
                self.link("people", unit.deputy),
                text(unit.status),
            ]
            for unit in self.site.units.values()
        ]
        return table(headers, rows)

    def unit_sections(self) -> str:
        sections = []
        for unit in self.site.units.values():
            members = [person for person in self.site.people.values() if person.unit == unit.id]
            joining = [person for person in self.site.people.values() if person.moves_to == unit.id]
            joining_units = [other.id for other in self.site.units.values() if other.moves_to == unit.id]
            facts = []
            if unit.aliases:
                facts.append(f"**Also written as:** {', '.join(text(alias) for alias in unit.aliases)}")
            if members:
                facts.append(f"**Members in the source:** {self.links('people', [p.id for p in members])}")
            if joining:
                facts.append(f"**Joining under the plan:** {self.links('people', [p.id for p in joining])}")
            if joining_units:
                facts.append(f"**Teams moving in:** {self.links('units', joining_units)}")
            if unit.moves_to:
                facts.append(f"**Moves to:** {self.link('units', unit.moves_to)}")
            sections.append(
                f"### {text(unit.short_name)}: {text(unit.name)} {{#{unit.id}}}\n\n{paragraphs(unit.description)}\n\n"
                + (bullet_list(facts) if facts else "")
                + self.provenance(unit)
            )
        return record_sections(sections)

    def org_changes(self) -> str:
        by_area: dict[str, list[model.OrgChange]] = defaultdict(list)
        for change in self.site.org_changes.values():
            by_area[change.area].append(change)
        parts = []
        for area in ("projects", "operations and support", "groups and personnel"):
            if not by_area[area]:
                continue
            parts.append(f"### {area.capitalize()}\n")
            for change in by_area[area]:
                facts = []
                if change.from_unit or change.to_unit:
                    move = " → ".join(
                        self.link("units", unit_id, self.site.units[unit_id].short_name)
                        for unit_id in (change.from_unit, change.to_unit)
                        if unit_id
                    )
                    facts.append(f"**Moves:** {move}")
                if change.people:
                    facts.append(f"**People:** {self.links('people', change.people)}")
                if change.services:
                    facts.append(f"**Services:** {self.links('services', change.services)}")
                if change.when_as_written:
                    facts.append(f"**When:** {text(change.when_as_written)}")
                if change.condition:
                    facts.append(f"**Condition:** {text(change.condition)}")
                parts.append(
                    f"#### {text(change.title)} {{#{change.id}}}\n\n{paragraphs(change.description)}\n\n"
                    + (bullet_list(facts) if facts else "")
                    + self.provenance(change)
                )
        return "\n".join(parts)

    def people_table(self) -> str:
        headers = ["Name", "Group", "Role", "Appointment", "Arrives", "Leaves"]
        rows = []
        for person in self.site.people.values():
            group = (
                self.link("units", person.unit, self.site.units[person.unit].short_name)
                if person.unit
                else "not stated"
            )
            if person.moves_to:
                group += f" → {self.link('units', person.moves_to, self.site.units[person.moves_to].short_name)}"
            rows.append(
                [
                    self.link("people", person.id),
                    group,
                    text(person.role),
                    text(person.appointment) + ("" if person.filled else " (to be hired)"),
                    format_date(person.arrives),
                    format_date(person.leaves) or text(person.leaves_as_written),
                ]
            )
        return table(headers, rows)

    def person_sections(self) -> str:
        sections = []
        for person in self.site.people.values():
            facts = [f"**Role:** {text(person.role)}", f"**Appointment:** {text(person.appointment)}"]
            if person.position:
                facts.append(f"**Position:** {text(person.position)}")
            if person.aliases:
                facts.append(f"**Also written as:** {', '.join(text(alias) for alias in person.aliases)}")
            if person.arrives:
                facts.append(f"**Arrives:** {format_date(person.arrives)}")
            if person.leaves or person.leaves_as_written:
                leaves = format_date(person.leaves) or "no date"
                if person.leaves_as_written:
                    leaves += f" (the source says: {text(person.leaves_as_written)})"
                facts.append(f"**Leaves:** {leaves}")
            owned = derive.duties_owned_by(self.site, person.id)
            if owned:
                facts.append(f"**Hands over:** {self.links('duties', [duty.id for duty in owned])}")
            covered = derive.duties_covered_by(self.site, person.id)
            if covered:
                facts.append(f"**Covers in the interim:** {self.links('duties', [duty.id for duty in covered])}")
            if person.notes:
                facts.append(f"**Note:** {text(person.notes)}")
            sections.append(
                f"### {text(person.name)} {{#{person.id}}}\n\n" + bullet_list(facts) + self.provenance(person)
            )
        return record_sections(sections)

    # Services and job descriptions -----------------------------------------------------------

    def services_table(self) -> str:
        headers = ["Service", "Kind", "In 2016", "Today", "Status today"]
        rows = [
            [
                self.link("services", service.id),
                text(service.kind),
                text(service.in_2016),
                text(service.today),
                text(service.status),
            ]
            for service in self.site.services.values()
        ]
        return table(headers, rows)

    def service_sections(self) -> str:
        sections = []
        for service in self.site.services.values():
            facts = [f"**Status today:** {text(service.status)}"]
            if service.aliases:
                facts.append(f"**Also written as:** {', '.join(text(alias) for alias in service.aliases)}")
            if service.owners:
                facts.append(f"**Run by:** {self.links('units', service.owners)}")
            duties = [duty.id for duty in derive.duties_using_service(self.site, service.id)]
            if duties:
                facts.append(f"**Duties that use it:** {self.links('duties', duties)}")
            sections.append(
                f"### {text(service.name)} {{#{service.id}}}\n\n{paragraphs(service.description)}\n\n"
                + bullet_list(facts)
                + self.provenance(service)
            )
        return record_sections(sections)

    def job_descriptions(self) -> str:
        sections = []
        for job in self.site.job_descriptions.values():
            facts = [f"**Department:** {self.link('units', job.unit)}", f"**Status:** {text(job.status)}"]
            if job.for_people:
                facts.append(f"**Positions it fills:** {self.links('people', job.for_people)}")
            sections.append(
                f"## {text(job.title)} {{#{job.id}}}\n\n{paragraphs(job.summary)}\n\n"
                + bullet_list(facts)
                + "\n### Responsibilities\n\n"
                + bullet_list(text(item) for item in job.responsibilities)
                + "\n### Qualifications\n\n"
                + bullet_list(text(item) for item in job.qualifications)
                + self.provenance(job)
            )
        return record_sections(sections)

    # Discrepancies -----------------------------------------------------------------------------

    def discrepancies(self) -> str:
        """List every place where the source contradicts itself and the reading this site kept."""
        rows = []
        for collection, records in self.site.collections.items():
            for record in records.values():
                for item in getattr(record, "discrepancies", []):
                    rows.append(
                        [
                            self.link(collection, record.id),
                            text(item.key),
                            "<br>".join(f"{text(r.place)}: “{text(r.says)}”" for r in item.readings),
                            text(item.kept),
                            text(item.reason),
                        ]
                    )
        total = derive.reassignment_total(self.site)
        if not total.matches_stated:
            stated = self.site.settings.reassignment_total_as_stated
            rows.append(
                [
                    self.linker.link("Reassignment total", "reassignments.md"),
                    "total",
                    f"Stated: “{text(stated.as_written)}”<br>Sum of the items: {total.fte} FTE, {total.interns}",
                    f"{total.fte} FTE and {total.interns} interns or associates",
                    "A total is computed from its parts, so it cannot drift from them.",
                ]
            )
        return table(["Record", "Value", "What the source says", "Kept", "Why"], rows)


def _name_of(record: model.Record) -> str:
    for attribute in ("name", "title"):
        value = getattr(record, attribute, None)
        if value:
            return value
    return record.id


def _decimal_text(value: float) -> str:
    return format(value, "g")
