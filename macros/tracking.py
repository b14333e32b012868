"""Markdown for tracking the handoff: risks, the filterable matrix, and views by person,
experiment and receiving side.

Every date is measured against `site.reference_date`. The risk report is computed once per
build and passed in. Nothing here reads files or imports MkDocs.
"""

from __future__ import annotations

import datetime
from collections import Counter

from macros import derive, model
from macros.exports import CALENDAR_PATH, CSV_PATH, JSON_PATH
from macros.loader import SiteData
from macros.markdown import bullet_list, format_date, record_sections, table, text
from macros.matrix import CADENCE_ORDER, STATUS_ORDER, MatrixRecord, matrix_records
from macros.risks import HANDED_OVER, RULES, RULES_BY_ID, Flag, RiskReport, open_duties
from macros.views import Views

# The risk summary shows a rule's flags unfolded when there are at most this many.
OPEN_FLAG_LIMIT = 5

# Anchor of the group of duties that serve every experiment. No experiment's anchor can
# take this form, because those all start with "experiment-".
SHARED_DUTIES_ANCHOR = "shared-duties"

MATRIX_HEADERS = [
    "Experiment",
    "Duty",
    "Cadence",
    "Scale",
    "Owner",
    "End of contract",
    "Receiving side",
    "Handoff due",
    "Status",
    "Risks",
]


def html_attribute(value: str) -> str:
    """Encode a value for an HTML attribute inside a Markdown table cell.

    Every character except letters, digits and spaces becomes a numeric character
    reference, so that neither the table (`|`) nor Markdown's inline syntax (`*`, `_`, `[`,
    a backslash) can read it.
    """
    return "".join(char if char.isalnum() or char == " " else f"&#{ord(char)};" for char in value)


