"""Checklists in Debian's headless Chromium: ticks that persist, files, clipboard, print."""

from __future__ import annotations

import base64
import json
import re
import subprocess

import pytest
import yaml
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.conftest import PROJECT_DIR
from tests.site_tools import build_site, copy_project, serve

pytestmark = pytest.mark.browser

RAW2ROOT = "checklists/duty-handoff/nova-raw2root-keep-up.html"
RAW2ROOT_ID = "duty-handoff/nova-raw2root-keep-up"
KEY_PREFIX = "opos-handover:checklist:"
# Long enough for a page, a download or a file import on a loaded two-core machine.
WAIT_SECONDS = 20


def open_checklist(driver, url: str) -> None:
    """Load a checklist page and wait until the script has added its checkboxes."""
    driver.get(url)
    WebDriverWait(driver, WAIT_SECONDS).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".checklist--active"))


def tick(driver, *item_ids: str) -> None:
    for item_id in item_ids:
        driver.find_element(By.CSS_SELECTOR, f'li[data-item-id="{item_id}"] input.checklist__box').click()


def ticked(driver) -> list[str]:
    """Return the ids of the ticked items, in page order."""
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('li.checklist__item'))"
        ".filter(item => item.querySelector('input.checklist__box').checked)"
        ".map(item => item.dataset.itemId);"
    )


def stored_keys(driver) -> list[str]:
    return sorted(
        key for key in driver.execute_script("return Object.keys(localStorage);") if key.startswith(KEY_PREFIX)
    )


def status(driver) -> str:
    return driver.find_element(By.CSS_SELECTOR, ".checklist__status").text


def wait_for_status(driver, words: str) -> str:
    WebDriverWait(driver, WAIT_SECONDS).until(lambda d: words in status(d))
    return status(driver)


def checklist_items(checklist_id: str) -> list[dict]:
    """Read a checklist's items straight from its YAML file."""
    records = yaml.safe_load((PROJECT_DIR / "data" / "checklists.yml").read_text(encoding="utf-8"))["checklists"]
    checklist = next(record for record in records if record["id"] == checklist_id)
    return [item for section in checklist["sections"] for item in section["items"]]


def test_ticks_survive_reload(browser, site_url):
    open_checklist(browser, site_url + "checklists/pre-production.html")
    assert ticked(browser) == []
    tick(browser, "ci-green", "inputs-prestaged")
    assert browser.find_element(By.CSS_SELECTOR, ".checklist__count").text == "2 of 18 ticked"

    browser.refresh()
    WebDriverWait(browser, WAIT_SECONDS).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".checklist--active"))
    assert ticked(browser) == ["ci-green", "inputs-prestaged"]
    assert stored_keys(browser) == [
        KEY_PREFIX + "pre-production:1:ci-green",
        KEY_PREFIX + "pre-production:1:inputs-prestaged",
    ]


def test_unticking_forgets_item(browser, site_url):
    open_checklist(browser, site_url + "checklists/pre-production.html")
    tick(browser, "ci-green", "ci-green")
    browser.refresh()
    WebDriverWait(browser, WAIT_SECONDS).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".checklist--active"))
    assert ticked(browser) == []
    assert stored_keys(browser) == []


def test_label_ticks_box(browser, site_url):
    open_checklist(browser, site_url + "checklists/pre-production.html")
    browser.find_element(By.CSS_SELECTOR, 'li[data-item-id="disk-request"] label.checklist__text').click()
    assert ticked(browser) == ["disk-request"]


def test_copies_keep_own_ticks(browser, site_url):
    open_checklist(browser, site_url + RAW2ROOT)
    tick(browser, "runbook-written")
    open_checklist(browser, site_url + "checklists/duty-handoff/minerva-mc-production.html")
    assert ticked(browser) == []
    assert stored_keys(browser) == [KEY_PREFIX + RAW2ROOT_ID + ":1:runbook-written"]


def test_reset_clears_ticks(browser, site_url):
    open_checklist(browser, site_url + RAW2ROOT)
    tick(browser, "runbook-written", "backup-named")
    browser.find_element(By.CSS_SELECTOR, '[data-checklist-action="reset"]').click()
    alert = browser.switch_to.alert
    assert "NOvA raw2root keep-up" in alert.text
    alert.accept()
    assert ticked(browser) == []
    assert stored_keys(browser) == []
    browser.refresh()
    WebDriverWait(browser, WAIT_SECONDS).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".checklist--active"))
    assert ticked(browser) == []


def test_reset_cancelled_keeps_ticks(browser, site_url):
    open_checklist(browser, site_url + RAW2ROOT)
    tick(browser, "runbook-written")
    browser.find_element(By.CSS_SELECTOR, '[data-checklist-action="reset"]').click()
    browser.switch_to.alert.dismiss()
    assert ticked(browser) == ["runbook-written"]


