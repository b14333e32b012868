"""Measure the full site build against a plain Material build of the same Markdown.

For each size (1x, 10x, 100x the real data) the benchmark writes a synthetic project whose
data passes validation and times paired builds: the full site (data loading, validation,
macros, generated pages) and a plain Material site of exactly the Markdown the full build
produced (no data, no macros), saved beforehand by an untimed run. The two builds of a
pair run side by side, one per core. The benchmark reports the ratio of each pair, time
per page, peak memory of each build, and the time to validate data/ alone, each in a
fresh process, and the time to validate 10,000 small person records.

    .venv/bin/python benchmarks/build_speed.py                       # sizes 1 10 100, pairs 5 3 1
    .venv/bin/python benchmarks/build_speed.py --sizes 1 10 --pairs 3

Results go to standard output as a Markdown table; copy them into benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from benchmarks.synthetic import write_people_project, write_synthetic_project

DUMP_HOOK = Path(__file__).resolve().parent / "dump_markdown.py"
VALIDATE_ONCE = Path(__file__).resolve().parent / "validate_once.py"
PEAK_MEMORY = Path(__file__).resolve().parent / "peak_memory.py"
# The validation goal is stated for 10,000 records, and these are person records of eight keys.
PEOPLE = 10_000


@dataclass
class Run:
    """One timed build: wall seconds and peak resident memory in MiB."""

    seconds: float
    peak_mib: float


def start_build(config: Path, site_dir: Path, extra_env: dict[str, str] | None = None) -> Callable[[], Run]:
    """Start one build in a child process; return a function that waits for it.

    The function returns the build's wall time, from its start to its own end, and the
    peak resident memory of its process. A thread waits for the process, so the end is
    taken when the build ends, not when the caller gets round to asking.
    """
    peak_file = site_dir.with_name(site_dir.name + "-peak-kib")
    command = [sys.executable, str(PEAK_MEMORY), "build", "--quiet", "-f", str(config), "-d", str(site_dir)]
    environment = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "HANDOVER_BENCHMARK_PEAK": str(peak_file),
        **(extra_env or {}),
    }
    outcome: dict[str, Any] = {}
    start = time.perf_counter()
    process = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    def wait_for_process() -> None:
        _, outcome["stderr"] = process.communicate()
        outcome["seconds"] = time.perf_counter() - start

    waiter = threading.Thread(target=wait_for_process)
    waiter.start()

    def wait() -> Run:
        waiter.join()
        if process.returncode != 0:
            raise SystemExit(f"build of {config} failed:\n{outcome['stderr']}")
        return Run(outcome["seconds"], int(peak_file.read_text()) / 1024)

    return wait


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


def time_validation(project: Path, repeats: int = 5) -> dict:
    """Load and validate data/ once in each of `repeats` fresh processes; return the medians.

    The result also contains the number of records, the bytes of YAML read, and the floor:
    the median time PyYAML's CSafeLoader takes to load the same text, with no line numbers
    and no validation.
    """
    runs = []
    for _ in range(repeats):
        output = subprocess.run(
            [sys.executable, str(VALIDATE_ONCE), str(project)], check=True, capture_output=True, text=True
        ).stdout
        runs.append(json.loads(output))
    return {
        "validation_seconds": statistics.median(run["validate_seconds"] for run in runs),
        "floor_seconds": statistics.median(run["floor_seconds"] for run in runs),
        "records": runs[0]["records"],
        "yaml_bytes": runs[0]["yaml_bytes"],
    }


def count_pages(site_dir: Path) -> int:
    return sum(1 for path in site_dir.rglob("*.html") if path.name != "404.html")


def measure(size: int, pairs: int, workdir: Path) -> dict:
    project = workdir / f"x{size}"
    write_synthetic_project(PROJECT_DIR, project, size)
    # Compile the copied macros now, so that the first timed build does not pay for it.
    compileall.compile_dir(project / "macros", quiet=1)
    validation = time_validation(project)

    # An untimed run saves the Markdown that the macros produce, for the plain build.
    dump_dir = workdir / f"x{size}-dump"
    save = start_build(
        write_full_config(project, dump=True), workdir / f"x{size}-scratch", {"HANDOVER_BENCHMARK_DUMP": str(dump_dir)}
    )
    save()
    if not (dump_dir / "complete").exists():
        raise SystemExit(f"saving the Markdown of {project} stopped before every page was read")
    plain_config = write_plain_project(project, dump_dir, workdir / f"x{size}-plain")
    full_config = write_full_config(project, dump=False)

    # The two builds of a pair run at the same time, one on each core, so that both meet
    # the same state of the machine.
    full_runs, plain_runs = [], []
    for _ in range(pairs):
        wait_full = start_build(full_config, workdir / f"x{size}-site-full")
        wait_plain = start_build(plain_config, workdir / f"x{size}-site-plain")
        full_runs.append(wait_full())
        plain_runs.append(wait_plain())
    ratios = [full.seconds / plain.seconds for full, plain in zip(full_runs, plain_runs)]

    pages = count_pages(workdir / f"x{size}-site-full")
    full_seconds = statistics.median(run.seconds for run in full_runs)
    plain_seconds = statistics.median(run.seconds for run in plain_runs)
    return {
        "size": size,
        **validation,
        "pages": pages,
        "pairs": pairs,
        "full_seconds": full_seconds,
        "plain_seconds": plain_seconds,
        "ratio": statistics.median(ratios),
        "ms_per_page": 1000 * full_seconds / pages,
        "plain_ms_per_page": 1000 * plain_seconds / pages,
        "full_peak_mib": max(run.peak_mib for run in full_runs),
        "plain_peak_mib": max(run.peak_mib for run in plain_runs),
    }


def report(results: list[dict], people: dict, elapsed: float) -> str:
    lines = [
        f"Machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        (
            f"Command: benchmarks/build_speed.py --sizes {' '.join(str(r['size']) for r in results)} "
            f"--pairs {' '.join(str(r['pairs']) for r in results)}"
        ),
        f"Whole run: {elapsed / 60:.1f} minutes",
        "",
        (
            "| Size | Records | Pages | Pairs | Full build (s) | Plain build (s) | Ratio (median of pairs) "
            "| ms per page, full / plain | Peak MiB full / plain |"
        ),
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['size']}x | {r['records']} | {r['pages']} | {r['pairs']} | {r['full_seconds']:.2f} "
            f"| {r['plain_seconds']:.2f} | {r['ratio']:.3f} | {r['ms_per_page']:.1f} / {r['plain_ms_per_page']:.1f} "
            f"| {r['full_peak_mib']:.0f} / {r['plain_peak_mib']:.0f} |"
        )
    lines += [
        "",
        "| Size | Records | YAML read (MB) | Validate data/ (s) | CSafeLoader alone (s) | Validate per 10,000 records (s) |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['size']}x | {r['records']} | {r['yaml_bytes'] / 1e6:.2f} | {r['validation_seconds']:.3f} "
            f"| {r['floor_seconds']:.3f} | {r['validation_seconds'] * 10_000 / r['records']:.3f} |"
        )
    first, last = results[0], results[-1]
    lines += ["", "Goals:"]
    worst = max(r["ratio"] for r in results)
    lines.append(f"- full build within 1.10x of plain at every size: worst {worst:.3f}x, {_verdict(worst <= 1.10)}")
    if len(results) > 1:
        growth = last["ms_per_page"] / first["ms_per_page"]
        verdict = _verdict(growth <= 1.25)
        lines.append(f"- time per page at {last['size']}x within 1.25x of {first['size']}x: {growth:.2f}x, {verdict}")
    else:
        lines.append("- time per page at the largest size within 1.25x of the smallest: not measured, one size run")
    lines.append(
        f"- validating 10,000 records under 1 s: {people['validation_seconds']:.3f} s for {people['records']} "
        f"person records of eight keys ({people['yaml_bytes'] / 1e6:.2f} MB; CSafeLoader alone: "
        f"{people['floor_seconds']:.3f} s), {_verdict(people['validation_seconds'] < 1.0)}"
    )
    biggest = max(results, key=lambda r: r["records"])
    per_10k = biggest["validation_seconds"] * 10_000 / biggest["records"]
    floor_10k = biggest["floor_seconds"] * 10_000 / biggest["records"]
    scaled = "" if biggest["records"] >= 10_000 else f", scaled from {biggest['records']} records"
    lines.append(
        f"  - the synthetic data at {biggest['size']}x: {per_10k:.3f} s per 10,000 of its records{scaled} "
        f"(CSafeLoader alone: {floor_10k:.3f} s), {_verdict(per_10k < 1.0)}"
    )
    return "\n".join(lines)


def _verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100], help="multiples of the real data")
    parser.add_argument(
        "--pairs",
        type=int,
        nargs="+",
        default=[5, 3, 1],
        help="paired full and plain builds at each size, in the order of --sizes; the last number "
        "repeats for the remaining sizes (default 5 3 1)",
    )
    arguments = parser.parse_args()
    if min(arguments.pairs) < 1:
        parser.error("--pairs takes numbers of 1 or more")
    pairs = arguments.pairs + [arguments.pairs[-1]] * (len(arguments.sizes) - len(arguments.pairs))

    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="handover-benchmark-") as workdir:
        people_project = Path(workdir) / "people"
        write_people_project(PROJECT_DIR, people_project, PEOPLE)
        people = time_validation(people_project)
        print(f"{PEOPLE} people: {people}", file=sys.stderr)
        results = []
        for size, size_pairs in zip(arguments.sizes, pairs):
            result = measure(size, size_pairs, Path(workdir))
            print(f"{size}x: {result}", file=sys.stderr)
            results.append(result)
    print(report(results, people, time.perf_counter() - start))


if __name__ == "__main__":
    main()
