"""Markdown for the state of the plan: the Gantt chart, the reassignment totals, and progress.

Nothing here reads files or imports MkDocs.
"""

from __future__ import annotations

import datetime
from collections import Counter

from macros import derive, model
from macros.charts import Bar, stacked_bar_chart
from macros.gantt import gantt_source, undated
from macros.markdown import format_date, table, text
from macros.matrix import STATUS_ORDER
from macros.risks import HANDED_OVER
from macros.tracking import duty_groups_by_experiment
from macros.views import Views


class PlanViews(Views):
    """Renders the ramp-down chart, the reassignment totals and the progress dashboard."""

    def rampdown_gantt(self) -> str:
        """Render the ramp-down steps as a Mermaid Gantt chart, then list the steps it cannot place."""
        reference = format_date(self.site.settings.reference_date)
        parts = [
            "```mermaid\n" + gantt_source(self.site) + "```\n",
            (
                "Each section holds the steps of one status. A bar runs from a step's start to its due "
                "date, and a diamond marks a step with a single date. Mermaid's task styles set apart "
                "done steps (`done`), steps in progress (`active`) and steps still open after their due "
                f"date on the reference date, {reference} (`crit`). The chart draws no line for today, "
                "because status is measured on the reference date. Where the chart does not load, the "
                "text above is its source, and the table at the top of this page lists the same steps.\n"
            ),
        ]
        steps = undated(self.site)
        if steps:
            links = ", ".join(self.link("milestones", item.id, f"step {item.number}") for item in steps)
            parts.append(f"Not drawn, because the source gives them no date and the chart invents none: {links}.\n")
        return "\n".join(parts)

    def reassignment_totals(self) -> str:
        """Render the computed totals beside the totals the source states, with the difference."""
        total = derive.reassignment_total(self.site)
        stated = self.site.settings.reassignment_total_as_stated
        rows = [
            ["FTE", f"{total.fte}", f"{total.stated_fte}", _difference(total.fte - total.stated_fte)],
            [
                "Interns or associates",
                str(total.interns),
                str(total.stated_interns),
                _difference(total.interns - total.stated_interns),
            ],
        ]
        headers = ["Effort", "Computed from the items", "Stated in the source", "Computed minus stated"]
        return table(headers, rows) + f"\nThe source writes its total as “{text(stated.as_written)}”.\n"

    def handoff_progress(self) -> str:
        """Render the share of duties handed over, overall, by experiment and by month, as charts and tables."""
        duties = list(self.site.duties.values())
        handed = sum(1 for duty in duties if duty.status == HANDED_OVER)
        share = f"{handed / len(duties):.0%}" if duties else "no duties"
        reference = format_date(self.site.settings.reference_date)
        parts = [
            f"**{handed} of {len(duties)} duties handed over** ({share}) on the reference date, {reference}.\n",
            "## By experiment\n",
            self.progress_section(
                "progress-by-experiment",
                "Duties by handoff status, per experiment",
                "Experiment",
                self.bars_by_experiment(),
            ),
            "## By month of the handoff deadline\n",
            (
                "The data records no date on which a duty was handed over, so each duty is counted in "
                "the month its handoff is due. Months with no deadline are shown as empty rows.\n"
            ),
            self.progress_section(
                "progress-by-month",
                "Duties by handoff status, per month the handoff is due",
                "Month due",
                self.bars_by_month(),
            ),
        ]
        return "\n".join(parts)

    def progress_section(self, chart_id: str, title: str, label_header: str, bars: list[Bar]) -> str:
        chart = stacked_bar_chart(chart_id, title, STATUS_ORDER, bars, HANDED_OVER)
        headers = [label_header, *(text(status) for status in STATUS_ORDER), "Total"]
        rows = [[text(bar.label), *(str(count) for count in bar.counts), str(bar.total)] for bar in bars]
        return chart + "\n" + table(headers, rows)

    def bars_by_experiment(self) -> list[Bar]:
        return [Bar(label, _status_counts(duties)) for _, label, duties in duty_groups_by_experiment(self.site)]

    def bars_by_month(self) -> list[Bar]:
        by_month: dict[str, list[model.Duty]] = {}
        for duty in self.site.duties.values():
            month = derive.handoff_due(self.site, duty).strftime("%Y-%m")
            by_month.setdefault(month, []).append(duty)
        if not by_month:
            return []
        return [Bar(month, _status_counts(by_month.get(month, []))) for month in _months(min(by_month), max(by_month))]


def _status_counts(duties: list[model.Duty]) -> tuple[int, ...]:
    counts = Counter(duty.status for duty in duties)
    return tuple(counts[status] for status in STATUS_ORDER)


def _months(first: str, last: str) -> list[str]:
    """Return every month from `first` to `last`, both written YYYY-MM, in order."""
    day = datetime.date.fromisoformat(first + "-01")
    months = []
    while day.strftime("%Y-%m") <= last:
        months.append(day.strftime("%Y-%m"))
        day = (day + datetime.timedelta(days=32)).replace(day=1)
    return months


def _difference(value: object) -> str:
    return "none" if value == 0 else f"**{value:+}**"
