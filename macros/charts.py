"""Stacked bar charts as inline SVG, drawn in Python so that they render with no network.

Each chart is an `<svg>` inside a `<figure>`, with a `<title>` and a `<desc>` for screen
readers. Bar colours come from CSS classes (`status-<status>`), which the site's style
sheet sets. The page shows the same numbers in a table next to the chart.
This module does not import MkDocs.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

LABEL_WIDTH = 190
BAR_WIDTH = 420
TOTAL_WIDTH = 180
ROW_HEIGHT = 26
BAR_HEIGHT = 18
LEGEND_HEIGHT = 26
# An estimate of the width of one character at the chart's 13px font, to space the legend.
CHARACTER_WIDTH = 7.5


@dataclass(frozen=True)
class Bar:
    """One bar: its label and its count in each category, in the chart's category order."""

    label: str
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.counts)


def css_class(category: str) -> str:
    return "status-" + re.sub(r"[^a-z0-9]+", "-", category.lower()).strip("-")


def stacked_bar_chart(
    chart_id: str, title: str, categories: tuple[str, ...], bars: list[Bar], done_category: str
) -> str:
    """Return a `<figure>` with a horizontal stacked bar chart, one bar per item of `bars`.

    Bars share one scale, set by the largest total. The text after each bar counts the
    `done_category` out of the total.
    """
    scale_max = max((bar.total for bar in bars), default=0) or 1
    width = LABEL_WIDTH + BAR_WIDTH + TOTAL_WIDTH
    legend, legend_rows = _legend(categories, width)
    top = LEGEND_HEIGHT * legend_rows
    height = top + ROW_HEIGHT * len(bars) + 4
    done_index = categories.index(done_category)

    parts = [
        f'<figure class="progress-chart" id="{chart_id}">',
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">'
        ),
        f'<title id="{chart_id}-title">{html.escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{html.escape(_description(categories, bars))}</desc>',
        *legend,
    ]
    for row, bar in enumerate(bars):
        y = top + row * ROW_HEIGHT
        parts.extend(_bar(bar, categories, y, scale_max, done_index, done_category))
    parts.append("</svg>")
    parts.append(f"<figcaption>{html.escape(title)}</figcaption>")
    parts.append("</figure>")
    # Python-Markdown passes a raw HTML block through only up to the first blank line.
    return "\n".join(parts) + "\n"


def _legend(categories: tuple[str, ...], width: int) -> tuple[list[str], int]:
    """Return the legend's SVG elements, wrapped to `width`, and the number of rows it takes."""
    items = []
    x, row = 0.0, 0
    for category in categories:
        item_width = 20 + CHARACTER_WIDTH * len(category) + 16
        if x and x + item_width > width:
            x, row = 0.0, row + 1
        y = row * LEGEND_HEIGHT + 6
        items.append(
            f'<rect class="{css_class(category)}" x="{x:.1f}" y="{y}" width="14" height="14"/>'
            f'<text x="{x + 20:.1f}" y="{y + 12}">{html.escape(category)}</text>'
        )
        x += item_width
    return items, row + 1


def _bar(
    bar: Bar, categories: tuple[str, ...], y: int, scale_max: int, done_index: int, done_category: str
) -> list[str]:
    parts = [
        (
            f'<text class="bar-label" x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT - 4}" text-anchor="end">'
            f"{html.escape(bar.label)}</text>"
        )
    ]
    x = float(LABEL_WIDTH)
    for category, count in zip(categories, bar.counts, strict=True):
        if count == 0:
            continue
        length = BAR_WIDTH * count / scale_max
        parts.append(
            f'<rect class="{css_class(category)}" x="{x:.1f}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}">'
            f"<title>{html.escape(f'{bar.label}: {count} {category}')}</title></rect>"
        )
        x += length
    parts.append(
        f'<text class="bar-total" x="{LABEL_WIDTH + BAR_WIDTH + 8}" y="{y + BAR_HEIGHT - 4}">'
        f"{bar.counts[done_index]} of {bar.total} {html.escape(done_category)}</text>"
    )
    return parts


def _description(categories: tuple[str, ...], bars: list[Bar]) -> str:
    lines = []
    for bar in bars:
        counts = ", ".join(
            f"{count} {category}" for category, count in zip(categories, bar.counts, strict=True) if count
        )
        lines.append(f"{bar.label}: {counts or 'none'}.")
    return " ".join(lines)
