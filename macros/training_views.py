"""Markdown for the training pages: modules, tracks, sign-off sheets, key points and the glossary.

Module and track pages and sign-off sheets are generated per record (see `pages.py`); the
index pages under `docs/training/` call the macros listed in TRAINING_MACROS. Nothing here
reads files or imports MkDocs.
"""

from __future__ import annotations

import calendar
import datetime
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from macros import curriculum
from macros.loader import SiteData
from macros.markdown import Linker, bullet_list, format_date, paragraphs, record_sections, table, text
from macros.training_model import GlossaryEntry, Mentoring, Module, Track
from macros.views import Views

TRAINING_DIR = "training"
MODULE_DIR = f"{TRAINING_DIR}/modules"
TRACK_DIR = f"{TRAINING_DIR}/tracks"
SIGN_OFF_DIR = f"{TRAINING_DIR}/sign-off"

ROLE_NAMES = {
    "production-operator": "production operator",
    "campaign-manager": "campaign manager",
    "computing-liaison": "experiment computing liaison",
    "mentor": "mentor",
}

STATUS_NOTES = {
    "stable": "stable",
    "beta": "beta: in use for training, but its content may still change after feedback",
}

TRAINING_MACROS = (
    "training_tracks",
    "training_modules",
    "training_graph",
    "mentoring_table",
    "key_points",
    "glossary",
)


