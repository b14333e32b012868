"""Data is loaded and validated once per build, before any page renders, never per page."""

from __future__ import annotations

import os

from mkdocs.commands.build import build
from mkdocs.config import load_config

import macros.loader
from tests.conftest import PROJECT_DIR


def test_one_load_per_build(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(PROJECT_DIR / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    before = macros.loader.load_count
    build(config)
    pages = sum(1 for _ in (tmp_path / "site").rglob("*.html"))
    assert pages > 10
    assert macros.loader.load_count - before == 1


def test_rebuild_loads_again(tmp_path, monkeypatch):
    # `mkdocs serve` rebuilds with a fresh config, and each rebuild must see edited data.
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    before = macros.loader.load_count
    for run in range(2):
        config = load_config(str(PROJECT_DIR / "mkdocs.yml"), site_dir=str(tmp_path / f"site{run}"))
        build(config)
    assert macros.loader.load_count - before == 2
    assert os.path.isfile(tmp_path / "site1" / "index.html")
