"""Markdown helpers of the training pages: durations, dates, Mermaid labels and code fences."""

from __future__ import annotations

import datetime

import pytest

from macros.training_views import add_months, format_minutes, mermaid_label, separate_code_fences


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [(0, "0 min"), (45, "45 min"), (60, "1 h"), (135, "2 h 15 min"), (360.0, "6 h"), (1330, "22 h 10 min")],
)
def test_format_minutes(minutes, expected):
    assert format_minutes(minutes) == expected


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (datetime.date(2026, 11, 20), 12, datetime.date(2027, 11, 20)),
        (datetime.date(2026, 11, 20), 6, datetime.date(2027, 5, 20)),
        (datetime.date(2026, 8, 31), 6, datetime.date(2027, 2, 28)),
        (datetime.date(2027, 8, 31), 6, datetime.date(2028, 2, 29)),
    ],
)
def test_review_due_date(start, months, expected):
    assert add_months(start, months) == expected


def test_mermaid_label_escapes_quotes():
    assert mermaid_label('Say "hi" <b> & #1') == "Say #quot;hi#quot; #lt;b#gt; #amp; #35;1"


def test_fences_get_blank_lines():
    written = "Result:\n```bash\necho hi\n```\nAfter it."
    assert separate_code_fences(written) == "Result:\n\n```bash\necho hi\n```\n\nAfter it."


def test_fences_already_separated_unchanged():
    written = "Text.\n\n```\ncode\n```\n\nMore."
    assert separate_code_fences(written) == written


def test_fence_contents_unchanged():
    # A shorter fence inside a longer one is content, and so is text right after it.
    written = "````\n```\ninner\n```\nstill code\n````\nAfter."
    assert separate_code_fences(written) == "````\n```\ninner\n```\nstill code\n````\n\nAfter."


def test_tilde_fence_closed_by_tildes():
    written = "~~~\n```\n~~~\nAfter."
    assert separate_code_fences(written) == "~~~\n```\n~~~\n\nAfter."
