"""Pages as a person sees them, in a real headless Chromium: Chinese text renders with a CJK
font, charts are drawn, and forms work through the real login, CSRF and review flow."""
import time

from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from conftest import screenshot

PASSWORD = "junheng-demo"


def click_and_wait(browser, element):
    """Clicks something that loads a new page and waits until the old page is gone, so that the
    next query sees the new page (querying right after click() races the navigation)."""
    for attempt in range(3):
        try:
            old_page = browser.find_element(By.TAG_NAME, "html")
            element.click()
            break
        except WebDriverException as error:
            # Chromium's DevTools side now and then lags the page just loaded and calls its nodes
            # "not in the document" (seen in CI on the data form): give it a moment and try again.
            if "does not belong to the document" not in str(error) or attempt == 2:
                raise
            time.sleep(0.5)
    WebDriverWait(browser, 15).until(page_left(old_page))


def page_left(old_page):
    """Like Selenium's staleness_of, and an old node that DevTools already calls "not in the
    document" (seen in CI right after a navigation) is gone as well."""
    def gone(_):
        try:
            old_page.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as error:
            if "does not belong to the document" in str(error):
                return True
            raise
    return gone


def login(browser, server, username):
    # Chromium now and then reports a node of the freshly loaded form as "not in the document"
    # (its DevTools side lagging the navigation): load the form again rather than fail the day.
    for attempt in range(3):
        try:
            browser.get(f"{server}/login")
            field = WebDriverWait(browser, 15).until(expected_conditions.presence_of_element_located((By.NAME, "username")))
            field.send_keys(username)
            browser.find_element(By.NAME, "password").send_keys(PASSWORD)
            click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.card button[type=submit]"))
            break
        except WebDriverException:
            if attempt == 2:
                raise
    assert "/login" not in browser.current_url, browser.page_source[:500]


def assert_rendered(browser, path_png, min_bytes=20_000):
    # A page whose Chinese fell back to empty boxes or that failed to draw compresses tiny.
    assert path_png.stat().st_size > min_bytes, f"{path_png} looks blank"
    assert browser.execute_script("return document.fonts.check('16px \"WenQuanYi Micro Hei\"')"), "CJK font missing"


def test_indicator_page_draws_trend_and_county_charts(browser, server):
    browser.get(f"{server}/indicators")
    click_and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "农村卫生厕所普及率"))
    charts = browser.find_elements(By.CSS_SELECTOR, "figure.chart svg")
    assert len(charts) >= 2
    assert "规划路径" in charts[0].get_attribute("outerHTML")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.progress tbody tr")
    assert len(rows) == 19  # Xingtai and its 18 county-level regions
    assert "示例数据" in browser.page_source
    assert_rendered(browser, screenshot(browser, "indicator"))


def test_warnings_and_equalization_pages_render(browser, server):
    browser.get(f"{server}/warnings?region=130500")
    assert browser.find_elements(By.CSS_SELECTOR, "table.data tbody tr")
    assert_rendered(browser, screenshot(browser, "warnings"))
    browser.get(f"{server}/equalization?indicator=3&region=130500&groups=demo-urban-districts")
    assert "洛伦兹曲线" in browser.page_source
    assert "泰尔指数T分解" in browser.page_source
    assert_rendered(browser, screenshot(browser, "equalization"))


def test_region_overview_lists_every_indicator_with_sparklines(browser, server):
    browser.get(f"{server}/regions/130522/indicators")
    assert "临城县" in browser.find_element(By.TAG_NAME, "h1").text
    assert len(browser.find_elements(By.CSS_SELECTOR, "table.progress svg")) >= 10
    assert_rendered(browser, screenshot(browser, "region-indicators"))


def test_english_switch_keeps_chinese_data(browser, server):
    browser.get(f"{server}/regions/130500?lang=en")
    assert "Subdivisions" in browser.page_source
    assert "信都区" in browser.page_source
    screenshot(browser, "region-english")


def test_published_plan_shows_its_highlighted_text(browser, server):
    browser.get(f"{server}/plans")
    click_and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "邢台市"))
    marks = browser.find_elements(By.CSS_SELECTOR, ".source mark.k-target")
    assert len(marks) >= 10
    assert_rendered(browser, screenshot(browser, "plan"))


def test_public_catalogue_and_entitlement_finder(browser, server):
    browser.get(f"{server}/catalogue")
    click_and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "内蒙古"))
    assert len(browser.find_elements(By.CSS_SELECTOR, "table.catalogue tbody tr")) == 82
    assert_rendered(browser, screenshot(browser, "catalogue"))
    browser.get(f"{server}/catalogue/150000/finder")
    browser.find_element(By.NAME, "age").send_keys("70")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.finder button[type=submit]"))
    headings = browser.find_elements(By.TAG_NAME, "h2")
    assert any("适用于您" in h.text for h in headings)
    assert_rendered(browser, screenshot(browser, "finder"))


def test_home_page_shows_each_role_what_it_has_to_do(browser, server):
    """The dashboards: each demo role signs in and sees its own cards; the public sees the
    headline figures and the catalogue. Each home page is kept as home-<role>.png."""
    roles = [
        (None, "public", "headlines"),
        ("admin", "admin", "submissions-to-review"),
        ("planner", "planner", "status"),
        ("reviewer", "reviewer", "submissions-to-review"),
        ("linchen", "linchen", "figures-due"),
        ("anju-edu", "anju-edu", "task-reports-due"),
    ]
    for username, name, card in roles:
        browser.delete_all_cookies()
        if username:
            login(browser, server, username)
        browser.get(f"{server}/")
        section = browser.find_element(By.ID, card)
        assert section.is_displayed(), f"{name}: no {card} card"
        assert section.find_element(By.TAG_NAME, "h2").text.strip(), f"{name}: {card} has no heading"
        if name == "public":
            assert not browser.find_elements(By.ID, "submissions-to-review")
            assert browser.find_elements(By.CSS_SELECTOR, "#headlines .headline svg"), "no sparkline in the headline figures"
        if name == "anju-edu":
            assert browser.find_elements(By.CSS_SELECTOR, "#task-reports-due a[href^='/tasks/']"), "no task report link"
        assert_rendered(browser, screenshot(browser, f"home-{name}"), min_bytes=10_000)
        browser.set_window_size(1280, 1600)
    # At phone width the cards stack in one column and nothing scrolls sideways.
    browser.set_window_size(390, 844)
    browser.get(f"{server}/")
    overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the home page scrolls sideways by {overflow}px at 390px"
    lefts = {card.location["x"] for card in browser.find_elements(By.CSS_SELECTOR, ".dashboard .card")}
    assert len(lefts) == 1, f"cards are not in one column at 390px: {lefts}"
