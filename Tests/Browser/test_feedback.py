"""Citizens' feedback (issue 13) in a real headless Chromium: a citizen sends a message without
signing in and gets a receipt number; the same message again is refused and names that receipt;
the planner's office routes it to the education bureau, whose editor answers; the citizen, signed
out, finds the answer by the receipt number. Screenshots: test-artifacts/screenshots/feedback-*.png."""
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import screenshot
from test_pages import assert_rendered, click_and_wait, login

MESSAGE = "东关街道没有普惠托育点，双职工家庭接送困难，希望在社区增设托育班。"
ANSWER = "已将东关街道列入2027年普惠托育建设计划，计划新增托位60个，明年9月前投入使用。"


def send_message(browser, server):
    browser.get(f"{server}/feedback")
    Select(browser.find_element(By.NAME, "kind")).select_by_value("request")
    Select(browser.find_element(By.NAME, "region")).select_by_visible_text("临城县")
    browser.find_element(By.NAME, "text").send_keys(MESSAGE)
    browser.find_element(By.NAME, "contactPhone").send_keys("13912345678")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.feedback-form button[type=submit]"))


def test_a_citizen_is_answered_by_the_department_and_reads_it_by_receipt(browser, server):
    send_message(browser, server)
    receipt = browser.find_element(By.ID, "receipt").text
    assert re.fullmatch(r"\d{8}-[0-9A-Z]{8}", receipt), receipt
    assert "待分办" in browser.page_source
    assert_rendered(browser, screenshot(browser, "feedback-receipt"), min_bytes=10_000)

    # The same message again, seconds later: refused, naming the first receipt, form kept.
    send_message(browser, server)
    error = browser.find_element(By.CSS_SELECTOR, "p.error").text
    assert receipt in error and "内容相同" in error
    assert MESSAGE in browser.find_element(By.NAME, "text").get_attribute("value")

    # The planner's office routes it to the education bureau; the contact is not theirs to see.
    login(browser, server, "planner")
    browser.get(f"{server}/feedback/cases")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, receipt))
    assert "13912345678" not in browser.page_source
    Select(browser.find_element(By.NAME, "department")).select_by_visible_text("邢台市教育局")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "button[value=route]"))
    case_url = browser.current_url
    assert "邢台市教育局" in browser.find_element(By.CSS_SELECTOR, "dl.facts").text

    # The bureau's editor sees the contact and answers.
    browser.delete_all_cookies()
    login(browser, server, "edu-editor")
    browser.get(case_url)
    assert "13912345678" in browser.page_source
    browser.find_element(By.NAME, "answer").send_keys(ANSWER)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "button[value=answer]"))
    assert "已答复" in browser.find_element(By.CSS_SELECTOR, "dl.facts").text

    # Signed out, the citizen looks the receipt up (typed in lower case) and reads the answer.
    browser.delete_all_cookies()
    browser.get(f"{server}/feedback")
    browser.find_element(By.NAME, "number").send_keys(receipt.lower())
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.form-inline button[type=submit]"))
    assert ANSWER in browser.page_source
    assert MESSAGE in browser.page_source and "13912345678" not in browser.page_source
    assert_rendered(browser, screenshot(browser, "feedback-answer"), min_bytes=10_000)
