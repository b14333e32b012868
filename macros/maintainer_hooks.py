"""MkDocs hooks for maintainers: edit links to the data behind generated pages, review warnings.

mkdocs.yml lists this file under `hooks:` after `macros/hooks.py`. Like that file, it runs
after mkdocs-macros has loaded the data in its `on_config`.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

# MkDocs loads this file by path, before the project folder is on sys.path.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from macros import current_site, edit_links, review
from macros.pages import generated_pages

log = logging.getLogger("mkdocs.plugins.handover")

_edit_urls: dict[str, str | None] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    site = current_site()
    if site.settings.review_overdue_warnings and site.settings.review_date is not None:
        for item in review.overdue_items(site):
            log.warning(review.overdue_message(item, site.settings.review_date))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _edit_urls
    _edit_urls = {}
    if not config.repo_url or not config.edit_uri:
        return files
    try:
        _edit_urls = edit_links.generated_page_urls(
            current_site(), generated_pages(current_site()), config.repo_url, config.edit_uri
        )
    except ValueError as error:
        raise PluginError(str(error)) from None
    return files


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    if page.file.generated_by is None or page.file.src_uri not in _edit_urls:
        return page
    page.edit_url = _edit_urls[page.file.src_uri]
    if page.edit_url is None:
        log.warning("generated page %s has no record location, so it has no edit link", page.file.src_uri)
    return page
