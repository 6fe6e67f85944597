"""Reports (issue 12) as a planner and the public see them, in a real headless Chromium: a planner
starts Xingtai's 2020 annual report from /reports, writes the next steps, saves and publishes; the
report page's first screen and the PDF's first two pages are kept as screenshots
(test-artifacts/screenshots/report-*.png); the DOCX is read with python-docx; the page does not
scroll sideways at phone width; and the signed-out public finds the report on /reports and on
the home page's "latest report" card."""
import json
import shutil
import subprocess
import tempfile
import urllib.request
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import ARTIFACTS
from docx_reader import read_docx
from test_pages import assert_rendered, click_and_wait, login

NEXT_STEPS = "补齐县级缺失数据，2021年一季度前完成复核。"


def download(browser, url: str, path: Path) -> Path:
    """Fetches a file as the signed-in browser would, with its session cookie."""
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in browser.get_cookies())
    request = urllib.request.Request(url, headers={"Cookie": cookies})
    with urllib.request.urlopen(request, timeout=120) as response:
        assert response.status == 200, f"{url}: {response.status}"
        path.write_bytes(response.read())
    return path


def first_indicator_name(server: str) -> str:
    with urllib.request.urlopen(f"{server}/api/v1/report-figures?kind=annual&region=130500&year=2020", timeout=60) as response:
        body = json.load(response)
    figures = body.get("figures", body)
    return figures["indicators"][0]["name"]


def test_a_planner_writes_and_publishes_the_annual_report_and_the_public_reads_it(browser, server):
    login(browser, server, "planner")

    # Start the draft from the list page's form.
    browser.get(f"{server}/reports")
    form = browser.find_element(By.CSS_SELECTOR, "form[action='/reports']")
    form.find_element(By.CSS_SELECTOR, "select[name=kind] option[value=annual]").click()
    form.find_element(By.NAME, "region").clear()
    form.find_element(By.NAME, "region").send_keys("130500")
    form.find_element(By.NAME, "year").clear()
    form.find_element(By.NAME, "year").send_keys("2020")
    click_and_wait(browser, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    report_path = "/" + browser.current_url.split("/", 3)[3].split("#")[0].split("?")[0]
    assert report_path.startswith("/reports/") and report_path.split("/")[2].isdigit(), browser.current_url
    assert "邢台市2020年" in browser.find_element(By.TAG_NAME, "body").text

    # The next steps, saved, then published.
    editor = browser.find_element(By.ID, "editor")
    editor.find_element(By.ID, "nextSteps").send_keys(NEXT_STEPS)
    click_and_wait(browser, editor.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    assert browser.find_element(By.ID, "nextSteps").get_attribute("value") == NEXT_STEPS
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, f"form[action='{report_path}/publish'] button"))
    # Publishing runs as a background job: its page reloads itself until the report is published.
    assert "/jobs/" in browser.current_url, browser.current_url
    WebDriverWait(browser, 90).until(lambda b: b.current_url.split("?")[0].endswith(report_path))
    assert not browser.find_elements(By.ID, "editor"), "a published report still shows the editor"
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "一、总体情况" in body and NEXT_STEPS in body

    # The report page's first screen.
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.set_window_size(1280, 1000)
    browser.execute_script("window.scrollTo(0, 0)")
    first_screen = ARTIFACTS / "report-page.png"
    browser.save_screenshot(str(first_screen))
    assert_rendered(browser, first_screen)

    scratch = Path(tempfile.mkdtemp(prefix="junheng-report-test-"))
    try:
        # The PDF's first two pages as images.
        pdf = download(browser, f"{server}{report_path}/pdf", scratch / "report.pdf")
        assert pdf.read_bytes().startswith(b"%PDF-")
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(pdf), str(scratch / "page")], check=True)
        pages = sorted(scratch.glob("page-*.png"))
        assert len(pages) == 2, pages
        for number, page in enumerate(pages, start=1):
            kept = ARTIFACTS / f"report-pdf-page{number}.png"
            shutil.copyfile(page, kept)
            assert kept.stat().st_size > 5_000, f"{kept} looks blank"

        # The DOCX, read independently.
        docx = read_docx(download(browser, f"{server}{report_path}/docx", scratch / "report.docx"))
        headings = [text for _, text in docx["headings"]]
        assert "一、总体情况" in headings, headings
        assert any(NEXT_STEPS in paragraph for paragraph in docx["paragraphs"]), "the next steps are missing from the DOCX"
        indicator = first_indicator_name(server)
        cells = {cell for table in docx["tables"] for row in table for cell in row}
        assert any(indicator in cell for cell in cells), f"no table cell holds {indicator}"
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    # At phone width the page does not scroll sideways (wide tables scroll inside .table-wrap).
    browser.set_window_size(390, 844)
    browser.get(server + report_path)
    overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the report page scrolls sideways by {overflow}px at 390px"
    browser.set_window_size(1280, 1600)

    # The public sees it on /reports and on the home page.
    browser.delete_all_cookies()
    browser.get(f"{server}/reports")
    assert browser.find_elements(By.CSS_SELECTOR, f".report-cards a[href='{report_path}']"), "not listed on /reports"
    browser.get(f"{server}/")
    card = browser.find_element(By.ID, "latest-report")
    assert card.find_elements(By.CSS_SELECTOR, f"a[href='{report_path}']"), card.text
    browser.get(server + report_path)
    assert NEXT_STEPS in browser.find_element(By.TAG_NAME, "body").text
