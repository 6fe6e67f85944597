"""Builds the XLSX fixtures of SpreadsheetTests. The .xlsx files are committed; run this only to
change them: python3 -m venv /tmp/fixtures-venv && /tmp/fixtures-venv/bin/pip install openpyxl &&
/tmp/fixtures-venv/bin/python make_fixtures.py (from this folder).

catalogue.xlsx   openpyxl: merged title and domain cells, Chinese text, rich text in shared
                 strings, dates, booleans, a formula, three sheets (one hidden).
date1904.xlsx    openpyxl: a workbook on the 1904 date system.
quirks.xlsx      written by hand: inline strings (rich and phonetic runs), a cached formula
                 string, an ISO date cell, an error cell, cells and rows without r="…",
                 namespace prefixes, _x000D_ escapes, an absolute relationship target.
catalogue-libreoffice.xlsx is catalogue.xlsx saved again by LibreOffice
(soffice --headless --convert-to xlsx), which stores the formula's cached value.
"""
import datetime
import zipfile

from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.utils.datetime import CALENDAR_MAC_1904


def catalogue():
    wb = Workbook()
    items = wb.active
    items.title = "清单"
    items["A1"] = "邢台市基本公共服务清单（2018年版）"
    items.merge_cells("A1:F1")
    items.append(["领域", "服务项目", "服务对象", "服务指导标准", "支出责任", "牵头负责单位"])
    items.append(["幼有所育", "孕产妇健康服务", "孕产妇", "孕期保健服务不少于5次", "中央和地方共同承担", "市卫健委"])
    items.append([None, "儿童健康管理", "0-6岁儿童", "新生儿访视1次", "中央和地方共同承担", "市卫健委"])
    items.append([None, "学前教育资助", "家庭经济困难儿童", 1000, "省级和县级按比例分担", "市教育局"])
    items.merge_cells("A3:A5")
    items.append(["学有所教", "义务教育免费", "义务教育阶段学生", "小学班额不超过45人", "中央和地方共同承担", "市教育局"])
    items["B7"] = CellRichText("重点", TextBlock(InlineFont(b=True), "人群"), "服务")
    items["E7"] = "  前后空格  "

    indicators = wb.create_sheet("指标")
    indicators.append(["指标", "基期值", "目标值", "约束性", "发布日期", "填报时间", "合计"])
    indicators.append(["义务教育巩固率", 93.8, 96.5, True, datetime.date(2018, 3, 5),
                       datetime.datetime(2018, 3, 5, 14, 30), "=B2+C2"])
    indicators.append(["每千人口床位数", 4.2, 6, False, datetime.date(1900, 1, 1), None, "=B3+C3"])
    indicators["E4"] = datetime.date(2025, 12, 31)
    indicators["E4"].number_format = 'yyyy"年"m"月"d"日"'
    indicators["C4"] = 0.1 + 0.2
    indicators["D4"] = -12345678901234

    lookup = wb.create_sheet("代码表")
    lookup.sheet_state = "hidden"
    lookup.append(["130500", "邢台市"])
    wb.save("catalogue.xlsx")


def date1904():
    wb = Workbook()
    wb.epoch = CALENDAR_MAC_1904
    sheet = wb.active
    sheet.title = "Mac"
    sheet["A1"] = datetime.date(2024, 2, 29)
    sheet["A2"] = datetime.date(1904, 1, 1)
    wb.save("date1904.xlsx")


QUIRKS_SHEET = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<x:dimension ref="A1:E6"/>
<x:sheetData>
<x:row r="1">
  <x:c r="A1" t="inlineStr"><x:is><x:t>内联文本</x:t></x:is></x:c>
  <x:c r="C1" t="inlineStr"><x:is><x:r><x:t>富</x:t></x:r><x:r><x:rPr><x:b/></x:rPr><x:t xml:space="preserve">文本 </x:t></x:r><x:rPh sb="0" eb="1"><x:t>ふ</x:t></x:rPh></x:is></x:c>
  <x:c r="E1" t="str"><x:f>CONCAT(A1,"!")</x:f><x:v>内联文本!</x:v></x:c>
</x:row>
<x:row r="3">
  <x:c t="d"><x:v>2024-03-05T08:15:00Z</x:v></x:c>
  <x:c t="e"><x:f>1/0</x:f><x:v>#DIV/0!</x:v></x:c>
  <x:c><x:v>1.5E3</x:v></x:c>
  <x:c t="inlineStr"><x:is><x:t>第一行_x000D_
第二行 &amp; &lt;三&gt; &#x4E2D;</x:t></x:is></x:c>
</x:row>
<x:row>
  <x:c r="B4" t="b"><x:v>0</x:v></x:c>
  <x:c r="D4" s="0"/>
  <x:c r="E4"><x:f>SUM(C3)</x:f></x:c>
</x:row>
<x:row r="6" spans="1:5"><x:c r="A6" s="0"/></x:row>
</x:sheetData>
<x:mergeCells count="1"><x:mergeCell ref="A1:B2"/></x:mergeCells>
</x:worksheet>
"""


def quirks():
    parts = {
        "[Content_Types].xml": """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/data.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
</Types>""",
        "_rels/.rels": """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>""",
        "xl/workbook.xml": """<?xml version="1.0" encoding="UTF-8"?>
<!-- written by hand -->
<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<x:sheets><x:sheet name="Quirks &amp; 怪癖" sheetId="7" rel:id="rIdSheet"/></x:sheets>
</x:workbook>""",
        "xl/_rels/workbook.xml.rels": """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rIdSheet" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/data.xml"/>
</Relationships>""",
        "xl/worksheets/data.xml": QUIRKS_SHEET,
    }
    with zipfile.ZipFile("quirks.xlsx", "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text.encode("utf-8"))


catalogue()
date1904()
quirks()