class TrackingViews(Views):
    """Renders the tracking parts of the site for one page."""

    def __init__(self, site: SiteData, report: RiskReport, page_path: str) -> None:
        super().__init__(site, page_path)
        self.report = report
        self.records = {record.duty: record for record in matrix_records(site, report)}

    def risk_summary(self) -> str:
        """Render every risk rule with its count and the records it flags, each linked."""
        settings = self.site.settings
        parts = [
            (
                f"Measured on **{format_date(settings.reference_date)}**, the reference date, "
                f"and not on the day the site was built: {text(settings.reference_date_note)}\n"
            ),
            f"{len(self.report.flags)} flags from {len(RULES)} checks.\n",
        ]
        for rule in RULES:
            flags = self.report.of_rule(rule.id)
            if not flags:
                parts.append(f'??? success "{rule.title}: none"\n    {text(rule.explanation)}\n')
                continue
            marker = "???+" if len(flags) <= OPEN_FLAG_LIMIT else "???"
            items = "\n".join(f"    - {self.flag_line(flag)}" for flag in flags)
            parts.append(f'{marker} warning "{rule.title}: {len(flags)}"\n    {text(rule.explanation)}\n\n{items}\n')
        return "\n".join(parts)

    def flag_line(self, flag: Flag, *, with_record: bool = True) -> str:
        line = text(flag.message)
        if with_record:
            line = f"{self.link(flag.collection, flag.record_id)}: {line}"
        if flag.related:
            line += " (" + ", ".join(self.link(collection, record_id) for collection, record_id in flag.related) + ")"
        return line

    def risk_labels(self, record: MatrixRecord) -> str:
        return ", ".join(text(RULES_BY_ID[rule_id].label) for rule_id in record.risks)

    def tracked_matrix(self) -> str:
        """Render the handoff matrix with a Risks column and the values the browser filters on.

        The table reads as an ordinary table. The first cell of each row contains an empty
        `span.handoff-row` whose data attributes the matrix script reads to filter and sort.
        """
        rows = []
        for record in self.records.values():
            duty = self.site.duties[record.duty]
            rows.append(
                [
                    self.row_marker(record) + self.experiment_label(duty),
                    self.link("duties", duty.id, duty.title),
                    text(duty.cadence),
                    text(record.scale),
                    self.link("people", duty.owner) or "nobody named",
                    self.end_of_contract(duty.owner),
                    self.receiving_side(duty),
                    format_date(record.handoff_due),
                    text(duty.status),
                    self.risk_labels(record),
                ]
            )
        return table(MATRIX_HEADERS, rows)

    def row_marker(self, record: MatrixRecord) -> str:
        values = {
            "duty": record.duty,
            # "(all)" cannot be an experiment id, so it stands for duties of every experiment.
            "experiment": record.experiment or "(all)",
            "experiment-label": self.site.experiments[record.experiment].name
            if record.experiment
            else "All experiments",
            "cadence": record.cadence,
            "status": record.status,
            "receiver": record.receiving_side,
            "receiver-label": self.receiver_label(record),
            # Sort keys for columns whose text does not sort in a useful order.
            "rank-cadence": str(CADENCE_ORDER.index(record.cadence)),
            "rank-status": str(STATUS_ORDER.index(record.status)),
            "rank-scale": str(record.jobs_per_day) if record.jobs_per_day is not None else "",
            "rank-risks": str(len(record.risks)),
        }
        attributes = " ".join(f'data-{name}="{html_attribute(value)}"' for name, value in values.items())
        return f'<span class="handoff-row" {attributes}></span>'

    def receiver_label(self, record: MatrixRecord) -> str:
        if record.receiver == "experiment":
            return "The experiment"
        if record.receiver == "group" and record.receiving_group:
            return self.site.units[record.receiving_group].short_name
        return "Not stated"

    def export_links(self) -> str:
        """List the files every build writes from the matrix, with what each contains."""
        items = [
            (
                f"[Matrix as CSV]({self.linker.url(CSV_PATH)}): one row per duty, with ids in place of "
                "names, ISO 8601 dates, and the ids of the risk rules that flag it, separated by semicolons."
            ),
            (
                f"[Matrix as JSON]({self.linker.url(JSON_PATH)}): the same records, with the reference date "
                "and the list of risk rules."
            ),
            (
                f"[Deadlines as iCalendar]({self.linker.url(CALENDAR_PATH)}): an all-day event for each "
                "handoff deadline and each dated ramp-down step. Subscribe to it in a calendar program: "
                "each event keeps its UID from build to build, so a changed date updates the event."
            ),
        ]
        return bullet_list(items)

    def involved_people(self) -> list[model.Person]:
        """Return the people who hold, cover or lead something in the handoff, in data order."""
        involved = set()
        for duty in self.site.duties.values():
            involved.update(person for person in (duty.owner, duty.successor.interim) if person)
        for milestone in self.site.milestones.values():
            involved.update(milestone.people)
            if milestone.owner:
                involved.add(milestone.owner)
        return [person for person in self.site.people.values() if person.id in involved]

    def handoffs_by_person(self) -> str:
        """Render one section per person: what they hand over, what they take on, their deadlines."""
        sections = [self.person_section(person) for person in self.involved_people()]
        return record_sections(sections)

    def person_section(self, person: model.Person) -> str:
        owned = derive.duties_owned_by(self.site, person.id)
        covered = derive.duties_covered_by(self.site, person.id)
        parts = [f"## {text(person.name)} {{#{person.id}}}\n", self.person_summary(person, owned, covered)]

        flags = self.report.involving("people", person.id)
        if flags:
            lines = [
                self.flag_line(flag, with_record=(flag.collection, flag.record_id) != ("people", person.id))
                for flag in flags
            ]
            parts.append('!!! warning "Risks"\n' + "\n".join(f"    - {line}" for line in lines) + "\n")

        if owned:
            parts.append("### Hands over\n")
            headers = ["Duty", "Experiment", "Receiving side", "Handoff due", "Status"]
            rows = [
                [
                    self.link("duties", duty.id, duty.title),
                    self.experiment_label(duty),
                    self.receiving_side(duty),
                    format_date(derive.handoff_due(self.site, duty)),
                    text(duty.status),
                ]
                for duty in owned
            ]
            parts.append(table(headers, rows))
        if covered:
            parts.append("### Takes on\n")
            headers = ["Duty", "From", "Takes over by", "Afterwards it goes to", "Status"]
            rows = [
                [
                    self.link("duties", duty.id, duty.title),
                    self.link("people", duty.owner) or "nobody named",
                    format_date(derive.handoff_due(self.site, duty)),
                    self.final_receiver(duty),
                    text(duty.status),
                ]
                for duty in covered
            ]
            parts.append(table(headers, rows))
        parts.append("### Deadlines\n")
        parts.append(self.deadline_table(person, owned, covered))
        return "\n".join(parts)

    def person_summary(self, person: model.Person, owned: list[model.Duty], covered: list[model.Duty]) -> str:
        if person.leaves:
            leaves = format_date(person.leaves)
        else:
            leaves = text(person.leaves_as_written) if person.leaves_as_written else "not stated"
        facts = [
            f"**Appointment:** {text(person.appointment)}",
            f"**End of contract:** {leaves}",
            f"**Duties:** hands over {len(owned)}, takes on {len(covered)} in the interim",
            f"**Details:** {self.link('people', person.id, 'people list')}",
        ]
        return bullet_list(facts)

    def final_receiver(self, duty: model.Duty) -> str:
        successor = duty.successor
        if successor.receiver == "experiment":
            return self.link("experiments", duty.experiment) if duty.experiment else "each experiment"
        if successor.receiver == "group" and successor.group:
            return self.link("units", successor.group, self.site.units[successor.group].short_name)
        return "not stated"

    def deadline_table(self, person: model.Person, owned: list[model.Duty], covered: list[model.Duty]) -> str:
        dated: list[tuple[datetime.date, str]] = []
        undated: list[str] = []
        for duty in owned:
            dated.append((derive.handoff_due(self.site, duty), f"Hand over {self.link('duties', duty.id, duty.title)}"))
        for duty in covered:
            source = self.link("people", duty.owner) if duty.owner else "its owner"
            dated.append(
                (
                    derive.handoff_due(self.site, duty),
                    f"Take over {self.link('duties', duty.id, duty.title)} from {source}",
                )
            )
        for milestone in self.site.milestones.values():
            if person.id != milestone.owner and person.id not in milestone.people:
                continue
            role = "leads" if person.id == milestone.owner else "takes part in"
            label = f"Ramp-down step {milestone.number}, which this person {role}: " + self.link(
                "milestones", milestone.id, milestone.title
            )
            if milestone.due or milestone.start:
                dated.append((milestone.due or milestone.start, label))
            else:
                undated.append(label)
        if person.leaves:
            dated.append((person.leaves, "Contract ends"))

        rows = [[format_date(day), self.relative(day), what] for day, what in sorted(dated, key=lambda item: item[0])]
        rows.extend(["no date", "", what] for what in undated)
        return table(["Date", "From the reference date", "What"], rows)

    def relative(self, day: datetime.date) -> str:
        days = (day - self.site.settings.reference_date).days
        if days == 0:
            return "on the reference date"
        unit = "day" if abs(days) == 1 else "days"
        return f"in {days} {unit}" if days > 0 else f"**{-days} {unit} before**"

    def handoffs_by_experiment(self) -> str:
        """Render one section per experiment with its duties, their status, deadlines and risks."""
        sections = []
        for anchor, label, duties in duty_groups_by_experiment(self.site):
            heading = f"## {text(label)} {{#{anchor}}}\n"
            sections.append(heading + "\n" + self.duty_group(duties, receiver_column=True))
        without = [
            item for item in self.site.experiments.values() if not derive.duties_of_experiment(self.site, item.id)
        ]
        if without:
            sections.append(
                "## Experiments with no duty of their own\n\n"
                + ", ".join(self.link("experiments", item.id) for item in without)
                + ". The source lists no duty that OPOS runs for them alone.\n"
            )
        return record_sections(sections)

    def duty_group(self, duties: list[model.Duty], *, receiver_column: bool) -> str:
        """Render a status line and a table for a group of duties."""
        statuses = Counter(duty.status for duty in duties)
        handed = statuses[HANDED_OVER]
        counts = ", ".join(f"{statuses[status]} {status}" for status in STATUS_ORDER if statuses[status])
        pending = open_duties(duties)
        next_due = min((derive.handoff_due(self.site, duty) for duty in pending), default=None)
        summary = f"{handed} of {len(duties)} handed over ({counts})."
        if next_due:
            summary += f" Next handoff due: {format_date(next_due)}."

        headers = ["Duty", "Cadence", "Owner", "Handoff due", "Status", "Risks"]
        if receiver_column:
            headers.insert(3, "Receiving side")
        rows = []
        for duty in duties:
            row = [
                self.link("duties", duty.id, duty.title),
                text(duty.cadence),
                self.link("people", duty.owner) or "nobody named",
                format_date(derive.handoff_due(self.site, duty)),
                text(duty.status),
                self.risk_labels(self.records[duty.id]),
            ]
            if receiver_column:
                row.insert(3, self.receiving_side(duty))
            rows.append(row)
        return summary + "\n\n" + table(headers, rows)

    def people_by_experiment(self) -> str:
        """Render a pivot table: people down, experiments across, duties held and covered in the cells."""
        groups = duty_groups_by_experiment(self.site)
        people = [
            person
            for person in self.site.people.values()
            if derive.duties_owned_by(self.site, person.id) or derive.duties_covered_by(self.site, person.id)
        ]
        headers = ["Person", *(self.group_link(anchor, label) for anchor, label, _ in groups), "Total"]
        rows = []
        for person in people:
            cells = [self.link("people", person.id)]
            owned_total = covered_total = 0
            for _, _, duties in groups:
                owned = sum(1 for duty in duties if duty.owner == person.id)
                covered = sum(1 for duty in duties if duty.successor.interim == person.id)
                owned_total += owned
                covered_total += covered
                cells.append(_pivot_cell(owned, covered))
            cells.append(_pivot_cell(owned_total, covered_total))
            rows.append(cells)
        rows.append(["**Duties**", *(f"**{len(duties)}**" for _, _, duties in groups), f"**{len(self.site.duties)}**"])
        return table(headers, rows)

    def group_link(self, anchor: str, label: str) -> str:
        return self.linker.link(label, "handoff-by-experiment.md", anchor)

    def handoffs_by_receiver(self) -> str:
        """Render what each group and each experiment takes over, then the duties with no receiver named."""
        duties = list(self.site.duties.values())
        sections = []
        for unit in self.site.units.values():
            received = [
                duty for duty in duties if duty.successor.receiver == "group" and duty.successor.group == unit.id
            ]
            if received:
                heading = f"## {text(unit.short_name)} takes on {{#group-{unit.id}}}\n\n"
                sections.append(heading + self.workload(received) + self.duty_group(received, receiver_column=False))

        by_experiment = [duty for duty in duties if duty.successor.receiver == "experiment"]
        if by_experiment:
            sections.append("## The experiments take on {#experiments}\n")
            for anchor, label, group in duty_groups_by_experiment(self.site):
                received = [duty for duty in group if duty.successor.receiver == "experiment"]
                if received:
                    if anchor == SHARED_DUTIES_ANCHOR:
                        label = "Each experiment, for duties that serve all of them"
                    sections.append(
                        f"### {text(label)} {{#{anchor}}}\n\n"
                        + self.workload(received)
                        + self.duty_group(received, receiver_column=False)
                    )

        unnamed = [
            duty
            for duty in duties
            if duty.successor.receiver == "not stated"
            or (duty.successor.receiver == "group" and not duty.successor.group)
        ]
        if unnamed:
            sections.append(
                "## Nobody named {#not-stated}\n\nThe data names no one to take these duties over.\n\n"
                + self.duty_group(unnamed, receiver_column=False)
            )
        return record_sections(sections)

    def workload(self, duties: list[model.Duty]) -> str:
        """Describe how often the received duties run and how many jobs a day they add."""
        cadences = Counter(duty.cadence for duty in duties)
        described = ", ".join(f"{cadences[cadence]} {cadence}" for cadence in CADENCE_ORDER if cadences[cadence])
        jobs = sum(duty.scale.jobs_per_day for duty in duties if duty.scale and duty.scale.jobs_per_day)
        line = f"**Workload:** {len(duties)} duties ({described})"
        if jobs:
            line += f", about {jobs:,} jobs a day where the source gives a number"
        interims = [duty for duty in duties if duty.successor.interim]
        if interims:
            line += f"; {len(interims)} covered first by a named person"
        return line + ".\n\n"


def _pivot_cell(owned: int, covered: int) -> str:
    parts = []
    if owned:
        parts.append(f"holds {owned}")
    if covered:
        parts.append(f"covers {covered}")
    return ", ".join(parts)


def duty_groups_by_experiment(site: SiteData) -> list[tuple[str, str, list[model.Duty]]]:
    """Return (anchor, label, duties) per experiment that has duties, then the duties of all."""
    groups = []
    for experiment in site.experiments.values():
        duties = derive.duties_of_experiment(site, experiment.id)
        if duties:
            groups.append((f"experiment-{experiment.id}", experiment.name, duties))
    shared = [duty for duty in site.duties.values() if not duty.experiment]
    if shared:
        groups.append((SHARED_DUTIES_ANCHOR, "All experiments", shared))
    return groups
