"""The offline viewer in a real headless browser: Debian's chromium through its chromedriver.

A real export is unzipped and its index.html opened from the folder (file://) with the network
off: every tagged moment seeks its video to the tag's start, every region outline lands on its
photo or page, and the browser logs no error. Skipped, saying why, where chromium is absent.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from portfolio_app.core.credential import EvidenceKind, Part
from portfolio_app.core.portfolio import Region
from portfolio_app.services import export, portfolios, tags
from portfolio_app.services.evidence import list_evidence
from tests.ready_portfolio import make_ready_portfolio

CHROMEDRIVER = Path("/usr/bin/chromedriver")  # Debian's chromium-driver: never selenium-manager's download
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium (the dev extras) is not installed")
if not CHROMEDRIVER.exists() or not (shutil.which("chromium") or shutil.which("chromium-browser")):
    pytest.skip("chromium and chromium-driver (apt) are not installed", allow_module_level=True)

pytestmark = pytest.mark.timeout(240)


@pytest.fixture
def viewer(library, tmp_path) -> Path:
    """index.html of a real exported bundle, unzipped, whose document has a tagged region too."""
    portfolio = make_ready_portfolio(library, tmp_path / "media")
    credential = portfolios.portfolio_with_credential(library, portfolio.id)[1]
    document = next(e for e in list_evidence(library, portfolio.id) if e.kind == EvidenceKind.DOCUMENT)
    criterion = credential.criteria_for(Part.WORK_EXAMPLES)[1].id
    tags.add_tag(library, document.id, criterion, region=Region(0.2, 0.3, 0.4, 0.25, 0))
    bundle = export.export_portfolio(library, portfolio.id, tmp_path / "bundle.zip").value.path
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(tmp_path / "open")
        top = archive.namelist()[0].split("/")[0]
    return tmp_path / "open" / top / "data" / "index.html"


@pytest.fixture
def browser():
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--autoplay-policy=no-user-gesture-required",
        "--mute-audio",
        "--window-size=1200,900",
    ):
        options.add_argument(argument)
    options.binary_location = shutil.which("chromium") or shutil.which("chromium-browser")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd(
            "Network.emulateNetworkConditions",
            {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
        )
        yield driver
    finally:
        driver.quit()


def _open(browser, viewer: Path) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(viewer.as_uri())
    WebDriverWait(browser, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")
    # every seek any player makes, with where it went
    browser.execute_script(
        "window.seeks = []; document.addEventListener('seeking', function (e) {"
        " window.seeks.push([e.target.id, e.target.currentTime]); }, true);"
    )


def test_every_tagged_moment_seeks_its_video_to_the_start(browser, viewer):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    _open(browser, viewer)
    links = browser.find_elements(By.CSS_SELECTOR, "a.tag-link[data-start]")
    assert len(links) >= 3
    for link in links:
        player = f"media-{link.get_attribute('data-evidence')}"
        start = float(link.get_attribute("data-start"))
        # park the player elsewhere first, so that a link that did nothing cannot pass
        browser.execute_script(
            "var v = document.getElementById(arguments[0]); v.pause(); window.seeks = [];"
            "if (v.readyState >= 1) v.currentTime = v.duration - 0.05;",
            player,
        )
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", link)
        link.click()
        WebDriverWait(browser, 30).until(
            lambda d, player=player, start=start: any(
                id_ == player and abs(at - start) < 0.01 for id_, at in d.execute_script("return window.seeks")
            ),
            message=f"{link.text!r} did not seek {player} to {start}",
        )
        position = browser.execute_script("return document.getElementById(arguments[0]).currentTime", player)
        end = float(link.get_attribute("data-end"))
        assert start - 0.01 <= position <= end + 0.5, (link.text, position)
    assert not _errors(browser)


def test_every_region_outline_lands_on_its_photo_or_page(browser, viewer):
    from selenium.webdriver.common.by import By

    _open(browser, viewer)
    regions = browser.find_elements(By.CSS_SELECTOR, ".stage .region")
    kinds = set()
    assert len(regions) >= 2  # the photo's and the document page's
    for region in regions:
        box, picture, natural = browser.execute_script(
            "var r = arguments[0], img = r.parentNode.querySelector('img');"
            "r.scrollIntoView({block: 'center'});"
            "var a = r.getBoundingClientRect(), b = img.getBoundingClientRect();"
            "return [[a.left, a.top, a.right, a.bottom], [b.left, b.top, b.right, b.bottom],"
            " [img.complete, img.naturalWidth, img.className]];",
            region,
        )
        complete, width, kind = natural
        assert complete and width > 0, "the picture under an outline did not load"
        kinds.add(kind or "photo")
        tolerance = 3  # the outline's border
        assert box[0] >= picture[0] - tolerance and box[1] >= picture[1] - tolerance
        assert box[2] <= picture[2] + tolerance and box[3] <= picture[3] + tolerance
        assert box[2] - box[0] > 10 and box[3] - box[1] > 10
    assert kinds == {"photo", "page"}
    for link in browser.find_elements(By.CSS_SELECTOR, "a.tag-link[data-region]"):
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", link)
        link.click()
        target = browser.find_element(By.ID, link.get_attribute("data-region"))
        assert "active" in target.get_attribute("class")
    assert not _errors(browser)


def test_a_submitted_note_reads_as_written(browser, library, tmp_path):
    """A note written in the app shows its heading, emphasis and list, and fetches nothing it names."""
    from selenium.webdriver.common.by import By

    from portfolio_app.services import notes, rubric

    portfolio = make_ready_portfolio(library, tmp_path / "media")
    credential = portfolios.portfolio_with_credential(library, portfolio.id)[1]
    requirement = next(r for r in credential.work_examples.requirements if EvidenceKind.DOCUMENT in r.kinds)
    text = (
        "## Reteach plan\n\nSix students mixed **halves** and *quarters*.\n\n- fraction strips first\n"
        "- then the number line\n\n![tracker](https://example.org/pixel.png) <script>window.ran = 1</script>"
    )
    note = notes.new_note(library, portfolio.id, "Reteach plan", text).value
    rubric.link_requirement(library, [note.id], requirement.id)
    bundle = export.export_portfolio(library, portfolio.id, tmp_path / "bundle.zip", draft=True).value.path
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(tmp_path / "open")
        top = archive.namelist()[0].split("/")[0]
    _open(browser, tmp_path / "open" / top / "data" / "index.html")
    shown = browser.find_element(By.CSS_SELECTOR, f"#ev-{note.id} .note-text")
    assert shown.find_element(By.TAG_NAME, "h2").text == "Reteach plan"
    assert shown.find_element(By.TAG_NAME, "strong").text == "halves"
    assert shown.find_element(By.TAG_NAME, "em").text == "quarters"
    assert [li.text for li in shown.find_elements(By.TAG_NAME, "li")] == [
        "fraction strips first",
        "then the number line",
    ]
    assert not shown.find_elements(By.TAG_NAME, "img") and not shown.find_elements(By.TAG_NAME, "script")
    assert "![tracker](https://example.org/pixel.png)" in shown.text  # left as the words the teacher typed
    assert browser.execute_script("return window.ran") is None
    assert not _errors(browser)


def _errors(browser) -> list[dict]:
    return [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
