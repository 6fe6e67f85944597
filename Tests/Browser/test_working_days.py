"""Each role's day, in a real browser: a county reporter enters figures with one mistake and
corrects it without retyping; the city reviewer reads the submission against last year's figures,
returns it with a comment and approves the correction; an anonymous visitor never sees the figure
before it is approved; the planner finds the indicator, exports its table and reads the coverage
note of a year with one county. Then every main page is checked at phone width."""
import re

from selenium.webdriver.common.by import By

from conftest import screenshot
from test_pages import click_and_wait, login

COUNTY = "临城县"


def sign_out(browser, server):
    browser.get(server + "/healthz")
    browser.delete_all_cookies()


def county_row(browser, server, indicator_id):
    """The county's row of the indicator's table as an anonymous visitor reads it."""
    browser.get(f"{server}/indicators/{indicator_id}?region=130500")
    row = browser.find_element(By.XPATH, f"//table[contains(@class,'progress')]//tr[td/a[text()='{COUNTY}']]")
    return row.text


def fetch_status(browser, url):
    """Status and content type of a URL fetched with the browser's own cookies."""
    return browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then(r => r.arrayBuffer().then(b => done([r.status, r.headers.get('content-type'), b.byteLength])));",
        url)


def test_a_working_day_of_every_role(browser, server):
    # The reporter's form for a year without figures yet.
    login(browser, server, "linchen")
    browser.get(f"{server}/data?region=130522&year=2021")
    inputs = browser.find_elements(By.CSS_SELECTOR, "form.card.wide input[name^='value-']")
    assert len(inputs) >= 2
    first, second = inputs[0], inputs[1]
    indicator_id = first.get_attribute("name").removeprefix("value-")
    indicator_name = first.get_attribute("aria-label")

    sign_out(browser, server)
    before = county_row(browser, server, indicator_id)

    # One mistake: the error names county, year and indicator beside the field; nothing is lost.
    login(browser, server, "linchen")
    browser.get(f"{server}/data?region=130522&year=2021")
    inputs = browser.find_elements(By.CSS_SELECTOR, "form.card.wide input[name^='value-']")
    inputs[0].send_keys("八十八")
    inputs[1].send_keys("66.6")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.card.wide button[type=submit]"))
    field_error = browser.find_element(By.XPATH, f"//input[@name='value-{indicator_id}']/ancestor::td//p[@class='error']").text
    assert COUNTY in field_error and "2021" in field_error and indicator_name in field_error, field_error
    kept = browser.find_elements(By.CSS_SELECTOR, "form.card.wide input[name^='value-']")
    assert kept[0].get_attribute("value") == "八十八" and kept[1].get_attribute("value") == "66.6"
    screenshot(browser, "day-reporter-mistake")
    kept[0].clear()
    kept[0].send_keys("88.5")  # the second value is not typed again
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.card.wide button[type=submit]"))
    assert "已提交 2 项数据" in browser.find_element(By.CSS_SELECTOR, "p.ok").text

    # The public does not see it while it waits.
    sign_out(browser, server)
    assert county_row(browser, server, indicator_id) == before
    assert "88.5" not in browser.page_source

    # The reviewer reads it against last year's approved figure, returns it, and must say why.
    login(browser, server, "reviewer")
    browser.get(f"{server}/submissions")
    click_and_wait(browser, browser.find_element(By.XPATH, "//tr[td[text()='130522']]//a[starts-with(@href,'/submissions/')]"))
    submission_url = browser.current_url
    assert "上年已审核值" in browser.page_source
    row = browser.find_element(By.XPATH, f"//tr[td/a[@href='/indicators/{indicator_id}']]").text
    assert "88.5" in row
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "button[value=return]"))
    assert "退回时请说明原因" in browser.find_element(By.CSS_SELECTOR, "p.error").text
    browser.find_element(By.NAME, "comment").send_keys("第一项偏高，请核实")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "button[value=return]"))
    assert "已退回" in browser.page_source
    screenshot(browser, "day-reviewer-returned")

    # The reporter finds the returned figures filled in with the comment, corrects one, resubmits.
    sign_out(browser, server)
    login(browser, server, "linchen")
    browser.get(f"{server}/data?region=130522&year=2021")
    assert "第一项偏高，请核实" in browser.page_source
    inputs = browser.find_elements(By.CSS_SELECTOR, "form.card.wide input[name^='value-']")
    assert inputs[0].get_attribute("value") == "88.5" and inputs[1].get_attribute("value") == "66.6"
    inputs[0].clear()
    inputs[0].send_keys("78.5")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.card.wide button[type=submit]"))
    assert "已提交" in browser.find_element(By.CSS_SELECTOR, "p.ok").text

    sign_out(browser, server)
    assert county_row(browser, server, indicator_id) == before

    # The reviewer approves the correction.
    login(browser, server, "reviewer")
    browser.get(f"{server}/submissions")
    links = browser.find_elements(By.XPATH, "//tr[td[text()='130522']]//a[starts-with(@href,'/submissions/')]")
    newest = [link.get_attribute("href") for link in links if link.get_attribute("href") != submission_url][0]
    browser.get(newest)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "button[value=approve]"))
    assert "已通过" in browser.page_source

    # Now the public sees it.
    sign_out(browser, server)
    assert "78.5" in county_row(browser, server, indicator_id)

    # The planner finds the indicator by a word of its name, exports its table, and reads the
    # coverage of 2021, where only one county has a figure.
    login(browser, server, "planner")
    word = re.sub(r"[（(].*", "", indicator_name)[:4]
    browser.get(f"{server}/indicators")
    search = browser.find_element(By.NAME, "q")
    search.send_keys(word)
    click_and_wait(browser, search.find_element(By.XPATH, "./ancestor::form//button[@type='submit']"))
    click_and_wait(browser, browser.find_element(By.XPATH, f"//a[@href='/indicators/{indicator_id}']"))
    export = browser.find_element(By.XPATH, "//a[contains(@href,'/export') and contains(@href,'format=xlsx')]").get_attribute("href")
    status, content_type, size = fetch_status(browser, export)
    assert status == 200 and "spreadsheetml" in content_type and size > 1000, (status, content_type, size)
    browser.get(f"{server}/equalization?indicator={indicator_id}&region=130500&year=2021")
    assert "数据不全（覆盖 1/18）" in browser.page_source
    screenshot(browser, "day-planner-coverage")
    browser.get(f"{server}/equalization?indicator={indicator_id}&region=130500")
    assert "覆盖 18/18 个地区" in browser.page_source  # the default year is the last complete one


PAGES = ["/", "/regions/130500", "/plans", "/plans/1", "/catalogue/150000", "/catalogue/150000/finder?age=70",
         "/catalogues", "/indicators", "/indicators/1", "/regions/130500/indicators", "/data?region=130500&year=2020",
         "/submissions", "/warnings?region=130500", "/equalization", "/equalization/overview?region=130500",
         "/admin/users", "/admin/audit"]


def test_pages_fit_a_phone_and_every_field_is_labelled(browser, server):
    login(browser, server, "admin")
    browser.set_window_size(390, 844)
    for path in PAGES:
        browser.get(server + path)
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 390px"
        unlabelled = browser.execute_script(
            "return [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]"
            ".filter(e => !e.labels.length && !e.getAttribute('aria-label')).map(e => e.outerHTML.slice(0, 120))")
        assert unlabelled == [], f"{path}: {unlabelled}"
    screenshot(browser, "phone-indicator")
