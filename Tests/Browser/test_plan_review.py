"""Adding what the ingester missed (issue 15, point 7) in a real headless Chromium: a planner
uploads a short plan whose one target sentence the ingester does not read (a Chinese amount after
不少于), selects that sentence in the repaired text (a DOM Range made the way a mouse makes one;
the page's own script turns it into offsets), adds it as a target, is told what is missing with
what was typed kept, completes it and accepts it; another user publishes the plan; the published
indicator's page quotes the sentence. A line with characters outside the Basic Multilingual Plane
(two UTF-16 units each) stands before it, and an earlier selection crosses a highlight, so that
the offsets prove to be Unicode scalars of the repaired text whatever the markup.
Screenshots: test-artifacts/screenshots/plan-review-*.png."""
import json
import tempfile
import urllib.request
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import screenshot
from test_pages import assert_rendered, click_and_wait, login
from test_working_days import sign_out

MISSED = "全市每万人拥有公共文化设施面积不少于一千二百平方米。"
CROSSING = "全市学前三年毛入园率达到92%。"  # holds the highlighted value 92%
DOCUMENT = f"""邢台市公共文化服务补充规划（2021—2025年）
邢台市人民政府
一、发展目标
保留原文用字：𠀾𠁀两字为扩展B区汉字。
到2025年，{CROSSING}
{MISSED}
全市人均體育場地面積由1.8平方米提高到2.6平方米。
二、重点任务
（一）推进城乡义务教育一体化发展（责任单位：市教育局、市财政局）
"""

# Selects the words `wanted` of the source text with a DOM Range, as dragging the mouse over them
# does: the Range starts and ends in whichever text nodes (plain runs or highlights) hold them.
SELECT_WORDS = """
const wanted = arguments[0];
const text = document.getElementById('source-text');
const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
const nodes = [];
let all = '';
for (let node = walker.nextNode(); node; node = walker.nextNode()) { nodes.push([node, all.length]); all += node.data; }
const at = all.indexOf(wanted);
if (at < 0) return 'not found';
function point(offset) {
  for (let i = nodes.length - 1; i >= 0; i--) {
    if (nodes[i][1] <= offset) return [nodes[i][0], offset - nodes[i][1]];
  }
}
const range = document.createRange();
range.setStart(...point(at));
range.setEnd(...point(at + wanted.length));
const selection = window.getSelection();
selection.removeAllRanges();
selection.addRange(range);
return nodes.filter(([node, start]) => start < at + wanted.length && start + node.data.length > at).length;
"""


