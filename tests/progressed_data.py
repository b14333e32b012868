"""Changes to the real data that mark three duties as further along, for a second build.

The real data has every duty "not started" and no handoff overdue on the reference date,
so the status filter, the overdue rule and the progress numbers need this copy to show
anything. The `progressed_site` fixture in conftest builds it.
"""

from __future__ import annotations

import re
from pathlib import Path

# Changes to data/duties.yml for the second site: duty id -> lines to put after its status.
PROGRESSED = {
    "nova-raw2root-keep-up": "status: shadowing\n    due: 2016-03-01",
    "poms-feedback": "status: handed over",
    "offsite-scan": "status: handed over",
}


def set_statuses(duties_file: Path, changes: dict[str, str]) -> None:
    """Replace the status line of each named duty in a duties file."""
    lines = duties_file.read_text().splitlines()
    current = None
    for index, line in enumerate(lines):
        match = re.match(r"\s*- id: (\S+)", line)
        if match:
            current = match.group(1)
        elif current in changes and line.strip() == "status: not started":
            lines[index] = line.replace("status: not started", changes.pop(current))
    assert not changes, f"duties not found: {sorted(changes)}"
    duties_file.write_text("\n".join(lines) + "\n")
