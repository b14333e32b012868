"""Markdown for procedures, guides and each experiment's progress through them.

Guide pages live at `guides/<guide id>/index.md`, and an experiment's version of a guide at
`guides/<guide id>/<experiment id>.md`. Steps carry the anchor `<procedure id>--<step id>`,
which is unique on a page because ids never contain two hyphens in a row.
"""

from __future__ import annotations

import datetime
import re

from macros import derive, model
from macros.checklists import Party, checklist_path, experiment_copies
from macros.markdown import bullet_list, format_date, paragraphs, record_sections, table, text
from macros.procedures import ROLE_DESCRIPTIONS, Guide, Procedure, Progress, Step
from macros.progress import (
    GuideProgress,
    StepState,
    guide_progress,
    guides_of_experiment,
    step_states,
    tracked_experiments,
)
from macros.training_views import TRACK_DIR
from macros.views import Views

GUIDE_DIR = "guides"


def guide_path(guide_id: str, experiment_id: str | None = None) -> str:
    return f"{GUIDE_DIR}/{guide_id}/{experiment_id or 'index'}.md"


def step_anchor(procedure_id: str, step_id: str) -> str:
    return f"{procedure_id}--{step_id}"


def next_review_date(record: model.Reviewed) -> datetime.date:
    """Return the day the record is due for review: `review_every_months` after the last one.

    A day that does not exist in the target month becomes that month's last day.
    """
    months = record.last_reviewed.month - 1 + record.review_every_months
    year = record.last_reviewed.year + months // 12
    month = months % 12 + 1
    for day in range(record.last_reviewed.day, 27, -1):
        try:
            return datetime.date(year, month, day)
        except ValueError:
            continue
    return datetime.date(year, month, min(record.last_reviewed.day, 28))


def code_block(lines: list[str], language: str = "sh") -> str:
    """Fence shell lines so that no backtick run inside them can close the fence early."""
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n" + "\n".join(lines) + f"\n{fence}\n"


def indent(markdown: str, spaces: int = 4) -> str:
    """Indent every non-blank line, as admonition bodies need."""
    prefix = " " * spaces
    return "\n".join(prefix + line if line.strip() else "" for line in markdown.splitlines())


