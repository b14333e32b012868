"""MkDocs hooks: add the pages and export files generated from the data to the build,
and the glossary's abbreviations to every page.

mkdocs.yml lists this file under `hooks:`. It runs after mkdocs-macros has loaded the data
in its `on_config`, so it reuses that load instead of reading `data/` again.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

# MkDocs loads this file by path while it reads mkdocs.yml, before mkdocs-macros puts the
# project folder on sys.path, so the package would not be importable yet.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros import current_risks, current_site
from macros.exports import export_files
from macros.pages import extend_nav, generated_pages
from macros.training_views import abbreviations


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    pages = generated_pages(current_site())
    if config.nav is not None:
        extend_nav(config.nav, pages)
    # The records, indexes and generated pages stay alive for the whole build, so the
    # cyclic garbage collector would only walk them again and again: at 10x the real data
    # that took about 3% of the build. Frozen objects are skipped until `define_env`
    # unfreezes them at the start of the next build of `mkdocs serve`.
    gc.freeze()
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for page in generated_pages(current_site()):
        files.append(File.generated(config, page.path, content=page.markdown))
    for path, content in export_files(current_site(), current_risks()).items():
        files.append(File.generated(config, path, content=content))
    return files


def on_pre_build(config: MkDocsConfig) -> None:
    # The abbr extension's `glossary` option (Python-Markdown 3.7 and later) applies the
    # glossary to every page, as if each page ended with `*[TERM]: expansion` lines. Its
    # matches skip code spans and code blocks, and the text of the pages stays untouched.
    options = config.mdx_configs.setdefault("abbr", {})
    options["glossary"] = {**options.get("glossary", {}), **abbreviations(current_site())}
