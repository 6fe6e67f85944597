"""Key tasks (重点任务) through a quarter, in a real Chromium on the demo's Anju ledger: the planner
opens 2027 Q1, 区教育局's editor files a report, the supervising office returns it with a comment,
the editor corrects and resubmits it, the office approves it; the ledger and the public task page
then show the approved progress, and tasks past their due date are red without anyone marking
them."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from conftest import screenshot
from test_pages import click_and_wait, login

TASK = "推进义务教育均衡协同发展"  # led by 安居区教育局 in the demo


def sign_in(browser, server, username):
    browser.delete_all_cookies()
    login(browser, server, username)


def submit(browser, form_selector, button_selector="button[type=submit]"):
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, f"{form_selector} {button_selector}"))
    errors = browser.find_elements(By.CSS_SELECTOR, "p.error[role=alert]")
    assert not errors, errors[0].text


def test_a_quarter_of_reporting_from_period_to_public_page(browser, server):
    # The planner opens 2027 Q1 by a day in it.
    sign_in(browser, server, "anju-planner")
    browser.get(f"{server}/tasks/periods?region=510904")
    # A date input takes its value in the browser's locale; set it as the picker would.
    browser.execute_script("arguments[0].value = '2027-02-15'", browser.find_element(By.CSS_SELECTOR, "form.open-period input[name=day]"))
    submit(browser, "form.open-period")
    assert "2027年第1季度" in browser.find_element(By.CSS_SELECTOR, "table.periods").text

    # 区教育局's editor files the task's report for that quarter and submits it.
    sign_in(browser, server, "anju-edu")
    browser.get(f"{server}/tasks?region=510904")
    click_and_wait(browser, browser.find_element(By.LINK_TEXT, TASK))
    task_url = browser.current_url
    form = browser.find_element(By.CSS_SELECTOR, "form.report-form")
    assert Select(form.find_element(By.NAME, "period")).first_selected_option.text == "2027年第1季度"
    form.find_element(By.NAME, "progress").send_keys("新建义务教育学校2所。")
    form.find_element(By.NAME, "percent").send_keys("60")
    Select(form.find_element(By.NAME, "status")).select_by_visible_text("基本完成")
    submit(browser, "form.report-form", "button[value=submit]")
    assert "等待督办单位审核" in browser.page_source

    # The supervising office returns it with a comment.
    sign_in(browser, server, "anju-supervisor")
    browser.get(f"{server}/tasks/supervision?region=510904")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "table.to-review").find_element(By.LINK_TEXT, TASK))
    browser.find_element(By.CSS_SELECTOR, "form.review-form textarea[name=comment]").send_keys("请补充资金使用情况。")
    submit(browser, "form.review-form", "button[value=return]")

    # The editor sees it returned with the comment, corrects it and submits again.
    sign_in(browser, server, "anju-edu")
    browser.get(f"{server}/tasks/mine")
    returned = browser.find_element(By.XPATH, f"//div[contains(@class,'returned')][.//a[text()='{TASK}']]")
    assert "请补充资金使用情况。" in returned.text
    click_and_wait(browser, returned.find_element(By.LINK_TEXT, TASK))
    assert "请补充资金使用情况。" in browser.find_element(By.CSS_SELECTOR, "p.returned").text
    form = browser.find_element(By.CSS_SELECTOR, "form.report-form")
    progress = form.find_element(By.NAME, "progress")
    progress.clear()
    progress.send_keys("新建义务教育学校2所，使用区财政资金450万元。")
    form.find_element(By.NAME, "fundsUsed").send_keys("450")
    submit(browser, "form.report-form", "button[value=submit]")

    # The office approves it.
    sign_in(browser, server, "anju-supervisor")
    browser.get(task_url)
    submit(browser, "form.review-form", "button[value=approve]")
    screenshot(browser, "task-approved")

    # The public sees the approved progress on the ledger and the task page, and nothing else.
    browser.delete_all_cookies()
    browser.get(f"{server}/tasks?region=510904")
    row = browser.find_element(By.XPATH, f"//table[contains(@class,'tasks')]//tr[.//a[text()='{TASK}']]")
    assert "90%" in row.text and "绿灯" in row.text, row.text
    # Past their due date, tasks are red with the days overdue, though nobody marked them.
    overdue = [r.text for r in browser.find_elements(By.CSS_SELECTOR, "table.tasks tbody tr") if "已逾期" in r.text]
    assert overdue and all("红灯" in text for text in overdue)
    screenshot(browser, "ledger")
    click_and_wait(browser, row.find_element(By.LINK_TEXT, TASK))
    reports = browser.find_element(By.TAG_NAME, "main").text
    assert "新建义务教育学校2所，使用区财政资金450万元。" in reports
    assert "请补充资金使用情况。" not in reports
    assert not browser.find_elements(By.CSS_SELECTOR, "main form")
