"""Shared fixtures: small data folders written by hand, and the real project's folder."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.progressed_data import PROGRESSED, set_statuses
from tests.site_tools import build_site, copy_project, serve

PROJECT_DIR = Path(__file__).resolve().parent.parent

MINIMAL_SITE = """\
site:
  title: Test site
  reference_date: 2016-03-15
  reference_date_note: A fixed date for tests.
  fiscal_year_2017_start: 2016-10-01
  source_title: Test source
  reassignment_total_as_stated: {fte: 1.0, interns: 1, as_written: "one FTE and one intern"}
  hours_per_day: 6
  max_duties_per_owner: 3
"""

MINIMAL_UNITS = """\
units:
  - id: usdc
    name: User Support for Distributed Computing
    short_name: USDC
    kind: group
    status: active
    description: The receiving group.
"""


@pytest.fixture
def write_data(tmp_path: Path):
    """Return a function that writes data files into a fresh project folder and returns it.

    The site settings and one unit are always present so that each test adds only the
    records it is about.
    """

    def write(files: dict[str, str | bytes]) -> Path:
        data = tmp_path / "data"
        data.mkdir(exist_ok=True)
        (data / "site.yml").write_text(MINIMAL_SITE)
        (data / "units.yml").write_text(MINIMAL_UNITS)
        for name, content in files.items():
            target = data / name
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(textwrap.dedent(content))
        return tmp_path

    return write


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """Build the real site once per test run, strictly, with `.html` URLs.

    `--no-directory-urls` makes every link point at a file, which lets linkchecker check
    anchors exactly when it reads the site from disk.
    """
    output = tmp_path_factory.mktemp("site")
    result = build_site(PROJECT_DIR, output)
    assert result.returncode == 0, result.stderr
    return output


@pytest.fixture(scope="session")
def site_url(built_site: Path):
    """Serve the built site on 127.0.0.1 and yield its base URL."""
    with serve(built_site) as url:
        yield url


@pytest.fixture
def browser(tmp_path: Path):
    """Start Debian's headless Chromium through chromedriver, with a fresh profile."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--window-size=1280,1024",
    ):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(tmp_path / "downloads")})
    driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def progressed_site(tmp_path_factory) -> Path:
    """Build a copy of the real site, strictly, with three duties further along."""
    project = copy_project(PROJECT_DIR, tmp_path_factory.mktemp("progressed") / "project")
    set_statuses(project / "data" / "duties.yml", dict(PROGRESSED))
    output = project.parent / "site"
    result = build_site(project, output)
    assert result.returncode == 0, result.stderr
    return output


@pytest.fixture(scope="session")
def progressed_url(progressed_site: Path):
    """Serve the progressed copy on 127.0.0.1 and yield its base URL."""
    with serve(progressed_site) as url:
        yield url


def start_chromium(profile: Path, downloads: Path, *, javascript: bool = True):
    """Start Debian's headless Chromium with its own profile and download folder."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--window-size=1280,1024",
    ):
        options.add_argument(flag)
    preferences = {"download.default_directory": str(downloads)}
    if not javascript:
        preferences["profile.managed_default_content_settings.javascript"] = 2
    options.add_experimental_option("prefs", preferences)
    driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    driver.set_page_load_timeout(30)
    return driver


@pytest.fixture
def browser_factory(tmp_path: Path):
    """Return a function that starts another Chromium, each with a fresh profile.

    The function takes `javascript=False` to start one with scripts blocked. Each browser
    downloads into `<its profile folder>/downloads`, available as `driver.download_dir`.
    """
    drivers = []

    def start(*, javascript: bool = True):
        folder = tmp_path / f"browser-{len(drivers) + 1}"
        driver = start_chromium(folder / "profile", folder / "downloads", javascript=javascript)
        driver.download_dir = folder / "downloads"
        drivers.append(driver)
        return driver

    yield start
    for driver in drivers:
        driver.quit()
