"""Relative links between pages under docs/ agree with posixpath.relpath."""

import itertools
import posixpath

import pytest

from macros.markdown import Linker, relative_path

PATHS = [
    "index.md",
    "duties.md",
    "experiments/nova.md",
    "experiments/index.md",
    "training/modules/jobsub.md",
    "training/tracks/operator.md",
    "training/index.md",
    "checklists/duty-handoff/nova-keep-up.md",
    "checklists/duty-handoff/index.md",
    "guides/onboard/nova.md",
]


@pytest.mark.parametrize(("target", "page"), list(itertools.product(PATHS, PATHS)))
def test_relative_path_matches_relpath(target, page):
    assert relative_path(target, page) == posixpath.relpath(target, posixpath.dirname(page) or ".")


def test_hand_checked_links():
    linker = Linker("training/modules/jobsub.md")
    assert linker.url("training/tracks/operator.md") == "../tracks/operator.md"
    assert linker.url("duties.md", "nova-keep-up") == "../../duties.md#nova-keep-up"
    assert linker.url("training/modules/jobsub.md", "steps") == "#steps"
    assert Linker("index.md").url("experiments/nova.md") == "experiments/nova.md"
