"""Satisfaction surveys (issue 13) in a real headless Chromium, at a phone's width where people
answer: the planner starts and fields a survey; Lincheng's interviewer enters a respondent on the
phone form and gets a fresh form keeping the region; an invited respondent, signed out, answers by
the one-time link and cannot answer by it again. Screenshots: test-artifacts/screenshots/survey-*.png."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import screenshot
from test_pages import assert_rendered, click_and_wait, login


def fill_answers(browser, residence: str):
    Select(browser.find_element(By.NAME, "地区代码")).select_by_visible_text("临城县")
    browser.find_element(By.CSS_SELECTOR, f"input[name='城乡'][value='{residence}']").click()
    browser.find_element(By.CSS_SELECTOR, "input[name='性别'][value='女']").click()
    Select(browser.find_element(By.NAME, "年龄段")).select_by_visible_text("45-59岁")
    for number in range(1, 10):
        answer = "未使用该服务" if number == 1 else "满意"
        browser.find_element(By.CSS_SELECTOR, f"input[name='Q{number}'][value='{answer}']").click()


def assert_fits_the_phone(browser, page: str):
    overflow = browser.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page} scrolls sideways by {overflow}px at 390px"


def test_an_interviewer_and_an_invited_respondent_answer_on_a_phone(browser, server):
    login(browser, server, "planner")
    browser.get(f"{server}/surveys")
    browser.find_element(By.NAME, "title").send_keys("临城县入户满意度调查（浏览器测试）")
    region = browser.find_element(By.NAME, "region")
    region.clear()
    region.send_keys("130500")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/surveys'] button[type=submit]"))
    survey_url = browser.current_url
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form[action$='/status'] button[type=submit]"))
    assert "调查中" in browser.page_source

    # One link, made as the page's form would (its CSV is a download, read here as text).
    csv = browser.execute_script("""
        const form = document.querySelector("form[action$='/invitations']");
        const body = new URLSearchParams(new FormData(form));
        body.set("count", "1");
        return fetch(form.action, {method: "POST", body, credentials: "same-origin"}).then(r => r.text());
    """)
    link = csv.splitlines()[1].split(",")[0]
    assert "/s/" in link, csv

    # Lincheng's interviewer, on a phone.
    browser.delete_all_cookies()
    login(browser, server, "linchen")
    browser.set_window_size(390, 844)
    browser.get(survey_url + "/interview")
    assert_fits_the_phone(browser, "the interviewer's form")
    fill_answers(browser, "农村")
    browser.find_element(By.NAME, "调查点").send_keys("临城镇东街社区")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.survey-answer button[type=submit]"))
    assert "已保存。本调查共 1 份答卷。" in browser.find_element(By.CSS_SELECTOR, "p.ok").text
    assert browser.find_element(By.NAME, "调查点").get_attribute("value") == "临城镇东街社区"
    assert not browser.find_element(By.CSS_SELECTOR, "input[name='Q2'][value='满意']").is_selected()
    assert_rendered(browser, screenshot(browser, "survey-interview-phone"), min_bytes=10_000)

    # The invited respondent, signed out: a missing answer is named and the others kept; then sent once.
    browser.delete_all_cookies()
    browser.set_window_size(390, 844)
    browser.get(link)
    assert_fits_the_phone(browser, "the respondent's form")
    assert not browser.find_elements(By.NAME, "调查点")
    fill_answers(browser, "城镇")
    browser.execute_script("document.querySelector(\"input[name='Q9'][value='满意']\").checked = false;"
                           "document.querySelectorAll('[required]').forEach(e => e.removeAttribute('required'));")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.survey-answer button[type=submit]"))
    assert "必答题未作答" in browser.find_element(By.CSS_SELECTOR, "p.error").text
    assert browser.find_element(By.CSS_SELECTOR, "input[name='城乡'][value='城镇']").is_selected()
    browser.find_element(By.CSS_SELECTOR, "input[name='Q9'][value='满意']").click()
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.survey-answer button[type=submit]"))
    assert "您的回答已提交" in browser.page_source
    assert_rendered(browser, screenshot(browser, "survey-thanks-phone"), min_bytes=5_000)
    browser.get(link)
    assert "此邀请链接已经填写过问卷" in browser.page_source
