"""Measure the full site build against a plain Material build of the same Markdown.

For each size (1x, 10x, 100x the real data) the benchmark writes a synthetic project whose
data passes validation, builds it once with a hook that saves every page's final Markdown,
then times paired builds: the full site (data loading, validation, macros, generated pages)
and a plain Material site of exactly that saved Markdown (no data, no macros). It reports
the ratio of each pair, time per page, peak memory of each build, and the time to validate
data/ alone.

    .venv/bin/python benchmarks/build_speed.py              # sizes 1 10 100
    .venv/bin/python benchmarks/build_speed.py --sizes 1 10 --pairs 3

Results go to standard output as a Markdown table; copy them into benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from benchmarks.synthetic import write_synthetic_project  # noqa: E402
from macros.loader import load_site  # noqa: E402

DUMP_HOOK = Path(__file__).resolve().parent / "dump_markdown.py"


@dataclass
class Run:
    """One timed build: wall seconds and peak resident memory in MiB."""

    seconds: float
    peak_mib: float


def run_build(config: Path, site_dir: Path, extra_env: dict[str, str] | None = None) -> Run:
    """Build once in a child process; return its wall time and its own peak memory."""
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config), "-d", str(site_dir)]
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})}
    start = time.perf_counter()
    process = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    stderr = process.stderr.read().decode() if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build of {config} failed:\n{stderr}")
    return Run(seconds, usage.ru_maxrss / 1024)


def write_full_config(project: Path, dump: bool) -> Path:
    config = yaml.load((project / "mkdocs.yml").read_text(), Loader=yaml.UnsafeLoader)
    if dump:
        config["hooks"] = [*config.get("hooks", []), str(DUMP_HOOK)]
    # The benchmark compares build work, so a failing strict check must not stop it.
    config["strict"] = False
    path = project / ("mkdocs-dump.yml" if dump else "mkdocs-full.yml")
    path.write_text(yaml.dump(config, sort_keys=False))
    return path


def write_plain_project(project: Path, dump_dir: Path, plain: Path) -> Path:
    """Write a Material project with the saved Markdown and the same theme and extensions."""
    docs = plain / "docs"
    shutil.copytree(dump_dir / "docs", docs)
    for asset in (project / "docs").rglob("*"):
        if asset.is_file() and asset.suffix != ".md":
            target = docs / asset.relative_to(project / "docs")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(asset, target)

    if (project / "overrides").is_dir():
        shutil.copytree(project / "overrides", plain / "overrides")
    config = yaml.load((project / "mkdocs.yml").read_text(), Loader=yaml.UnsafeLoader)
    config.pop("hooks", None)
    config.pop("watch", None)
    config["strict"] = False
    config["plugins"] = ["search"]
    config["nav"] = yaml.safe_load((dump_dir / "nav.yml").read_text())
    config["markdown_extensions"] = [
        {"abbr": yaml.safe_load((dump_dir / "abbr.yml").read_text())} if extension == "abbr" else extension
        for extension in config["markdown_extensions"]
    ]
    path = plain / "mkdocs.yml"
    path.write_text(yaml.dump(config, sort_keys=False))
    return path


def time_validation(project: Path, repeats: int = 3) -> tuple[float, int]:
    """Return the median seconds to load and validate data/, and the number of records."""
    times = []
    records = 0
    for _ in range(repeats):
        start = time.perf_counter()
        site = load_site(project)
        times.append(time.perf_counter() - start)
        records = sum(len(items) for items in site.collections.values())
    return statistics.median(times), records


def count_pages(site_dir: Path) -> int:
    return sum(1 for path in site_dir.rglob("*.html") if path.name != "404.html")


def measure(size: int, pairs: int, workdir: Path) -> dict:
    project = workdir / f"x{size}"
    write_synthetic_project(PROJECT_DIR, project, size)
    validation_seconds, records = time_validation(project)

    dump_dir = workdir / f"x{size}-dump"
    run_build(write_full_config(project, dump=True), workdir / "scratch", {"HANDOVER_BENCHMARK_DUMP": str(dump_dir)})
    plain_config = write_plain_project(project, dump_dir, workdir / f"x{size}-plain")
    full_config = write_full_config(project, dump=False)

    full_runs, plain_runs, ratios = [], [], []
    for _ in range(pairs):
        full = run_build(full_config, workdir / f"x{size}-site-full")
        plain = run_build(plain_config, workdir / f"x{size}-site-plain")
        full_runs.append(full)
        plain_runs.append(plain)
        ratios.append(full.seconds / plain.seconds)

    pages = count_pages(workdir / f"x{size}-site-full")
    full_seconds = statistics.median(run.seconds for run in full_runs)
    return {
        "size": size,
        "records": records,
        "pages": pages,
        "full_seconds": full_seconds,
        "plain_seconds": statistics.median(run.seconds for run in plain_runs),
        "ratio": statistics.median(ratios),
        "ms_per_page": 1000 * full_seconds / pages,
        "full_peak_mib": max(run.peak_mib for run in full_runs),
        "plain_peak_mib": max(run.peak_mib for run in plain_runs),
        "validation_seconds": validation_seconds,
    }


def report(results: list[dict], pairs: int) -> str:
    lines = [
        f"Machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        f"Command: benchmarks/build_speed.py --sizes {' '.join(str(r['size']) for r in results)} --pairs {pairs}",
        "",
        "| Size | Records | Pages | Full build (s) | Plain build (s) | Ratio (median of pairs) "
        "| ms per page | Peak MiB full / plain | Validate data/ (s) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['size']}x | {r['records']} | {r['pages']} | {r['full_seconds']:.2f} | {r['plain_seconds']:.2f} "
            f"| {r['ratio']:.3f} | {r['ms_per_page']:.1f} | {r['full_peak_mib']:.0f} / {r['plain_peak_mib']:.0f} "
            f"| {r['validation_seconds']:.3f} |"
        )
    first, last = results[0], results[-1]
    lines += ["", "Goals:"]
    worst = max(r["ratio"] for r in results)
    lines.append(f"- full build within 1.10x of plain at every size: worst {worst:.3f}x, {_verdict(worst <= 1.10)}")
    growth = last["ms_per_page"] / first["ms_per_page"]
    lines.append(
        f"- time per page at {last['size']}x within 1.25x of {first['size']}x: {growth:.2f}x, {_verdict(growth <= 1.25)}"
    )
    biggest = max(results, key=lambda r: r["records"])
    per_10k = biggest["validation_seconds"] * 10_000 / biggest["records"]
    lines.append(
        f"- validating 10,000 records under 1 s: {biggest['records']} records took "
        f"{biggest['validation_seconds']:.3f} s, {per_10k:.3f} s per 10,000, {_verdict(per_10k < 1.0)}"
    )
    return "\n".join(lines)


def _verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100], help="multiples of the real data")
    parser.add_argument("--pairs", type=int, default=3, help="paired full/plain builds per size (default 3)")
    arguments = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="handover-benchmark-") as workdir:
        results = []
        for size in arguments.sizes:
            result = measure(size, arguments.pairs, Path(workdir))
            print(f"{size}x: {result}", file=sys.stderr)
            results.append(result)
    print(report(results, arguments.pairs))


if __name__ == "__main__":
    main()
