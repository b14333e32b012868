"""Shared fixtures: small data folders written by hand, and the real project's folder."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent

MINIMAL_SITE = """\
site:
  title: Test site
  reference_date: 2016-03-15
  reference_date_note: A fixed date for tests.
  fiscal_year_2017_start: 2016-10-01
  source_title: Test source
  reassignment_total_as_stated: {fte: 1.0, interns: 1, as_written: "one FTE and one intern"}
  hours_per_day: 6
  max_duties_per_owner: 3
"""

MINIMAL_UNITS = """\
units:
  - id: usdc
    name: User Support for Distributed Computing
    short_name: USDC
    kind: group
    status: active
    description: The receiving group.
"""


@pytest.fixture
def write_data(tmp_path: Path):
    """Return a function that writes data files into a fresh project folder and returns it.

    The site settings and one unit are always present so that each test adds only the
    records it is about.
    """

    def write(files: dict[str, str | bytes]) -> Path:
        data = tmp_path / "data"
        data.mkdir(exist_ok=True)
        (data / "site.yml").write_text(MINIMAL_SITE)
        (data / "units.yml").write_text(MINIMAL_UNITS)
        for name, content in files.items():
            target = data / name
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(textwrap.dedent(content))
        return tmp_path

    return write