def test_export_then_import_in_fresh_profile(browser_factory, site_url):
    first = browser_factory()
    open_checklist(first, site_url + RAW2ROOT)
    tick(first, "runbook-written", "reverse-cycle-unaided")
    first.find_element(By.CSS_SELECTOR, '[data-checklist-action="export"]').click()

    exported = first.download_dir / "duty-handoff--nova-raw2root-keep-up-v1.json"
    WebDriverWait(first, WAIT_SECONDS).until(lambda _: exported.is_file())
    progress = json.loads(exported.read_text(encoding="utf-8"))
    assert progress["format"] == "opos-handover-checklist-progress"
    assert progress["checklist"] == RAW2ROOT_ID
    assert progress["version"] == 1
    assert progress["title"] == "Duty handoff checklist: NOvA raw2root keep-up"
    assert progress["ticked"] == ["runbook-written", "reverse-cycle-unaided"]

    second = browser_factory()
    open_checklist(second, site_url + RAW2ROOT)
    assert ticked(second) == []
    second.find_element(By.CSS_SELECTOR, "input.checklist__file").send_keys(str(exported))
    message = wait_for_status(second, "Imported")
    assert message == "Imported 2 ticks from duty-handoff--nova-raw2root-keep-up-v1.json."
    assert ticked(second) == ["runbook-written", "reverse-cycle-unaided"]

    second.refresh()
    WebDriverWait(second, WAIT_SECONDS).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".checklist--active"))
    assert ticked(second) == ["runbook-written", "reverse-cycle-unaided"]


def test_import_other_version_rejected(browser, site_url, tmp_path):
    stale = tmp_path / "stale.json"
    stale.write_text(
        json.dumps(
            {
                "format": "opos-handover-checklist-progress",
                "format_version": 1,
                "checklist": RAW2ROOT_ID,
                "version": 2,
                "ticked": ["runbook-written"],
            }
        )
    )
    open_checklist(browser, site_url + RAW2ROOT)
    tick(browser, "backup-named")
    browser.find_element(By.CSS_SELECTOR, "input.checklist__file").send_keys(str(stale))
    message = wait_for_status(browser, "Nothing imported")
    assert "records version 2 of this checklist, but it is now version 1" in message
    assert ticked(browser) == ["backup-named"]


def test_import_other_checklist_rejected(browser, site_url, tmp_path):
    other = tmp_path / "other.json"
    other.write_text(
        json.dumps(
            {"format": "opos-handover-checklist-progress", "checklist": "pre-production", "version": 1, "ticked": []}
        )
    )
    open_checklist(browser, site_url + RAW2ROOT)
    browser.find_element(By.CSS_SELECTOR, "input.checklist__file").send_keys(str(other))
    message = wait_for_status(browser, "Nothing imported")
    assert "is for the checklist “pre-production”" in message


def test_import_ignores_unknown_items(browser, site_url, tmp_path):
    export = tmp_path / "export.json"
    export.write_text(
        json.dumps(
            {
                "format": "opos-handover-checklist-progress",
                "checklist": RAW2ROOT_ID,
                "version": 1,
                "ticked": ["backup-named", "no-such-item"],
            }
        )
    )
    open_checklist(browser, site_url + RAW2ROOT)
    browser.find_element(By.CSS_SELECTOR, "input.checklist__file").send_keys(str(export))
    message = wait_for_status(browser, "Imported")
    assert message == ("Imported 1 tick from export.json. Ignored items this checklist does not have: no-such-item.")
    assert ticked(browser) == ["backup-named"]


def bump_version(project, checklist_id: str) -> None:
    """Raise one checklist's version by one in a copied project's data."""
    path = project / "data" / "checklists.yml"
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(rf"(  - id: {re.escape(checklist_id)}\n(?:    .*\n)*?    version: )(\d+)")
    bumped, count = pattern.subn(lambda match: f"{match.group(1)}{int(match.group(2)) + 1}", text)
    assert count == 1
    path.write_text(bumped, encoding="utf-8")


def test_new_version_clears_stale_ticks(browser, tmp_path):
    project = copy_project(PROJECT_DIR, tmp_path / "project")
    site = tmp_path / "site"
    assert build_site(project, site).returncode == 0

    # The same server, and so the same origin and localStorage, serves both builds.
    with serve(site) as url:
        open_checklist(browser, url + "checklists/pre-production.html")
        tick(browser, "ci-green", "memory-profile")
        open_checklist(browser, url + "checklists/new-post-doc.html")
        tick(browser, "mailing-lists")

        bump_version(project, "pre-production")
        result = build_site(project, site)
        assert result.returncode == 0, result.stderr

        open_checklist(browser, url + "checklists/pre-production.html")
        root = browser.find_element(By.CSS_SELECTOR, ".checklist")
        assert root.get_attribute("data-checklist-version") == "2"
        assert ticked(browser) == []
        assert "your earlier ticks were cleared" in status(browser)
        assert stored_keys(browser) == [KEY_PREFIX + "new-post-doc:1:mailing-lists"]

        open_checklist(browser, url + "checklists/new-post-doc.html")
        assert ticked(browser) == ["mailing-lists"]


