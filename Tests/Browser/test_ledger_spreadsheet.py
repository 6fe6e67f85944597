"""The ledger spreadsheet round trip of issue 11 with another program's hands: the real `junheng`
binary exports the demo's ledger, openpyxl edits three cells as a clerk would in a spreadsheet
program, and the binary shows the diff, applies it, and refuses a file with a bad row without
changing anything. No browser: it runs the command line against its own data directory."""
import datetime
import json
import os
import subprocess
import tempfile
from pathlib import Path

import pytest

openpyxl = pytest.importorskip("openpyxl", reason="pip install -r Tests/Browser/requirements.txt")

ROOT = Path(__file__).resolve().parents[2]
BINARY = ROOT / ".build" / "debug" / "junheng"
ANJU = "510904"


@pytest.fixture(scope="module")
def junheng():
    assert BINARY.exists(), f"build first: {BINARY} is missing"
    data = tempfile.mkdtemp(prefix="junheng-ledger-")
    env = dict(os.environ, JUNHENG_DATA_DIR=data, JUNHENG_BCRYPT_COST="4")

    def run(*arguments, check=True):
        result = subprocess.run([str(BINARY), *arguments], env=env, capture_output=True, text=True)
        if check:
            assert result.returncode == 0, result.stderr
        return result

    run("demo")
    run.data = Path(data)
    return run


def ledger(junheng):
    return {row["id"]: row for row in json.loads(junheng("tasks", "list", "--region", ANJU, "--json").stdout)}


def test_an_openpyxl_edit_is_shown_as_a_diff_then_applied(junheng):
    exported = junheng.data / "ledger.xlsx"
    junheng("tasks", "export", "--region", ANJU, "--output", str(exported))
    workbook = openpyxl.load_workbook(exported)
    sheet = workbook.active
    assert sheet["A1"].value.startswith("重点任务台账（截至")
    header = [cell.value for cell in sheet[2]]
    assert header == ["序号", "任务编号", "任务", "类别", "牵头单位", "配合单位", "完成时限", "进度(%)", "灯色", "进展情况",
                      "存在问题", "下步打算", "状态"]
    column = {name: index + 1 for index, name in enumerate(header)}
    assert isinstance(sheet.cell(3, column["完成时限"]).value, datetime.datetime), "完成时限 is a date cell"
    before = ledger(junheng)
    first, second = int(sheet.cell(3, column["任务编号"]).value), int(sheet.cell(4, column["任务编号"]).value)

    # Three cells: a date typed as a date, a title, and a date typed the Chinese way.
    new_due = datetime.date.today() + datetime.timedelta(days=200)
    sheet.cell(3, column["完成时限"]).value = datetime.datetime(new_due.year, new_due.month, new_due.day)
    new_title = before[second]["title"] + "（台账调整）"
    sheet.cell(4, column["任务"]).value = new_title
    sheet.cell(4, column["完成时限"]).value = f"{new_due.year}年{new_due.month}月{new_due.day}日"
    edited = junheng.data / "edited.xlsx"
    workbook.save(edited)

    diff = junheng("tasks", "import", str(edited)).stdout.splitlines()
    assert diff[:3] == [
        f"row 3\ttask {first}\t完成时限\t{before[first]['dueOn']} → {new_due.isoformat()}\t{before[first]['title']}",
        f"row 4\ttask {second}\t任务\t{before[second]['title']} → {new_title}\t{before[second]['title']}",
        f"row 4\ttask {second}\t完成时限\t{before[second]['dueOn']} → {new_due.isoformat()}\t{before[second]['title']}",
    ]
    assert diff[3].startswith("3 changes in 2 rows, ")
    assert diff[3].endswith("run again with --apply to apply them")
    assert ledger(junheng) == before, "a preview changes nothing"

    applied = junheng("tasks", "import", str(edited), "--apply").stdout
    assert applied.splitlines()[-1].startswith("applied 3 changes in 2 rows")
    after = ledger(junheng)
    assert after[first]["dueOn"] == new_due.isoformat()
    assert after[second]["title"] == new_title
    assert after[second]["dueOn"] == new_due.isoformat()


def test_a_file_with_a_bad_row_changes_nothing(junheng):
    exported = junheng.data / "ledger-2.xlsx"
    junheng("tasks", "export", "--region", ANJU, "--output", str(exported))
    workbook = openpyxl.load_workbook(exported)
    sheet = workbook.active
    column = {cell.value: index + 1 for index, cell in enumerate(sheet[2])}
    sheet.cell(3, column["任务"]).value = "一个合法的新名称"
    sheet.cell(5, column["完成时限"]).value = "2026-02-30"
    bad = junheng.data / "bad.xlsx"
    workbook.save(bad)
    before = ledger(junheng)
    result = junheng("tasks", "import", str(bad), "--apply", check=False)
    assert result.returncode != 0
    assert "第 5 行 列 G：完成时限“2026-02-30”不是有效日期" in result.stderr
    assert ledger(junheng) == before