def api(browser, url):
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in browser.get_cookies())
    request = urllib.request.Request(url, headers={"Cookie": cookies, "Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


def select(browser, words):
    """Selects `words` in the source text and waits for the page's script to fill the offsets."""
    form = browser.find_element(By.ID, "select-form")
    previous = form.find_element(By.NAME, "start").get_attribute("value"), form.find_element(By.NAME, "end").get_attribute("value")
    pieces = browser.execute_script(SELECT_WORDS, words)
    assert pieces != "not found", words
    WebDriverWait(browser, 10).until(
        lambda b: (form.find_element(By.NAME, "start").get_attribute("value"),
                   form.find_element(By.NAME, "end").get_attribute("value")) != previous)
    return pieces, int(form.find_element(By.NAME, "start").get_attribute("value")), int(form.find_element(By.NAME, "end").get_attribute("value"))


def scalar_offsets(text, words):
    """Where `words` stand in `text`, in Unicode scalars (Python counts code points)."""
    start = text.index(words)
    return start, start + len(words)


def test_a_planner_adds_a_target_the_ingester_missed_from_its_sentence_and_another_publishes_it(browser, server):
    login(browser, server, "planner")
    browser.get(f"{server}/plans")
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "公共文化补充规划.txt"
        path.write_text(DOCUMENT, encoding="utf-8")
        browser.find_element(By.CSS_SELECTOR, "input[type=file][name=file]").send_keys(str(path))
        upload = browser.find_element(By.CSS_SELECTOR, "input[type=file][name=file]").find_element(By.XPATH, "./ancestor::form")
        click_and_wait(browser, upload.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    plan_path = browser.current_url.split(server, 1)[1].split("#")[0].split("?")[0]
    plan_id = plan_path.rsplit("/", 1)[1]
    assert plan_path == f"/plans/{plan_id}" and plan_id.isdigit(), browser.current_url
    quotes = [q.text for q in browser.find_elements(By.CSS_SELECTOR, ".fact blockquote")]
    assert not any("公共文化设施" in q for q in quotes), "the ingester now reads the sentence: pick another"
    repaired = api(browser, f"{server}/api/v1/plans/{plan_id}/document")["repairedText"]
    assert "𠀾𠁀" in repaired

    # The small form appears once words are selected.
    kinds = browser.find_element(By.CSS_SELECTOR, "#select-form .kinds")
    assert not kinds.is_displayed()

    # A selection across the highlight of 92%: one offset per Unicode scalar, whatever the markup.
    pieces, start, end = select(browser, CROSSING)
    assert kinds.is_displayed()
    assert pieces >= 3, "the selection should cross a highlight"
    assert (start, end) == scalar_offsets(repaired, CROSSING)

    # The sentence the ingester missed.
    _, start, end = select(browser, MISSED)
    assert (start, end) == scalar_offsets(repaired, MISSED)
    form = browser.find_element(By.ID, "select-form")
    assert form.find_element(By.CSS_SELECTOR, ".selected").text == MISSED
    assert "has-selection" in form.get_attribute("class")
    assert_rendered(browser, screenshot(browser, "plan-review-selection"))
    click_and_wait(browser, form.find_element(By.CSS_SELECTOR, "button[name=add][value=target]"))

    # The form, proposed from the sentence: the Chinese amount is left to the reviewer.
    add = browser.find_element(By.ID, "add")
    assert add.find_element(By.TAG_NAME, "blockquote").text == MISSED
    assert add.find_element(By.NAME, "value").get_attribute("value") == ""
    add.find_element(By.NAME, "indicator").send_keys("每万人拥有公共文化设施面积")
    click_and_wait(browser, add.find_element(By.CSS_SELECTOR, "button[value=accept]"))
    assert "目标值不能为空" in browser.find_element(By.CSS_SELECTOR, "p.error").text
    add = browser.find_element(By.ID, "add")
    assert add.find_element(By.NAME, "indicator").get_attribute("value") == "每万人拥有公共文化设施面积"
    assert add.find_element(By.NAME, "value").get_attribute("aria-invalid") == "true"
    add.find_element(By.NAME, "value").send_keys("1200")
    add.find_element(By.NAME, "unit").send_keys("平方米")
    add.find_element(By.NAME, "year").send_keys("2025")
    screenshot(browser, "plan-review-add-form")
    click_and_wait(browser, add.find_element(By.CSS_SELECTOR, "button[value=accept]"))
    fact_id = browser.current_url.split("#fact-", 1)[1]
    fact = browser.find_element(By.ID, f"fact-{fact_id}")
    assert "已采纳" in fact.text and "人工添加" in fact.text and "置信度 100%" in fact.text
    assert fact.find_element(By.TAG_NAME, "blockquote").text == MISSED

    # The rest as a reviewer leaves it: the baseline without its year dropped, everything else accepted.
    for card in browser.find_elements(By.CSS_SELECTOR, ".fact"):
        if "体育场地" in card.find_element(By.TAG_NAME, "blockquote").text and "待审核" in card.text:
            click_and_wait(browser, card.find_element(By.CSS_SELECTOR, "button[value=drop]"))
            break
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, f"form[action='/plans/{plan_id}/accept-pending'] button"))
    assert "此草稿由您上传" in browser.find_element(By.CSS_SELECTOR, ".actions").text

    # Someone else publishes it.
    sign_out(browser, server)
    login(browser, server, "admin")
    browser.get(f"{server}/plans/{plan_id}")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, f"a[href='/plans/{plan_id}/publish']"))
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, f"form[action='/plans/{plan_id}/publish'] button"))
    assert browser.find_elements(By.CSS_SELECTOR, "div.ok[role=status]"), browser.page_source[:2000]

    # The published indicator quotes the sentence it came from.
    sign_out(browser, server)
    browser.get(f"{server}/indicators?plan={plan_id}")
    click_and_wait(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "每万人拥有公共文化设施面积"))
    provenance = browser.find_element(By.CSS_SELECTOR, "p.provenance").text
    assert MISSED in provenance, provenance
    assert_rendered(browser, screenshot(browser, "plan-review-published-indicator"))
