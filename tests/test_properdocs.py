"""The site builds unchanged with ProperDocs, the maintained fork of MkDocs 1.6."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT_DIR

# The only line allowed to differ: <meta name="generator" content="mkdocs-1.6.1, mkdocs-material-...">.
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def build_with_properdocs(output: Path) -> subprocess.CompletedProcess:
    properdocs = Path(sys.executable).parent / "properdocs"
    command = [
        str(properdocs),
        "build",
        "--strict",
        "-f",
        "mkdocs.yml",
        "--site-dir",
        str(output),
        "--no-directory-urls",
    ]
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(command, cwd=PROJECT_DIR, capture_output=True, text=True, env=environment)


def files_of(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*") if path.is_file()}


@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("properdocs") / "site"
    result = build_with_properdocs(output)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return output


def test_properdocs_builds_same_pages(built_site, properdocs_site):
    with_mkdocs = files_of(built_site)
    with_properdocs = files_of(properdocs_site)
    assert sorted(with_properdocs) == sorted(with_mkdocs)
    differing = [
        name
        for name, content in with_mkdocs.items()
        if GENERATOR.sub(b"", content) != GENERATOR.sub(b"", with_properdocs[name])
    ]
    assert differing == []


def test_generator_tags_differ(built_site, properdocs_site):
    # Shows that the comparison above reads the output of two different engines.
    mkdocs_tag = GENERATOR.search((built_site / "index.html").read_bytes())[0]
    properdocs_tag = GENERATOR.search((properdocs_site / "index.html").read_bytes())[0]
    assert b"mkdocs-1.6" in mkdocs_tag
    assert b"ProperDocs" in properdocs_tag