def format_minutes(minutes: float) -> str:
    """Format a duration as hours and minutes: 45 min, 2 h, 2 h 15 min."""
    hours, rest = divmod(round(minutes), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def format_days(first_day: int, last_day: int) -> str:
    return f"Day {first_day}" if first_day == last_day else f"Days {first_day}–{last_day}"


def abbreviations(site: SiteData) -> dict[str, str]:
    """Return the glossary as Python-Markdown's abbr extension expects it: term to tooltip."""
    entries: dict[str, GlossaryEntry] = site.glossary
    return {entry.term: entry.expansion for entry in entries.values() if entry.tooltip}


def add_months(date: datetime.date, months: int) -> datetime.date:
    """Add calendar months, moving a day the target month lacks (31 April) to its last day."""
    year, month_index = divmod(date.month - 1 + months, 12)
    year += date.year
    month = month_index + 1
    return datetime.date(year, month, min(date.day, calendar.monthrange(year, month)[1]))


@dataclass
class ModuleLinks:
    """The modules that list one module as a prerequisite, the tracks that place it, and
    the duties it trains for, each in data order."""

    following: list[str] = field(default_factory=list)
    tracks: list[tuple[Track, bool]] = field(default_factory=list)
    duties: list[str] = field(default_factory=list)


class TrainingViews:
    """The Markdown of the training pages and macros, with links relative to one page."""

    def __init__(self, site: SiteData, page_path: str) -> None:
        self.site = site
        self.page_path = page_path
        self.linker = Linker(page_path)
        self.records = Views(site, page_path)
        self.modules: dict[str, Module] = site.modules
        self.tracks: dict[str, Track] = site.tracks
        self.mentoring_records: dict[str, Mentoring] = site.mentoring

    def published_modules(self) -> list[Module]:
        if "course order" not in self.site.derived:
            self.site.derived["course order"] = curriculum.course_order(self.modules)
        return list(self.site.derived["course order"])

    def _module_index(self) -> dict[str, ModuleLinks]:
        """Return, for each module, the records that point to it, made once per build.

        Every module page lists its followers, tracks and duties, so finding them by scanning
        all records on each page would cost time growing with the square of the data.
        """
        if "module links" not in self.site.derived:
            index: dict[str, ModuleLinks] = {module_id: ModuleLinks() for module_id in self.modules}
            for other in self.published_modules():
                for prerequisite in dict.fromkeys(other.prerequisites):
                    index[prerequisite].following.append(other.id)
            for track in self.tracks.values():
                for placement in self.plan(track.id).placements:
                    index[placement.module_id].tracks.append((track, placement.listed))
            for duty in self.site.duties.values():
                for module_id in duty.training:
                    if module_id in index and duty.id not in index[module_id].duties:
                        index[module_id].duties.append(duty.id)
            self.site.derived["module links"] = index
        return self.site.derived["module links"]

    def module_link(self, module_id: str) -> str:
        return self.linker.link(self.modules[module_id].title, f"{MODULE_DIR}/{module_id}.md")

    def track_link(self, track_id: str) -> str:
        return self.linker.link(self.tracks[track_id].title, f"{TRACK_DIR}/{track_id}.md")

    def sheet_link(self, mentoring_id: str, label: str) -> str:
        return self.linker.link(label, f"{SIGN_OFF_DIR}/{mentoring_id}.md")

    def mentee_name(self, mentoring: Mentoring) -> str:
        return self.site.mentees[mentoring.mentee].name

    def plan(self, track_id: str) -> curriculum.TrackPlan:
        """Return the track's ordered and scheduled modules, computed once per build."""
        plans = self.site.derived.setdefault("track plans", {})
        if track_id not in plans:
            plans[track_id] = curriculum.plan_track(
                self.tracks[track_id], self.modules, self.site.settings.hours_per_day
            )
        return plans[track_id]

    def tracks_with(self, module_id: str) -> list[tuple[Track, bool]]:
        """Return the tracks that contain a module, and whether each lists it or pulls it in."""
        return list(self._module_index()[module_id].tracks)

    def module_page(self, module_id: str) -> str:
        """Render a module's page: facts, objectives, the lesson as written, exercises, sign-off."""
        module = self.modules[module_id]
        parts = [
            f"# {text(module.title)}\n",
            paragraphs(module.summary) + "\n",
            bullet_list(self.module_facts(module)),
            "## Objectives\n\nAfter this module you can:\n\n" + bullet_list(text(item) for item in module.objectives),
            # The lesson is the author's Markdown and is published exactly as written.
            self.site.bodies[("modules", module_id)].rstrip("\n") + "\n",
            "## Key points\n\n" + bullet_list(text(item) for item in module.key_points),
            (
                "## Exercises\n\n"
                "The exercises use `hypot`, a fictional experiment, so that no real experiment is "
                "misdescribed. Open a solution only after you have tried the task.\n"
            ),
        ]
        parts.extend(exercise_markdown(number, exercise) for number, exercise in enumerate(module.exercises, 1))
        parts.append(
            "## Sign-off criteria\n\nA mentor checks each of these before signing the module off on a "
            f"trainee's {self.linker.link('sign-off sheet', f'{SIGN_OFF_DIR}/index.md')}:\n\n"
            + bullet_list(text(item) for item in module.sign_off)
        )
        return "\n".join(parts)

    def module_facts(self, module: Module) -> list[str]:
        prerequisites = [self.module_link(other) for other in module.prerequisites]
        following = [self.module_link(other_id) for other_id in self._module_index()[module.id].following]
        minutes = module.minutes
        facts = [
            f"**Level:** {module.level}",
            f"**Written for:** {', '.join(ROLE_NAMES[role] for role in module.audience)}",
            (
                f"**Time:** {format_minutes(minutes.teaching)} teaching and {format_minutes(minutes.hands_on)} "
                f"hands-on, {format_minutes(minutes.total)} in all"
            ),
            f"**Prerequisites:** {', '.join(prerequisites) or 'none'}",
            f"**Next modules:** {', '.join(following) or 'none; this module ends its path'}",
        ]
        tracks = self.tracks_with(module.id)
        if tracks:
            labels = [
                self.track_link(track.id) + ("" if listed else " (as a prerequisite)") for track, listed in tracks
            ]
            facts.append(f"**In the tracks:** {', '.join(labels)}")
        duties = list(self._module_index()[module.id].duties)
        if duties:
            facts.append(f"**Prepares for the duties:** {self.records.links('duties', duties)}")
        facts.append(f"**Status:** {STATUS_NOTES[module.status]}")
        facts.append(
            f"**Owner:** {self.records.link('units', module.owner, self.site.units[module.owner].short_name)}; "
            f"**last reviewed:** {format_date(module.last_reviewed)}; "
            f"**next review due:** {format_date(add_months(module.last_reviewed, module.review_every_months))}"
        )
        return facts

    def track_page(self, track_id: str) -> str:
        """Render a track's page: totals, the ordered modules, the schedule, the graph, the mentees."""
        track = self.tracks[track_id]
        plan = self.plan(track_id)
        pulled_in = sum(1 for placement in plan.placements if not placement.listed)
        hours_per_day = self.site.settings.hours_per_day
        facts = [
            f"**Role:** {ROLE_NAMES[track.role]}",
            (
                f"**Modules:** {len(plan.placements)} ({len(plan.placements) - pulled_in} listed by the track, "
                f"{pulled_in} added as prerequisites)"
            ),
            (
                f"**Time:** {format_minutes(plan.teaching_minutes)} teaching and "
                f"{format_minutes(plan.hands_on_minutes)} hands-on, {format_minutes(plan.total_minutes)} in all"
            ),
            (
                f"**Schedule:** {plan.days} day{'s' if plan.days != 1 else ''} of at most "
                f"{format_minutes(hours_per_day * 60)}"
            ),
        ]
        parts = [
            f"# {text(track.title)}\n",
            paragraphs(track.summary) + "\n",
            bullet_list(facts),
            "## Modules in order\n",
            (
                "Every module comes after its prerequisites. Where the prerequisites allow, the modules "
                "keep the order the track lists them in. A prerequisite the track does not list is added "
                "just before the first module that needs it and marked **added**.\n"
            ),
            self.track_table(plan),
            "## Day-by-day schedule\n",
            schedule_rules(hours_per_day),
            self.schedule_markdown(plan),
            "## Prerequisite graph\n",
            (
                "Each arrow points from a prerequisite to a module that needs it. Modules in dashed "
                "boxes are prerequisites that the track does not list.\n"
            ),
            self.graph([placement.module_id for placement in plan.placements], plan.placements),
            "## Mentees on this track\n",
            self.track_mentees(track_id),
        ]
        return "\n".join(parts)

    def track_table(self, plan: curriculum.TrackPlan) -> str:
        sessions = {session.module_id: session for session in plan.sessions}
        rows = []
        for number, placement in enumerate(plan.placements, 1):
            module = self.modules[placement.module_id]
            if placement.listed:
                reason = "listed"
            else:
                needed_by = ", ".join(self.module_link(other) for other in placement.needed_by)
                reason = f"**added**: prerequisite of {needed_by}"
            session = sessions[module.id]
            rows.append(
                [
                    str(number),
                    self.module_link(module.id),
                    text(module.level),
                    format_minutes(module.minutes.teaching),
                    format_minutes(module.minutes.hands_on),
                    format_days(session.first_day, session.last_day),
                    reason,
                ]
            )
        rows.append(
            [
                "",
                "**Total**",
                "",
                f"**{format_minutes(plan.teaching_minutes)}**",
                f"**{format_minutes(plan.hands_on_minutes)}**",
                f"**{plan.days} days**" if plan.days != 1 else "**1 day**",
                "",
            ]
        )
        return table(["#", "Module", "Level", "Teaching", "Hands-on", "Day", "In the track because"], rows)

    def schedule_markdown(self, plan: curriculum.TrackPlan) -> str:
        sections = []
        for day in curriculum.teaching_days(plan.sessions):
            heading = f"### {format_days(day.first_day, day.last_day)}: {format_minutes(day.minutes)}\n"
            lines = []
            for session in day.sessions:
                module = self.modules[session.module_id]
                line = (
                    f"{self.module_link(module.id)}: {format_minutes(module.minutes.teaching)} teaching, "
                    f"{format_minutes(module.minutes.hands_on)} hands-on"
                )
                if session.last_day > session.first_day:
                    line += (
                        f", longer than one day, so it has {format_days(session.first_day, session.last_day)} to itself"
                    )
                lines.append(line)
            sections.append(heading + "\n" + bullet_list(lines))
        return record_sections(sections)

    def track_mentees(self, track_id: str) -> str:
        assigned = [record for record in self.mentoring_records.values() if record.track == track_id]
        if not assigned:
            return "Nobody is assigned to this track yet.\n"
        return bullet_list(
            f"{self.sheet_link(record.id, self.mentee_name(record))}, mentored by "
            f"{self.records.link('people', record.mentor)}"
            for record in assigned
        )

    def graph(self, module_ids: list[str], placements: tuple[curriculum.Placement, ...] | None = None) -> str:
        """Draw the prerequisites among `module_ids` as a Mermaid flowchart, numbered in that order."""
        added = {placement.module_id for placement in placements or () if not placement.listed}
        lines = ["flowchart TD"]
        for number, module_id in enumerate(module_ids, 1):
            label = mermaid_label(f"{number}. {self.modules[module_id].title}")
            lines.append(f'    {mermaid_id(module_id)}["{label}"]')
        for module_id in module_ids:
            for prerequisite in self.modules[module_id].prerequisites:
                if prerequisite in module_ids:
                    lines.append(f"    {mermaid_id(prerequisite)} --> {mermaid_id(module_id)}")
        if added:
            lines.append("    classDef added stroke-dasharray: 5 5")
            lines.extend(f"    class {mermaid_id(module_id)} added" for module_id in module_ids if module_id in added)
        return "```mermaid\n" + "\n".join(lines) + "\n```\n"

    def sign_off_sheet(self, mentoring_id: str) -> str:
        """Render a printable sheet: each module of the mentee's track with its criteria and signature lines."""
        record = self.mentoring_records[mentoring_id]
        mentee = self.site.mentees[record.mentee]
        track = self.tracks[record.track]
        plan = self.plan(track.id)

        facts = [
            f"**Mentee:** {text(mentee.name)}",
            f"**Experiment:** {self.records.link('experiments', mentee.experiment) or 'not tied to one experiment'}",
            (
                f"**Track:** {self.track_link(track.id)} ({len(plan.placements)} modules, "
                f"{format_minutes(plan.total_minutes)})"
            ),
            f"**Mentor:** {self.records.link('people', record.mentor)}",
        ]
        parts = [f"# Sign-off sheet: {text(sheet_title(mentee.name, track.title))}\n"]
        if mentee.placeholder:
            parts.append(
                '!!! note "Placeholder mentee"\n'
                "    The 2016 proposal names no post-doc, so this mentee stands for the person the "
                "experiment will name. Replace the record in `data/mentoring.yml` once they are known.\n"
            )
        if mentee.notes:
            parts.append(paragraphs(mentee.notes) + "\n")
        if record.notes:
            parts.append(paragraphs(record.notes) + "\n")
        parts.append(bullet_list(facts))
        parts.append(
            "The mentor signs a module once the mentee has met every criterion in its row, and keeps "
            "the evidence (ticket numbers, submission IDs, logbook entries). Print this page to use it "
            "on paper.\n"
        )
        rows = []
        for number, placement in enumerate(plan.placements, 1):
            module = self.modules[placement.module_id]
            criteria = "<br>".join(f"☐ {text(item)}" for item in module.sign_off)
            rows.append([str(number), self.module_link(module.id), criteria, "", ""])
        parts.append(
            '<div class="signoff-sheet" markdown>\n\n'
            + table(["#", "Module", "What the mentor checks", "Date", "Mentor's signature"], rows)
            + "\n</div>\n"
        )
        parts.append(
            "## Track completed\n\n"
            f"All modules above are signed, and {text(mentee.name)} runs the duties of a "
            f"{ROLE_NAMES[track.role]} without supervision.\n\n"
            '<div class="signoff-sheet signoff-final" markdown>\n\n'
            + table(["", "Name", "Date", "Signature"], [["Mentor", "", "", ""], ["Mentee", "", "", ""]])
            + "\n</div>\n"
        )
        return "\n".join(parts)

    def training_tracks(self) -> str:
        """Render a table of the tracks with their size, time and number of days."""
        rows = []
        for track in self.tracks.values():
            plan = self.plan(track.id)
            rows.append(
                [
                    self.track_link(track.id),
                    text(ROLE_NAMES[track.role]),
                    str(len(plan.placements)),
                    format_minutes(plan.teaching_minutes),
                    format_minutes(plan.hands_on_minutes),
                    str(plan.days),
                ]
            )
        return table(["Track", "Role", "Modules", "Teaching", "Hands-on", "Days"], rows)

    def training_modules(self) -> str:
        """Render a table of the published modules, from the most basic to the most advanced."""
        rows = [
            [
                str(number),
                self.module_link(module.id),
                text(module.level),
                text(", ".join(ROLE_NAMES[role] for role in module.audience)),
                format_minutes(module.minutes.total),
                ", ".join(self.module_link(other) for other in module.prerequisites) or "none",
                text(module.status),
            ]
            for number, module in enumerate(self.published_modules(), 1)
        ]
        return table(["#", "Module", "Level", "Written for", "Time", "Prerequisites", "Status"], rows)

    def training_graph(self) -> str:
        """Draw the prerequisites of every published module as a Mermaid flowchart."""
        return self.graph([module.id for module in self.published_modules()])

    def mentoring_table(self) -> str:
        """Render a table of mentoring assignments with a link to each sign-off sheet."""
        rows = []
        for record in self.mentoring_records.values():
            mentee = self.site.mentees[record.mentee]
            rows.append(
                [
                    self.sheet_link(record.id, mentee.name),
                    self.records.link("experiments", mentee.experiment),
                    self.track_link(record.track),
                    self.records.link("people", record.mentor),
                ]
            )
        return table(["Mentee (sign-off sheet)", "Experiment", "Track", "Mentor"], rows)

    def key_points(self) -> str:
        """Render the key points of every published module, module by module."""
        sections = []
        for module in self.published_modules():
            sections.append(
                f"## {text(module.title)} {{#{module.id}}}\n\n"
                + f"From the module {self.module_link(module.id)}.\n\n"
                + bullet_list(text(item) for item in module.key_points)
            )
        return record_sections(sections)

    def glossary(self) -> str:
        """Render every glossary entry as a table row, sorted by term."""
        entries: list[GlossaryEntry] = sorted(self.site.glossary.values(), key=lambda entry: entry.term.casefold())
        rows = []
        for entry in entries:
            see = []
            if entry.service:
                see.append(self.records.link("services", entry.service))
            if entry.unit:
                see.append(self.records.link("units", entry.unit, self.site.units[entry.unit].short_name))
            rows.append(
                [
                    f'<span id="{entry.id}"></span>**{text(entry.term)}**',
                    text(entry.expansion),
                    text(entry.definition),
                    text(entry.status),
                    ", ".join(see),
                ]
            )
        return table(["Term", "Stands for", "What it is", "Status", "See"], rows)


def sheet_title(mentee_name: str, track_title: str) -> str:
    """Name a sign-off sheet by mentee and track, since a mentee may follow more than one track."""
    return f"{mentee_name}, {track_title}"


def exercise_markdown(number: int, exercise: Any) -> str:
    """Render one exercise, with its solution (author Markdown) folded into a closed details block.

    The block is built here with every line indented, because mkdocs-macros would keep the
    indentation of only the first line of a multi-line macro result.
    """
    parts = [f"### Exercise {number}\n", paragraphs(exercise.task) + "\n"]
    if exercise.hints:
        parts.append("**Hints**\n\n" + bullet_list(text(hint) for hint in exercise.hints))
    solution = textwrap.indent(separate_code_fences(exercise.solution.rstrip("\n")), "    ")
    parts.append(f'??? success "Solution"\n{solution}\n')
    return "\n".join(parts)


_FENCE = re.compile(r"[ \t]*(`{3,}|~{3,})")


def separate_code_fences(markdown: str) -> str:
    """Put a blank line before and after every fenced code block that touches a line of text.

    With SuperFences, Python-Markdown renders a fence that directly follows or precedes a
    line of text inside that text's paragraph, which nests a `<div>` in a `<p>`. Authors
    of solutions often write "Result:" right above a fence, as CommonMark allows. Only blank
    lines are added, and nothing inside a fence changes.
    """
    lines: list[str] = []
    opening: str | None = None
    just_closed = False
    for line in markdown.split("\n"):
        if opening is None:
            match = _FENCE.match(line)
            if just_closed and line.strip():
                lines.append("")
            just_closed = False
            if match:
                if lines and lines[-1].strip():
                    lines.append("")
                opening = match.group(1)
        else:
            closing = line.strip()
            if closing.startswith(opening) and closing == opening[0] * len(closing):
                opening = None
                just_closed = True
        lines.append(line)
    return "\n".join(lines)


def schedule_rules(hours_per_day: float) -> str:
    day = format_minutes(hours_per_day * 60)
    return (
        f"Modules are taught in the order above, on days of at most {day} "
        "(`hours_per_day` in `data/site.yml`). A module is never split: if it does not fit in "
        "what is left of a day, it starts the next day. A module longer than a whole day starts "
        "on a fresh day and has as many consecutive days as it needs to itself, and the next "
        "module starts on the day after. Time left at the end of such a run is for practice "
        "and questions.\n"
    )


def mermaid_id(module_id: str) -> str:
    # Module ids are lowercase words joined by single hyphens, so this is one-to-one, and the
    # prefix keeps ids such as `end` clear of Mermaid keywords.
    return "m_" + module_id.replace("-", "_")


def mermaid_label(value: str) -> str:
    """Escape text for a quoted Mermaid label with Mermaid's `#code;` entities."""
    replacements = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "`": "#96;"}
    return "".join(replacements.get(character, character) for character in value.replace("\n", " "))


def register_training_macros(env: Any, current_site: Callable[[], SiteData]) -> None:
    """Register TRAINING_MACROS with mkdocs-macros, each rendering for the page being built."""
    for name in TRAINING_MACROS:
        env.macro(_bind(env, current_site, name), name)


def _bind(env: Any, current_site: Callable[[], SiteData], name: str) -> Callable[..., str]:
    def render(*args: Any, **kwargs: Any) -> str:
        views = TrainingViews(current_site(), env.page.file.src_uri)
        return getattr(views, name)(*args, **kwargs)

    render.__doc__ = getattr(TrainingViews, name).__doc__
    return render
