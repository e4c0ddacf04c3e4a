"""Lay an official document out as DOCX (python-docx), for officers to edit before signing.

Times New Roman is named for every script slot (ASCII, high ANSI, East Asian, complex) and the
language is Vietnamese, so Word renders the diacritics in the same font as the rest.
"""

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from pcmt.documents import fonts
from pcmt.documents.official import MOTTO, NATION, OfficialDocument, nfc
from pcmt.documents.render_pdf import BOTTOM, CONTENT, HEADER_LEFT, LEFT, RIGHT, TOP

BODY_SIZE = 14


def _set_fonts(element: object) -> None:
    """Name Times New Roman in every slot of an rPr (run or style) and mark it Vietnamese."""
    r_pr = element.get_or_add_rPr()  # type: ignore[attr-defined]
    r_fonts = r_pr.find(qn("w:rFonts"))
    if r_fonts is None:
        r_fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, r_fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        r_fonts.set(qn(slot), fonts.DOCX_FAMILY)
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    for slot in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(slot), "vi-VN")


def _document() -> DocxDocument:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(LEFT), Mm(RIGHT)
    section.top_margin, section.bottom_margin = Mm(TOP), Mm(BOTTOM)
    normal = document.styles["Normal"]
    normal.font.name = fonts.DOCX_FAMILY
    normal.font.size = Pt(BODY_SIZE)
    _set_fonts(normal.element)
    paragraph_format = normal.paragraph_format
    paragraph_format.space_before = Pt(0)
    paragraph_format.space_after = Pt(0)
    return document


def _text(
    paragraph: DocxParagraph,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: float = BODY_SIZE,
    underline: bool = False,
) -> None:
    run = paragraph.add_run(nfc(text))
    run.bold, run.italic, run.underline = bold, italic, underline
    run.font.size = Pt(size)
    run.font.name = fonts.DOCX_FAMILY
    _set_fonts(run._element)


def _line(
    container: _Cell | DocxDocument,
    text: str,
    *,
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER,
    first: bool = False,
    **style: object,
) -> DocxParagraph:
    if first and isinstance(container, _Cell):
        paragraph = container.paragraphs[0]
    else:
        paragraph = container.add_paragraph()
    paragraph.alignment = align
    _text(paragraph, text, **style)  # type: ignore[arg-type]
    return paragraph


def _rule(cell: _Cell, column_mm: float, length_mm: float) -> None:
    """A short centred line: an empty paragraph with a bottom border, indented on both sides."""
    paragraph = cell.add_paragraph()
    indent = max((column_mm - length_mm) / 2, 0)
    paragraph.paragraph_format.left_indent = Mm(indent)
    paragraph.paragraph_format.right_indent = Mm(indent)
    _text(paragraph, "", size=2)
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in {"w:val": "single", "w:sz": "6", "w:space": "1", "w:color": "000000"}.items():
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.append(borders)


def _columns(document: DocxDocument, left_mm: float, right_mm: float) -> tuple[_Cell, _Cell]:
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    left, right = table.rows[0].cells
    left.width, right.width = Mm(left_mm), Mm(right_mm)
    return left, right


def _header(document: DocxDocument, doc: OfficialDocument) -> None:
    left_mm, right_mm = HEADER_LEFT, CONTENT - HEADER_LEFT + 10
    left, right = _columns(document, left_mm, right_mm)
    first = True
    if doc.parent_body:
        _line(left, doc.parent_body, first=True, size=13)
        first = False
    for line in doc.issuer_lines:
        _line(left, line, first=first, bold=True, size=13)
        first = False
    _rule(left, left_mm, 25)
    _line(left, doc.number, size=13).paragraph_format.space_before = Pt(6)
    _line(right, NATION, first=True, bold=True, size=12)
    _line(right, MOTTO, bold=True, size=13, underline=True)
    _line(right, doc.place_and_date, italic=True, size=13).paragraph_format.space_before = Pt(
        12 if doc.parent_body else 6
    )


def _title(document: DocxDocument, doc: OfficialDocument) -> None:
    _line(document, doc.title, bold=True).paragraph_format.space_before = Pt(18)
    if doc.subject:
        _line(document, doc.subject, bold=True)
    for index, line in enumerate(doc.addressees):
        paragraph = _line(document, line)
        if index == 0:
            paragraph.paragraph_format.space_before = Pt(12)


def _body(document: DocxDocument, doc: OfficialDocument) -> None:
    for index, item in enumerate(doc.body):
        paragraph = document.add_paragraph()
        fmt = paragraph.paragraph_format
        fmt.space_after = Pt(6)
        if index == 0:
            fmt.space_before = Pt(12)
        if item.style == "heading":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            fmt.space_before = Pt(6)
        else:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            fmt.first_line_indent = Mm(10)
            if item.style == "field":
                paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
                fmt.space_after = Pt(2)
        if item.lead:
            _text(paragraph, item.lead + " ", bold=True)
        _text(paragraph, item.text, bold=item.style == "heading", italic=item.style == "basis")


def _footer(document: DocxDocument, doc: OfficialDocument) -> None:
    document.add_paragraph()
    left, right = _columns(document, 80, CONTENT - 80)
    if doc.recipients:
        _line(left, "Nơi nhận:", first=True, align=WD_ALIGN_PARAGRAPH.LEFT, bold=True, italic=True)
        for item in doc.recipients:
            _line(left, f"- {item}", align=WD_ALIGN_PARAGRAPH.LEFT, size=11)
    first = True
    for line in doc.signer_lines:
        _line(right, line, first=first, bold=True)
        first = False
    for _ in range(4):
        _line(right, "")
    _line(right, doc.signer_name, bold=True)


def render_docx(doc: OfficialDocument) -> bytes:
    """The document as DOCX bytes."""
    document = _document()
    document.core_properties.title = nfc(f"{doc.title} {doc.subject}".strip())
    document.core_properties.language = "vi-VN"
    _header(document, doc)
    _title(document, doc)
    _body(document, doc)
    _footer(document, doc)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
