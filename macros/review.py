"""Review freshness: which reviewed content is overdue at the site's review date.

Procedures, guides and training modules carry the `Reviewed` fields (owner, last_reviewed,
review_every_months). Freshness is measured against `site.review_date`, a date the
maintainers move forward by hand, and never against the build machine's clock, so the same
commit always builds the same page. `site.reference_date` is not used: it fixes the 2016
plan in time, while review freshness is about maintaining the site today.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from macros import model
from macros.loader import COLLECTIONS, Location, SiteData
from macros.markdown import format_date, table, text
from macros.model import PLACEHOLDER
from macros.views import Views


@dataclass(frozen=True)
class ReviewItem:
    """One reviewed record, when its next review is due, and where it is written."""

    collection: str
    record: model.Record
    due: datetime.date
    location: Location | None

    @property
    def reviewed(self) -> model.Reviewed:
        return self.record  # type: ignore[return-value]


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Return the same day `months` later, or the month's last day (31 January + 1 is 28 or 29 February)."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_items(site: SiteData) -> list[ReviewItem]:
    """Return every record of a collection whose model has the review fields, soonest due first."""
    items = []
    for name, records in site.collections.items():
        spec = COLLECTIONS.get(name)
        if spec is None or not issubclass(spec.model, model.Reviewed):
            continue
        for record in records.values():
            reviewed: model.Reviewed = record  # type: ignore[assignment]
            due = add_months(reviewed.last_reviewed, reviewed.review_every_months)
            items.append(ReviewItem(name, record, due, site.locations.get((name, record.id))))
    return sorted(items, key=lambda item: (item.due, item.collection, item.record.id))


def overdue_items(site: SiteData) -> list[ReviewItem]:
    """Return the items whose review was due before `site.review_date`; none when it is not set."""
    review_date = site.settings.review_date
    if review_date is None:
        return []
    return [item for item in review_items(site) if item.due < review_date]


def overdue_message(item: ReviewItem, review_date: datetime.date) -> str:
    """Describe one overdue review for the build log, with where to fix it."""
    where = f"{item.location.file}:{item.location.line}: " if item.location else ""
    label = COLLECTIONS[item.collection].label
    days = (review_date - item.due).days
    return (
        f"{where}{label} '{item.record.id}' is overdue for review: last reviewed "
        f"{item.reviewed.last_reviewed.isoformat()}, due every {item.reviewed.review_every_months} months, "
        f"so due {item.due.isoformat()}, {days} days before site.review_date {review_date.isoformat()}. "
        "Have its owner reread it, then set last_reviewed to the day of that review"
    )


def review_status(site: SiteData, page_path: str) -> str:
    """Render the review table of every published reviewed record, overdue first.

    Drafts are left out because the site does not publish them; the build log still warns
    when one is overdue.
    """
    items = [item for item in review_items(site) if getattr(item.record, "status", None) != "draft"]
    if not items:
        return "No content with review fields is published yet.\n"
    review_date = site.settings.review_date
    parts = []
    if review_date is None:
        parts.append(
            '!!! warning "No review date is set"\n'
            "    Set `review_date` under `site` in the data to measure which reviews are overdue.\n"
        )

    views = Views(site, page_path)
    rows = [_row(views, item, review_date) for item in items]
    headers = ["Content", "Kind", "Owner", "Last reviewed", "Every", "Review due", "Status"]
    parts.append(table(headers, rows))
    overdue = [item for item in overdue_items(site) if item in items]
    if review_date is not None:
        parts.append(
            f"{len(overdue)} of {len(items)} reviewed items {'is' if len(overdue) == 1 else 'are'} overdue "
            f"at the review date, {format_date(review_date)}.\n"
        )
    return "\n".join(parts)


def _row(views: Views, item: ReviewItem, review_date: datetime.date | None) -> list[str]:
    reviewed = item.reviewed
    # The source file and line go under the title, so that a maintainer sees what to edit.
    source = f"<br><small>{text(item.location.file)}:{item.location.line}</small>" if item.location else ""
    return [
        _record_link(views, item.collection, item.record) + source,
        text(COLLECTIONS[item.collection].label),
        views.link("units", reviewed.owner, views.site.units[reviewed.owner].short_name),
        format_date(reviewed.last_reviewed),
        f"{reviewed.review_every_months} months",
        format_date(item.due),
        _status(item.due, review_date),
    ]


@dataclass(frozen=True)
class Placeholder:
    """A value that still starts with the scaffold's `TODO:` marker, and the record it is in."""

    collection: str
    record: model.Record
    key: str
    location: Location | None


def placeholders(site: SiteData) -> list[Placeholder]:
    """Return every text value that still contains a placeholder from `python -m macros new`, in data order."""
    found = []
    for name, records in site.collections.items():
        for record in records.values():
            for key, value in _text_values(record.model_dump(), ""):
                if value.startswith(PLACEHOLDER):
                    found.append(Placeholder(name, record, key, site.locations.get((name, record.id))))
    return found


def _text_values(value: object, key: str) -> Iterator[tuple[str, str]]:
    """Yield (key, text) for every string inside a dumped record, with keys like `steps[2].action`."""
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from _text_values(item, f"{key}.{name}" if key else name)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _text_values(item, f"{key}[{index}]")


def placeholder_status(site: SiteData, page_path: str) -> str:
    """Render the table of scaffold placeholders still in the data, or a sentence if there are none."""
    found = placeholders(site)
    if not found:
        return "No record holds a placeholder from `python -m macros new`.\n"
    views = Views(site, page_path)
    rows = []
    for item in found:
        source = f"{text(item.location.file)}:{item.location.line}" if item.location else ""
        link = _record_link(views, item.collection, item.record)
        rows.append([link, text(COLLECTIONS[item.collection].label), f"`{item.key}`", source])
    count = f"{len(found)} {'value starts' if len(found) == 1 else 'values start'} with `{PLACEHOLDER}`"
    return f"{count}. Replace each before the change is merged.\n\n" + table(
        ["Record", "Kind", "Key", "Written at"], rows
    )


def _record_link(views: Views, collection: str, record: model.Record) -> str:
    try:
        return views.link(collection, record.id)
    except KeyError:
        # A collection without a page of its own yet is named, not linked.
        return text(_title_of(record))


def _title_of(record: model.Record) -> str:
    for attribute in ("title", "name"):
        value = getattr(record, attribute, None)
        if isinstance(value, str) and value:
            return value
    return record.id


def _status(due: datetime.date, review_date: datetime.date | None) -> str:
    if review_date is None:
        return "not measured"
    days = (due - review_date).days
    if days < 0:
        return f"**overdue** by {-days} days"
    if days == 0:
        return "due today"
    return f"due in {days} days"