class GuideViews(Views):
    """Renders procedures, guides and progress for one page."""

    def review_facts(self, record: model.Reviewed) -> list[str]:
        return [
            f"**Maintained by:** {self.link('units', record.owner)}",
            f"**Last reviewed:** {format_date(record.last_reviewed)}",
            f"**Next review due:** {format_date(next_review_date(record))}",
        ]

    def party(self, party: Party) -> str:
        """Render who is responsible for an item: the role, then the named person, group or team."""
        role = text(party.role) if party.role else ""
        if not party.collection or not party.record_id:
            return role
        record = self.site.collections[party.collection][party.record_id]
        if party.collection == "experiments":
            name = self.link("experiments", party.record_id, f"{record.name} production team")
        elif party.collection == "units":
            name = self.link("units", party.record_id, record.short_name)
        else:
            name = self.link(party.collection, party.record_id)
        return f"{role}: {name}" if role else name

    def step_block(
        self, step: Step, number: int, anchor: str, level: int, state: StepState | None, subject: str | None
    ) -> str:
        parts = [f"{'#' * level} {number}. {text(step.title)} {{#{anchor}}}\n"]
        if state is not None:
            parts.append(self.state_line(state, subject) + "\n")
        parts.append(f"**Who acts:** {text(step.actor)}\n")
        parts.append(paragraphs(step.action) + "\n")
        if step.commands:
            parts.append(code_block(step.commands))
        parts.append(f"**Done when:** {text(step.done_when)}\n")
        if step.services:
            parts.append(f"**Services:** {self.links('services', step.services)}\n")
        if step.links:
            parts.append(
                "**Further reading:** " + ", ".join(f"[{text(link.label)}]({link.url})" for link in step.links) + "\n"
            )
        if step.history:
            parts.append('!!! info "History"\n' + indent(paragraphs(step.history)) + "\n")
        return "\n".join(parts)

    def state_line(self, state: StepState, subject: str | None) -> str:
        line = f"**Status for {text(subject)}:** {text(state.status)}"
        if state.date:
            line += f" ({format_date(state.date)})"
        line += "."
        if state.note:
            line += f" {text(state.note)}"
        return line

    def procedure_steps(
        self,
        procedure: Procedure,
        level: int,
        states: list[StepState] | None = None,
        subject: str | None = None,
    ) -> str:
        """Render the steps in order, each under a heading of `level` with its anchor."""
        blocks = []
        for number, step in enumerate(procedure.steps, start=1):
            state = states[number - 1] if states else None
            anchor = step_anchor(procedure.id, step.id)
            blocks.append(self.step_block(step, number, anchor, level, state, subject))
        return "\n".join(blocks)

    def procedure_sections(self) -> str:
        """Render every procedure with its steps, the guides and duties that use it, and progress."""
        sections = []
        guides_using: dict[str, list[str]] = {}
        for guide in self.site.guides.values():
            for procedure_id in dict.fromkeys(guide.procedures):
                guides_using.setdefault(procedure_id, []).append(guide.id)
        for procedure in self.site.procedures.values():
            facts = self.review_facts(procedure)
            guides = guides_using.get(procedure.id, [])
            if guides:
                facts.append("**In guides:** " + ", ".join(self.guide_link(guide_id) for guide_id in guides))
            duties = [duty.id for duty in derive.duties_using_procedure(self.site, procedure.id)]
            if duties:
                facts.append(f"**Duties it covers:** {self.links('duties', duties)}")
            body = self.procedure_steps(procedure, level=3)
            sections.append(
                f"## {text(procedure.title)} {{#{procedure.id}}}\n\n{paragraphs(procedure.summary)}\n\n"
                + bullet_list(facts)
                + "\n"
                + self.provenance(procedure)
                + body
                + self.progress_records(procedure)
            )
        return record_sections(sections)

    def progress_records(self, procedure: Procedure) -> str:
        if "progress by procedure" not in self.site.derived:
            by_procedure: dict[str, list[Progress]] = {}
            for record in self.site.progress.values():
                by_procedure.setdefault(record.procedure, []).append(record)
            self.site.derived["progress by procedure"] = by_procedure
        records = self.site.derived["progress by procedure"].get(procedure.id, [])
        if not records:
            return ""
        parts = ["\n### Progress recorded\n"]
        for record in records:
            states = step_states(self.site, record.experiment, procedure)
            finished = sum(state.finished for state in states)
            experiment = self.site.experiments[record.experiment]
            line = (
                f"**{self.link('experiments', record.experiment)}:** "
                f"{finished} of {len(states)} steps finished as of {format_date(record.as_of)}."
            )
            if record.note:
                line += f" {text(record.note)}"
            versions = [
                self.linker.link(f"{experiment.name}: {guide.title}", guide_path(guide.id, experiment.id))
                for guide in guides_of_experiment(self.site, experiment.id)
                if procedure.id in guide.procedures
            ]
            if versions:
                line += " Guides: " + ", ".join(versions) + "."
            if record.source:
                line += f" Source: {text(record.source)}."
            parts.append(f"{line}\n{{: #{record.id} }}\n")
        return "\n".join(parts) + "\n"

    def guide_link(self, guide_id: str, experiment_id: str | None = None) -> str:
        guide = self.site.guides[guide_id]
        label = guide.title
        if experiment_id:
            label = f"{self.site.experiments[experiment_id].name}: {guide.title}"
        return self.linker.link(label, guide_path(guide_id, experiment_id))

    def guides_index(self) -> str:
        """Render one section per guide: who it is for, what it covers, and each experiment's version."""
        sections = []
        for guide in self.site.guides.values():
            facts = [
                f"**For:** {text(guide.audience)}",
                f"**Procedures:** {self.links('procedures', guide.procedures)}",
            ]
            versions = [
                self.guide_link(guide.id, experiment_id) for experiment_id in tracked_experiments(self.site, guide)
            ]
            if versions:
                facts.append("**Versions for experiments:** " + ", ".join(versions))
            sections.append(
                f"## {self.guide_link(guide.id)} {{#{guide.id}}}\n\n{paragraphs(guide.summary)}\n\n"
                + bullet_list(facts)
            )
        return record_sections(sections)

    def roles_table(self) -> str:
        """Render the roles that act in steps and are responsible for checklist items."""
        return table(
            ["Role", "Who that is"],
            [[text(role), text(description)] for role, description in ROLE_DESCRIPTIONS.items()],
        )

    def guide_page(self, guide_id: str, experiment_id: str | None = None) -> str:
        """Render a guide; for an experiment, each step also shows how far the experiment has got."""
        guide: Guide = self.site.guides[guide_id]
        experiment = self.site.experiments[experiment_id] if experiment_id else None
        title = f"{experiment.name}: {guide.title}" if experiment else guide.title
        parts = [f"# {text(title)}\n", paragraphs(guide.summary) + "\n"]
        progress = guide_progress(self.site, guide, experiment_id) if experiment_id else None
        if progress:
            parts.append(self.progress_summary(progress))
        else:
            parts.append(self.guide_facts(guide))
        if guide.introduction:
            parts.append(paragraphs(guide.introduction) + "\n")
        if guide.history:
            parts.append('!!! info "History"\n' + indent(paragraphs(guide.history)) + "\n")
        for number, procedure_id in enumerate(guide.procedures, start=1):
            procedure = self.site.procedures[procedure_id]
            states = [state for state in progress.states if state.procedure.id == procedure_id] if progress else None
            heading = f"Part {number}: {procedure.title}" if len(guide.procedures) > 1 else "Steps"
            parts.append(f"## {text(heading)} {{#{procedure.id}}}\n")
            parts.append(paragraphs(procedure.summary) + "\n")
            parts.append(self.procedure_steps(procedure, 3, states, experiment.name if experiment else None))
        parts.append(self.provenance(guide))
        return "\n".join(parts)

    def guide_facts(self, guide: Guide) -> str:
        facts = [f"**For:** {text(guide.audience)}"]
        if guide.training_track:
            track = self.site.tracks[guide.training_track]
            link = self.linker.link(track.title, f"{TRACK_DIR}/{track.id}.md")
            facts.append(f"**Training:** the {link} training track")
        facts.extend(self.checklist_facts(guide))
        facts.extend(self.review_facts(guide))
        versions = [self.guide_link(guide.id, experiment_id) for experiment_id in tracked_experiments(self.site, guide)]
        if versions:
            facts.append("**Where experiments stand:** " + ", ".join(versions))
        return bullet_list(facts)

    def checklist_facts(self, guide: Guide) -> list[str]:
        if not guide.checklists:
            return []
        links = []
        for checklist_id in guide.checklists:
            checklist = self.site.checklists[checklist_id]
            links.append(self.linker.link(checklist.title, checklist_path(checklist)))
        return ["**Checklists:** " + ", ".join(links)]

    def progress_summary(self, progress: GuideProgress) -> str:
        """Render an experiment's progress on a guide: counts, the next step and a table of steps."""
        experiment = self.site.experiments[progress.experiment_id]
        summary = (
            f"**Where {text(experiment.name)} stands:** "
            f"{progress.finished_count} of {len(progress.states)} steps finished"
        )
        if progress.as_of:
            summary += f", as recorded on {format_date(progress.as_of)}"
        summary += "."

        next_state = progress.next_state
        if next_state:
            label = f"{next_state.procedure.title}, step {self.step_number(next_state)}: {next_state.step.title}"
            summary += f" Next step: {self.step_link(next_state, label)}."
        else:
            summary += " Every step is finished."

        facts = [
            summary,
            f"**The guide for every experiment:** {self.guide_link(progress.guide.id)}",
            f"**Experiment page:** {self.link('experiments', experiment.id)}",
            *self.checklist_facts(progress.guide),
        ]
        return bullet_list(facts) + "\n" + self.step_table(progress)

    def step_table(self, progress: GuideProgress) -> str:
        """Render one row per step; the part's title is shown on its first step only."""
        rows = []
        for state in progress.states:
            first_of_part = state.step is state.procedure.steps[0]
            rows.append(
                [
                    text(state.procedure.title) if first_of_part else "",
                    self.step_link(state, f"{self.step_number(state)}. {state.step.title}"),
                    text(state.status),
                    format_date(state.date),
                ]
            )
        return table(["Part", "Step", "Status", "Date"], rows)

    def step_link(self, state: StepState, label: str) -> str:
        return self.linker.link(label, self.linker.page_path, step_anchor(state.procedure.id, state.step.id))

    @staticmethod
    def step_number(state: StepState) -> int:
        return state.procedure.steps.index(state.step) + 1

    def experiment_guides(self, experiment_id: str) -> str:
        """Render the experiment's progress through the guides and its checklists."""
        experiment = self.site.experiments[experiment_id]
        parts = ["## Guides and checklists\n"]
        guides = guides_of_experiment(self.site, experiment_id)
        if guides:
            rows = []
            for guide in guides:
                progress = guide_progress(self.site, guide, experiment_id)
                next_state = progress.next_state
                rows.append(
                    [
                        self.guide_link(guide.id, experiment_id),
                        f"{progress.finished_count} of {len(progress.states)}",
                        text(f"{next_state.procedure.title}: {next_state.step.title}") if next_state else "none",
                        format_date(progress.as_of),
                    ]
                )
            parts.append(table(["Guide", "Steps finished", "Next step", "As of"], rows))
        else:
            guides_index = self.linker.link("guides", f"{GUIDE_DIR}/index.md")
            parts.append(f"No progress through the {guides_index} is recorded for {text(experiment.name)}.\n")
        checklist_links = [
            self.linker.link(copy.title, copy.path) for copy in experiment_copies(self.site).get(experiment_id, [])
        ]
        if checklist_links:
            parts.append("\n**Checklists for this experiment:** " + ", ".join(checklist_links) + "\n")
        return "\n".join(parts)

    def duty_facts(self, duty: model.Duty) -> list[str]:
        """Return the duty's procedures and its handoff checklist, as facts for its section."""
        facts = []
        if duty.procedures:
            facts.append(f"**Procedures:** {self.links('procedures', duty.procedures)}")
        for checklist in self.site.checklists.values():
            if checklist.copies == "per duty":
                facts.append(
                    f"**Handoff checklist:** {self.linker.link(checklist.title, checklist_path(checklist, duty.id))}"
                )
        return facts
