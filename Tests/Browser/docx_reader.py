"""Reads a DOCX with python-docx, an independent reader, for the report tests.

read_docx(path) -> {
    "headings": [(level, text)],   # "Heading N" paragraphs; the "Title" paragraph is level 0
    "tables": [[[cell text]]],      # per table, per row, one text per cell (a spanning cell once)
    "contents": [text],             # the table of contents' heading and entries as last saved
    "paragraphs": [text],           # the other non-empty body paragraphs, table cells excluded
}
"""

import re

from docx import Document
from docx.table import Table

_HEADING = re.compile(r"^Heading (\d)$")
_CONTENTS = re.compile(r"^(toc \d|TOC Heading)$")


def read_docx(path):
    document = Document(path)
    headings, tables, contents, paragraphs = [], [], [], []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            tables.append([_row_texts(row) for row in block.rows])
            continue
        style = block.style.name if block.style is not None else ""
        heading = _HEADING.match(style)
        if heading:
            headings.append((int(heading.group(1)), block.text))
        elif style == "Title":
            headings.append((0, block.text))
        elif _CONTENTS.match(style):
            contents.append(block.text)
        elif block.text.strip():
            paragraphs.append(block.text)
    return {"headings": headings, "tables": tables, "contents": contents, "paragraphs": paragraphs}


def _row_texts(row):
    # python-docx repeats a cell once per grid column it spans; keep each cell once.
    texts, previous = [], None
    for cell in row.cells:
        if cell is not previous:
            texts.append(cell.text)
        previous = cell
    return texts
