"""Run `mkdocs` in this process and write its peak resident memory to a file at exit.

The benchmark starts each build through this script. The peak comes from VmHWM in
/proc/self/status (Linux), which starts afresh when the process image is replaced, so it
is the build's own. The rusage that `os.wait4` returns would be wrong here: Linux carries
the resident size that a child had just after fork, a copy of the benchmark process,
through its exec, so a small build would report the benchmark's memory.

    HANDOVER_BENCHMARK_PEAK=FILE python benchmarks/peak_memory.py build -f mkdocs.yml
"""

from __future__ import annotations

import atexit
import os
import runpy
import sys
from pathlib import Path

OUTPUT = Path(os.environ["HANDOVER_BENCHMARK_PEAK"])


def write_peak() -> None:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            OUTPUT.write_text(line.split()[1] + "\n")  # kibibytes


atexit.register(write_peak)
sys.argv = ["mkdocs", *sys.argv[1:]]
runpy.run_module("mkdocs", run_name="__main__", alter_sys=True)
