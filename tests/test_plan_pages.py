"""The plan pages of the built site: the Gantt chart, the reassignment totals and progress."""

from __future__ import annotations

import html as html_module
import re
from pathlib import Path

from tests.site_tools import main_text, row_containing, tables


def read(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def test_gantt_on_rampdown_page(built_site):
    html = read(built_site, "rampdown.html")
    match = re.search(r'<pre class="mermaid"><code>(.*?)</code></pre>', html, flags=re.DOTALL)
    assert match, "no Mermaid block on the ramp-down page"
    source = html_module.unescape(match.group(1))
    assert source.startswith("gantt\n")
    for number in range(1, 16):
        assert f"Step {number} " in source, number
    assert "Step 13 Hire an associate for CI and monitoring :step13, 2016-08-15, 2016-09-22" in source
    assert "%% Step 14 Keep submitting to AWS until the procedure is robust (planned) has no date" in source
    undated = html.split("Not drawn, because the source gives them no date", 1)[1].split("</p>", 1)[0]
    assert re.findall(r'href="#([a-z0-9-]+)">step (\d+)</a>', undated) == [
        ("brief-experiments", "1"),
        ("identify-post-docs", "2"),
        ("train-post-docs", "3"),
        ("wind-down-submission", "4"),
        ("train-lisa", "11"),
        ("transfer-cms-group", "12"),
        ("continue-aws-submission", "14"),
    ]


def test_reassignment_totals_side_by_side(built_site):
    totals = tables(read(built_site, "reassignments.html"))[1]
    assert totals[0] == ["Effort", "Computed from the items", "Stated in the source", "Computed minus stated"]
    assert totals[1] == ["FTE", "1.65", "1.7", "-0.05"]
    assert totals[2] == ["Interns or associates", "3", "3", "none"]


def test_progress_real_site(built_site):
    html = read(built_site, "progress.html")
    assert "0 of 18 duties handed over (0%)" in main_text(html)
    assert html.count('<figure class="progress-chart"') == 2
    assert '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 790 ' in html
    assert 'role="img" aria-labelledby="progress-by-experiment-title progress-by-experiment-desc"' in html


def test_progress_by_experiment(progressed_site):
    html = read(progressed_site, "progress.html")
    assert "2 of 18 duties handed over (11%)" in main_text(html)
    header = tables(html)[0][0]
    assert header == [
        "Experiment",
        "not started",
        "shadowing",
        "reverse shadowing",
        "running with backup",
        "handed over",
        "Total",
    ]
    assert row_containing(html, "NOvA") == ["NOvA", "7", "1", "0", "0", "1", "9"]
    assert row_containing(html, "All experiments") == ["All experiments", "4", "0", "0", "0", "1", "5"]
    assert "NOvA: 7 not started, 1 shadowing, 1 handed over." in html


def test_progress_by_month(progressed_site):
    html = read(progressed_site, "progress.html")
    by_month = tables(html)[1]
    assert [row[0] for row in by_month[1:]] == [
        "2016-03",
        "2016-04",
        "2016-05",
        "2016-06",
        "2016-07",
        "2016-08",
        "2016-09",
        "2016-10",
    ]
    rows = {row[0]: row[1:] for row in by_month[1:]}
    assert rows["2016-03"] == ["0", "1", "0", "0", "0", "1"]
    assert rows["2016-07"] == ["2", "0", "0", "0", "1", "3"]
    assert rows["2016-10"] == ["9", "0", "0", "0", "1", "10"]
    assert rows["2016-05"] == ["0", "0", "0", "0", "0", "0"]
