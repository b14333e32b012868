"""MkDocs hook used only by the benchmark: save each page's final Markdown and the nav.

It runs after mkdocs-macros has rendered a page, so the folder it writes is exactly the
Markdown the site's macros produced. The benchmark builds that folder with plain Material
to measure what the data loading and macros cost.

The run that saves the Markdown is not timed, so the hook keeps it short. It hands MkDocs
an empty page instead of the Markdown, and ends the process once every page has been read,
before MkDocs renders any template. A site of thousands of pages is saved in seconds.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import yaml
from mkdocs.plugins import event_priority

OUTPUT = Path(os.environ["HANDOVER_BENCHMARK_DUMP"])


@event_priority(-100)
def on_config(config):
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / "nav.yml").write_text(yaml.safe_dump(config.nav, sort_keys=False))
    return config


@event_priority(-100)
def on_pre_build(config):
    # The site's hook gives the abbr extension the glossary here. The plain build gets the
    # same option, so marking abbreviations counts as Markdown work on both sides.
    (OUTPUT / "abbr.yml").write_text(yaml.safe_dump(dict(config.mdx_configs.get("abbr", {}))))


@event_priority(-100)
def on_page_markdown(markdown, page, config, files):
    target = OUTPUT / "docs" / page.file.src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    meta = {key: value for key, value in page.meta.items() if key != "render_macros"}
    front_matter = f"---\n{yaml.safe_dump(meta, sort_keys=False)}---\n\n" if meta else ""
    target.write_text(front_matter + markdown, encoding="utf-8")
    return ""


@event_priority(-100)
def on_env(env, config, files):
    # Every page has been read and saved, so nothing after this point is needed.
    (OUTPUT / "complete").write_text("")
    sys.exit(0)
