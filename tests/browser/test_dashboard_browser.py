"""The dashboard in a real browser: headless Chromium from Debian's packages, driven by selenium.

One journey through every view on a manual clock the page itself advances, so it is short and
deterministic: create a world, place a call to a magic number and watch it ring, answer and
end, find its CDR, play its recording, look at money and the journal, reset the world.
Screenshots of each view land in ``build/screenshots/`` (gitignored).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from mockpbx import create_app
from mockpbx.core.clock import ClockMode
from mockpbx.settings import Settings
from mockpbx.testing import ThreadedServer

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
WAIT = 10


def _require_chromium() -> None:
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not (os.path.exists(p) and os.access(p, os.X_OK))]
    if not missing and shutil.which("chromium") is not None:
        return
    message = ("headless Chromium is not available; install it with: "
               "apt-get install -y chromium chromium-driver")
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {message}")
    pytest.skip(message)


@pytest.fixture(scope="module")
def server() -> Iterator[ThreadedServer]:
    with ThreadedServer(create_app(Settings(clock=ClockMode.MANUAL)), threads=8, tick=False) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    _require_chromium()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_OFFLINE", "true")  # never let selenium fetch a browser or driver
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,960", "--autoplay-policy=no-user-gesture-required", "--mute-audio"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(WAIT)
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        yield driver
    finally:
        driver.quit()


def test_a_call_from_the_page_to_its_recording(server: ThreadedServer, browser: object, tmp_path: Path) -> None:
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import Select, WebDriverWait

    assert isinstance(browser, WebDriver)
    driver = browser
    # The page re-renders its tables; an element found a moment ago may have been replaced.
    wait = WebDriverWait(driver, WAIT, ignored_exceptions=(StaleElementReferenceException,))

    def css(selector: str) -> object:
        return wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, selector)))

    def click(selector: str) -> None:
        # Found and clicked in one retried step: a re-rendered table replaces its buttons.
        wait.until(lambda d: ec.element_to_be_clickable((By.CSS_SELECTOR, selector))(d) and (
            d.find_element(By.CSS_SELECTOR, selector).click() or True))

    def cells(selector: str) -> list[str]:
        return wait.until(lambda d: [td.text for td in d.find_elements(By.CSS_SELECTOR, f"{selector} td")] or None)

    def view(name: str) -> None:
        click(f'nav.views a[data-view="{name}"]')
        wait.until(lambda d: d.find_element(By.ID, f"view-{name}").is_displayed())

    def shot(name: str, at: str | None = None) -> None:
        if at is None:
            driver.execute_script("window.scrollTo(0, 0)")
        else:
            driver.execute_script("document.getElementById(arguments[0]).scrollIntoView()", at)
        driver.save_screenshot(str(SHOTS / f"{name}.png"))

    # Load the page.
    driver.get(f"{server.url}/_mockpbx/ui/#worlds")
    wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "true")
    assert driver.title == "mockpbx dashboard"
    # Keyboard first: Tab reaches the skip link, which takes focus to the content.
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    ActionChains(driver).send_keys(Keys.TAB).perform()
    assert driver.execute_script("return document.activeElement.outerHTML") == (
        '<a class="skip" href="#main">Skip to content</a>')
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    assert driver.execute_script("return document.activeElement.id") == "main"
    css('#worlds-table tr[data-world="default"]')
    shot("worlds")

    # Create a world on a manual clock; the page switches to it.
    Select(driver.find_element(By.ID, "new-scenario")).select_by_visible_text("default")
    seed = driver.find_element(By.ID, "new-seed")
    seed.clear()
    seed.send_keys("3")
    driver.find_element(By.ID, "new-id").send_keys("browser")
    Select(driver.find_element(By.ID, "new-clock")).select_by_value("manual")
    click("#create-world button[type=submit]")
    wait.until(lambda d: d.execute_script("return document.getElementById('world').value") == "browser")
    assert [w.id for w in server.registry.worlds()] == ["default", "browser"]
    world = server.registry.get("browser")
    wait.until(lambda d: d.find_element(By.ID, "stream-state").text == "live")

    # Place a call to the 60-second magic number from extension 104 (it records).
    view("live")
    Select(driver.find_element(By.ID, "call-tenant")).select_by_value("DEMO")
    driver.find_element(By.ID, "call-from").send_keys("104")
    driver.find_element(By.ID, "call-to").send_keys("5550005")
    click("#place-call button[type=submit]")
    row = css('#live-calls tr[data-state="queued"]')
    uniqueid = row.get_attribute("data-call")  # type: ignore[attr-defined]
    assert [c.uniqueid for c in world.telephony.live_calls()] == [uniqueid]

    # Watch it ring, answer and end as the page moves the clock.
    click('[data-advance="1"]')
    css(f'#live-calls tr[data-call="{uniqueid}"][data-state="ringing"]')
    click('[data-advance="10"]')
    css(f'#live-calls tr[data-call="{uniqueid}"][data-state="answered"]')
    shot("live")
    click('[data-advance="60"]')
    ended = css(f'#ended-calls tr[data-cdr="{uniqueid}"]')
    assert ended.get_attribute("data-disposition") == "answered"  # type: ignore[attr-defined]
    wait.until(lambda d: d.find_element(By.ID, "live-empty").is_displayed())
    assert world.telephony.live_calls() == []

    # Hang up a long call while it rings: it ends as no answer.
    to = driver.find_element(By.ID, "call-to")
    to.clear()
    to.send_keys("5550004")
    click("#place-call button[type=submit]")
    long_call = css('#live-calls tr[data-state="queued"]').get_attribute("data-call")  # type: ignore[attr-defined]
    click('[data-advance="1"]')
    click(f'#live-calls tr[data-call="{long_call}"][data-state="ringing"] button')
    hung = css(f'#ended-calls tr[data-cdr="{long_call}"]')
    assert hung.get_attribute("data-disposition") == "no_answer"  # type: ignore[attr-defined]
    assert world.telephony.live_calls() == []

    # Find its CDR and play its recording.
    view("history")
    Select(driver.find_element(By.ID, "filter-tenant")).select_by_value("DEMO")
    Select(driver.find_element(By.ID, "filter-disposition")).select_by_value("answered")
    click("#cdr-filter button[type=submit]")
    row = f'#cdrs tr[data-cdr="{uniqueid}"]'
    assert cells(row)[1:8] == ["DEMO", "104", "5550005", "outbound", "answered", "1m 00s", "0.50"]
    click(f"{row} button")
    duration = wait.until(lambda d: d.execute_script(
        "const p = document.getElementById('player'); return p.readyState >= 1 ? p.duration : 0;"))
    assert 59 <= float(duration) <= 61  # the recording of a 60-second call
    shot("history")

    # Money and traffic: the call's charge is in the tenant's ledger, and in this hour's bar.
    view("money")
    css("#traffic-chart svg rect")
    click('#wallets button[aria-label="Show the ledger of DEMO – Demo Company"]')
    wait.until(lambda d: "DEMO" in d.find_element(By.ID, "ledger-title").text)
    css("#ledger-chart svg path.line")
    assert cells("#ledger tbody tr:first-child") == [cells("#ledger tbody tr:first-child")[0], "-0.50", "-0.50",
                                                     "call to 5550005"]
    shot("money")

    # Journal: a vendor request made with this world's key shows up live.
    pbxware_key = next(k.key for k in world.keys() if str(k.vendor) == "pbxware")
    requests.get(f"{server.url}/", params={"apikey": pbxware_key, "action": "pbxware.tenant.list"}, timeout=WAIT)
    view("journal")
    css("#journal-table tbody tr td code")
    wait.until(lambda d: "pbxware.tenant.list" in d.find_element(By.ID, "journal-table").text)
    assert cells("#journal-table tbody tr:first-child")[1:] == ["pbxware", "master", "pbxware.tenant.list", "200", "ok",
                                                                "–", "✓ conformant"]

    # Faults: a refusal shows the server's own message and arms nothing.
    Select(driver.find_element(By.ID, "fault-name")).select_by_value("status")
    Select(driver.find_element(By.ID, "fault-vendor")).select_by_value("pbxware")
    status = driver.find_element(By.ID, "fault-status")
    status.clear()
    status.send_keys("99")
    click("#fault-form button[type=submit]")
    wait.until(lambda d: d.find_element(By.ID, "fault-error").is_displayed())
    assert driver.find_element(By.ID, "fault-error").text == (
        "Not armed: options.status: Input should be greater than or equal to 100 (invalid_argument)")
    assert world.faults.all() == []
    # Arm a 502 for the next PBXware extension request, from the page.
    status.clear()
    status.send_keys("502")
    driver.find_element(By.ID, "fault-operation").send_keys("pbxware.ext.*")
    Select(driver.find_element(By.ID, "fault-trigger")).select_by_value("next")
    assert driver.find_element(By.ID, "fault-value-label").text == "N (requests)"
    click("#fault-form button[type=submit]")
    assert cells('#faults-table tr[data-fault-id="f1"]') == ["f1", "pbxware pbxware.ext.*", "next 1", "never",
                                                            "0 of 0", "Disarm"]
    assert [(f.name, f.vendor, f.operation, f.options) for f in world.faults.all()] == [
        ("status", "pbxware", "pbxware.ext.*", {"status": 502})]
    # A typo'd parameter on the request the fault answers: the row names both, in words.
    answer = requests.get(f"{server.url}/", params={"apikey": pbxware_key, "action": "pbxware.ext.list",
                                                    "sever": "1"}, timeout=WAIT)
    assert answer.status_code == 502
    faulted = '#journal-table tr[data-fault="status"]'
    assert cells(faulted)[1:] == ["pbxware", "master", "pbxware.ext.list", "502", "fault:status", "⚡ status",
                                  "unknown parameter sever — expected a parameter of pbxware.ext.list; "
                                  "did you mean server?"]
    wait.until(lambda d: cells('#faults-table tr[data-fault-id="f1"]')[4] == "1 of 1")
    # A request no world accepted, with its near miss.
    requests.get(f"{server.url}/", params={"apikey": "no-such-key", "action": "pbxware.ext.lst"}, timeout=WAIT)
    click("#unmatched-refresh")
    wait.until(lambda d: "did you mean pbxware.ext.list?" in d.find_element(By.ID, "unmatched-table").text)
    wait.until(lambda d: d.find_element(By.ID, "report-summary").text == "2 call site(s), 1 not conformant")
    shot("journal")
    shot("journal-faults", at="faults")
    # The report downloads as JUnit XML, fetched by the page.
    driver.execute_cdp_cmd("Browser.setDownloadBehavior",  # type: ignore[attr-defined]
                           {"behavior": "allow", "downloadPath": str(tmp_path)})
    click("#report-junit")
    report = tmp_path / "mockpbx-report-browser.xml"
    wait.until(lambda d: report.exists() and report.stat().st_size > 0)
    assert report.read_bytes() == requests.get(
        f"{server.url}/_mockpbx/worlds/browser/report?format=junit", timeout=WAIT).content
    # Disarm it from the page: the world holds no fault.
    click('#faults-table tr[data-fault-id="f1"] button')
    wait.until(lambda d: d.find_element(By.ID, "faults-empty").is_displayed())
    wait.until(lambda d: d.execute_script("return document.activeElement.id") == "fault-name")
    assert requests.get(f"{server.url}/_mockpbx/worlds/browser/faults", timeout=WAIT).json()["faults"] == []

    view("keys")
    wait.until(lambda d: pbxware_key in d.find_element(By.ID, "examples").text)
    # The view pages through GET .../keys: the default scenario's six keys fit on one page.
    assert driver.find_element(By.ID, "keys-shown").text == "6 of 6 key(s)"
    assert not driver.find_element(By.ID, "keys-more").is_displayed()
    assert f"{server.url}/?apikey={pbxware_key}&action=pbxware.tenant.list" in driver.find_element(
        By.ID, "examples").text
    shot("keys")

    # Reset the world: the call and its CDR are gone, the scenario's six CDRs are back.
    view("worlds")
    click('#worlds-table tr[data-world="browser"] button[aria-label="Reset world browser"]')
    wait.until(lambda d: "was reset" in d.find_element(By.ID, "notice").text)
    assert world.census().cdrs == 6
    assert world.telephony.query_cdrs(limit=1)[0].uniqueid != uniqueid

    # Phone width (emulated: a headless window cannot be narrower than 500 px): nothing sticks out.
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",  # type: ignore[attr-defined]
                           {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    try:
        for name in ("live", "history", "journal", "keys", "worlds"):
            view(name)
            widths = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
            assert widths == [390, 390], name
        view("journal")
        shot("journal-phone")
        shot("journal-faults-phone", at="faults")
        view("live")
        shot("live-phone")
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})  # type: ignore[attr-defined]


TOKEN = "s3cret-admin-token"


@pytest.fixture(scope="module")
def guarded_server() -> Iterator[ThreadedServer]:
    """A server whose control plane wants a bearer token, as ``--admin-token`` makes it; the page does not."""
    from flask import Response, jsonify, request

    app = create_app(Settings(clock=ClockMode.MANUAL))

    @app.before_request
    def require_token() -> Response | None:
        path = request.path
        if path.startswith("/_mockpbx/") and not path.startswith("/_mockpbx/ui/"):
            if request.headers.get("Authorization") != f"Bearer {TOKEN}":
                refusal = jsonify(error="an admin token is required", code="unauthorized")
                refusal.status_code = 401
                return refusal
        return None

    with ThreadedServer(app, threads=8, tick=False) as running:
        yield running


def test_the_page_asks_for_the_token_and_sends_it_everywhere(guarded_server: ThreadedServer, browser: object,
                                                             tmp_path: Path) -> None:
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.support.ui import WebDriverWait

    assert isinstance(browser, WebDriver)
    driver = browser
    wait = WebDriverWait(driver, WAIT, ignored_exceptions=(StaleElementReferenceException,))
    world = guarded_server.registry.get("default")
    snapshot = tmp_path / "default.json"
    snapshot.write_bytes(world.snapshot())

    def click(selector: str) -> None:
        wait.until(lambda d: d.find_element(By.CSS_SELECTOR, selector).click() or True)

    # The shell loads; the first data call answers 401 and the page asks for the token.
    driver.get(f"{guarded_server.url}/_mockpbx/ui/#history")
    wait.until(lambda d: d.find_element(By.ID, "token-dialog").get_attribute("open") is not None)
    driver.find_element(By.ID, "token-input").send_keys(TOKEN)
    click('#token-form button[value="ok"]')
    wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-ready") == "true")
    assert driver.execute_script("return sessionStorage.getItem('mockpbx.adminToken')") == TOKEN
    # The event stream and the audio both went through fetch() with the header.
    wait.until(lambda d: d.find_element(By.ID, "stream-state").text == "live")
    click('#cdrs tr[data-cdr="1767598200.2"] button')
    duration = wait.until(lambda d: d.execute_script(
        "const p = document.getElementById('player'); return p.readyState >= 1 ? p.duration : 0;"))
    assert 94 <= float(duration) <= 96  # the scenario's 95-second recording
    click("#voicemail tbody tr:first-child button")
    wait.until(lambda d: "Voicemail for 102" in d.find_element(By.ID, "player-label").text)
    duration = wait.until(lambda d: d.execute_script(
        "const p = document.getElementById('player'); return p.readyState >= 1 && p.duration < 60 ? p.duration : 0;"))
    assert 8 <= float(duration) <= 10  # mailbox 102's newest message lasts 9 seconds

    # A snapshot uploaded from the page replaces the world: the call made since is gone.
    world.telephony.originate_call(world.tenancy.tenant_by_code("DEMO").id, "102", "5550003")
    world.advance_clock(5)
    assert world.census().cdrs == 7
    click('nav.views a[data-view="worlds"]')
    driver.find_element(By.ID, "snapshot-file").send_keys(str(snapshot))
    click("#snapshot-form button[type=submit]")
    wait.until(lambda d: "now holds default.json" in d.find_element(By.ID, "notice").text)
    assert world.census().cdrs == 6
    assert world.snapshot() == snapshot.read_bytes()

    # The report downloads with the token too (a plain link would get the 401).
    click('nav.views a[data-view="journal"]')
    downloads = tmp_path / "downloads"
    driver.execute_cdp_cmd("Browser.setDownloadBehavior",  # type: ignore[attr-defined]
                           {"behavior": "allow", "downloadPath": str(downloads)})
    click("#report-markdown")
    report = downloads / "mockpbx-report-default.md"
    wait.until(lambda d: report.exists() and report.stat().st_size > 0)
    assert report.read_bytes() == requests.get(f"{guarded_server.url}/_mockpbx/worlds/default/report?format=markdown",
                                               headers={"Authorization": f"Bearer {TOKEN}"}, timeout=WAIT).content