def test_copy_as_markdown(browser, site_url):
    open_checklist(browser, site_url + RAW2ROOT)
    origin = site_url.rstrip("/")
    browser.execute_cdp_cmd(
        "Browser.grantPermissions",
        {"origin": origin, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]},
    )
    tick(browser, "runbook-written", "shadow-first-cycle")
    browser.find_element(By.CSS_SELECTOR, '[data-checklist-action="copy"]').click()
    wait_for_status(browser, "Copied")

    copied = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "navigator.clipboard.readText().then(done, error => done('failed: ' + error));"
    )
    lines = copied.splitlines()

    assert lines[:9] == [
        "## Duty handoff checklist: NOvA raw2root keep-up (version 1)",
        "",
        "### Preparation",
        "",
        "- [x] The runbook is written and linked from the duty. (Responsible: duty owner: Paola Buitrago)",
        (
            "- [ ] The successor has every account, role and .k5login entry the duty needs, and has logged in to "
            "each system. (Responsible: successor: Michele Fattoruso)"
        ),
        "",
        "### Shadowing",
        "",
    ]
    assert lines[9] == (
        "- [x] The successor watched the owner do a first cycle of the duty. (Responsible: successor: Michele Fattoruso)"
    )
    assert len([line for line in lines if line.startswith("- [x] ")]) == 2
    assert len([line for line in lines if line.startswith("- [ ] ")]) == 8
    assert copied == browser.execute_script(f"return window.oposChecklists.get('{RAW2ROOT_ID}').markdown();")


def test_print_gives_blank_form(browser, site_url, tmp_path):
    open_checklist(browser, site_url + RAW2ROOT)
    tick(browser, "runbook-written")

    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    first_item = "document.querySelector('li[data-item-id=\"runbook-written\"]')"
    box_before = browser.execute_script(f"return getComputedStyle({first_item}, '::before').display;")
    checkbox = browser.execute_script(f"return getComputedStyle({first_item}.querySelector('input')).display;")
    assert box_before == "block"
    assert checkbox == "none"
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})

    pdf = tmp_path / "checklist.pdf"
    pdf.write_bytes(base64.b64decode(browser.print_page()))
    result = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    text = " ".join(result.stdout.split())

    for item in checklist_items("duty-handoff"):
        assert item["text"] in text, item["id"]
    assert text.count("Responsible: duty owner: Paola Buitrago") == 3
    assert text.count("Responsible: successor: Michele Fattoruso") == 6
    assert text.count("Responsible: production coordinator") == 1
    # The collapsed "Why and how" of the period-alone item.
    assert "A month is suggested for a daily or weekly duty" in text
    # Sign-off lines for the duty owner, the successor and the production coordinator.
    sign_off = text.split("Sign-off", 1)[1]
    assert len(re.findall(r"\bSignature\b", sign_off)) == 3
    assert len(re.findall(r"\bDate\b", sign_off)) == 3
    assert "duty owner: Paola Buitrago" in sign_off
    assert "successor: Michele Fattoruso" in sign_off
    assert "production coordinator" in sign_off
    assert "Table of contents" not in text
    assert "Copy as Markdown" not in text
    assert "1 of 10 ticked" not in text


def test_readable_without_javascript(browser_factory, site_url):
    driver = browser_factory(javascript=False)
    driver.get(site_url + "checklists/pre-production.html")
    items = driver.find_elements(By.CSS_SELECTOR, "ul.checklist__items > li.checklist__item")
    assert len(items) == 18
    assert all(item.is_displayed() for item in items)
    assert items[0].text.startswith("The campaign uses a tagged software release")
    assert "Responsible: production operator" in items[0].text
    assert driver.find_elements(By.CSS_SELECTOR, ".checklist input") == []
    assert driver.find_elements(By.CSS_SELECTOR, ".checklist__toolbar") == []
    assert driver.find_elements(By.CSS_SELECTOR, ".checklist--active") == []


def test_print_without_javascript(browser_factory, site_url, tmp_path):
    driver = browser_factory(javascript=False)
    driver.get(site_url + "checklists/pre-production.html")
    pdf = tmp_path / "checklist.pdf"
    pdf.write_bytes(base64.b64decode(driver.print_page()))
    result = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    text = " ".join(result.stdout.split())

    for item in checklist_items("pre-production"):
        assert item["text"] in text, item["id"]
    # Only CSS opens the collapsed details here, because no script runs.
    assert "Look at the CI dashboard for the release tag" in text
    sign_off = text.split("Sign-off", 1)[1]
    assert len(re.findall(r"\bSignature\b", sign_off)) == 2
    assert "production operator" in sign_off
    assert "production coordinator" in sign_off
