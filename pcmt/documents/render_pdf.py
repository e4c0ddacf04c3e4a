"""Lay an official document out as a PDF on A4 (fpdf2), set in Tinos with the font embedded."""

import logging

from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos
from fpdf.fonts import FontFace

from pcmt.documents import fonts
from pcmt.documents.official import MOTTO, NATION, OfficialDocument, Paragraph, nfc

# Decree 30/2020/NĐ-CP: margins top and bottom 20-25 mm, left 30-35 mm, right 15-20 mm.
LEFT, RIGHT, TOP, BOTTOM = 30.0, 15.0, 20.0, 20.0
PAGE_WIDTH = 210.0
CONTENT = PAGE_WIDTH - LEFT - RIGHT
# Header columns: the issuing body on the left, the national motto on the right.
HEADER_LEFT = 72.0
HEADER_RIGHT = CONTENT - HEADER_LEFT + 5.0
BODY_SIZE = 14
LINE = 6.6  # mm per body line at 14 pt, about 1.3 lines
SIGNING_ROOM = 22.0  # mm left blank for the signature and the seal

# Subsetting drops the font's debugging table and says so at every document.
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)


def _pdf(document: OfficialDocument) -> FPDF:
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_margins(LEFT, TOP, RIGHT)
    pdf.set_auto_page_break(auto=True, margin=BOTTOM)
    for style in fonts.STYLES:
        pdf.add_font(fonts.FAMILY, style, str(fonts.font_path(style)))
    pdf.set_title(nfc(f"{document.title} {document.subject}".strip()))
    pdf.set_creator("PCMT")
    pdf.set_lang("vi-VN")
    pdf.add_page()
    return pdf


def _centred(pdf: FPDF, x: float, width: float, text: str, style: str, size: float) -> float:
    """One centred line at the current height; returns the width of the text."""
    pdf.set_font(fonts.FAMILY, style, size)
    pdf.set_x(x)
    pdf.cell(width, size * 0.45, nfc(text), align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return pdf.get_string_width(nfc(text))


def _rule(pdf: FPDF, centre: float, length: float, gap: float = 0.6) -> None:
    y = pdf.get_y() + gap
    pdf.set_line_width(0.3)
    pdf.line(centre - length / 2, y, centre + length / 2, y)


def _header(pdf: FPDF, document: OfficialDocument) -> None:
    top = pdf.get_y()
    left_x, right_x = LEFT - 5.0, LEFT - 5.0 + HEADER_LEFT
    left_centre = left_x + HEADER_LEFT / 2
    right_centre = right_x + HEADER_RIGHT / 2
    if document.parent_body:
        _centred(pdf, left_x, HEADER_LEFT, document.parent_body, "", 13)
    widest = 0.0
    for line in document.issuer_lines:
        widest = max(widest, _centred(pdf, left_x, HEADER_LEFT, line, "B", 13))
    _rule(pdf, left_centre, max(widest / 3, 20.0))
    pdf.ln(3)
    number_y = pdf.get_y()
    _centred(pdf, left_x, HEADER_LEFT, document.number, "", 13)
    left_bottom = pdf.get_y()

    pdf.set_y(top)
    _centred(pdf, right_x, HEADER_RIGHT, NATION, "B", 12)
    motto = _centred(pdf, right_x, HEADER_RIGHT, MOTTO, "B", 13)
    _rule(pdf, right_centre, motto)
    pdf.set_y(max(pdf.get_y() + 3, number_y))
    _centred(pdf, right_x, HEADER_RIGHT, document.place_and_date, "I", 13)
    pdf.set_y(max(pdf.get_y(), left_bottom) + 8)


def _title(pdf: FPDF, document: OfficialDocument) -> None:
    centre = LEFT + CONTENT / 2
    _centred(pdf, LEFT, CONTENT, document.title, "B", BODY_SIZE)
    if document.subject:
        pdf.set_font(fonts.FAMILY, "B", BODY_SIZE)
        pdf.multi_cell(
            CONTENT, LINE, nfc(document.subject), align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        _rule(pdf, centre, 40.0, gap=0.8)
    pdf.ln(5)
    for line in document.addressees:
        _centred(pdf, LEFT, CONTENT, line, "", BODY_SIZE)
    if document.addressees:
        pdf.ln(4)


def _body(pdf: FPDF, paragraphs: list[Paragraph]) -> None:
    with pdf.text_columns(text_align=Align.J, line_height=1.25) as columns:
        for paragraph in paragraphs:
            heading = paragraph.style == "heading"
            align = {"heading": Align.C, "field": Align.L}.get(paragraph.style, Align.J)
            with columns.paragraph(
                text_align=align,
                first_line_indent=0 if heading else 10,
                top_margin=1.5 if heading else 0.4,
                bottom_margin=1.5 if heading else 0.4,
            ) as par:
                if paragraph.lead:
                    pdf.set_font(fonts.FAMILY, "B", BODY_SIZE)
                    par.write(nfc(paragraph.lead) + " ")
                style = {"heading": "B", "basis": "I"}.get(paragraph.style, "")
                pdf.set_font(fonts.FAMILY, style, BODY_SIZE)
                par.write(nfc(paragraph.text))


def _table(pdf: FPDF, document: OfficialDocument) -> None:
    """The document's table, the header row repeated on each page."""
    if not document.table:
        return
    pdf.ln(2)
    pdf.set_font(fonts.FAMILY, "", 11)
    with pdf.table(
        col_widths=document.table_widths or None,
        text_align="LEFT",
        line_height=5.5,
        first_row_as_headings=True,
        headings_style=FontFace(emphasis="BOLD"),
    ) as table:
        for index, cells in enumerate(document.table):
            style = FontFace(emphasis="BOLD") if index in document.table_bold_rows else None
            row = table.row(style=style)
            for cell in cells:
                row.cell(nfc(cell))


def _footer(pdf: FPDF, document: OfficialDocument) -> None:
    pdf.ln(3)
    # The signature block stays on one page: title, room to sign and the name.
    line_height = BODY_SIZE * 0.45
    signature = line_height * (len(document.signer_lines) + 1) + SIGNING_ROOM
    recipients = 6 + 5 * len(document.recipients)
    if pdf.get_y() + max(signature, recipients) > pdf.h - BOTTOM:
        pdf.add_page()
    top = pdf.get_y()
    signer_x, signer_width = LEFT + 75.0, CONTENT - 75.0
    pdf.set_font(fonts.FAMILY, "BI", 12)
    pdf.set_x(LEFT)
    if document.recipients:
        pdf.cell(70, 6, "Nơi nhận:", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(fonts.FAMILY, "", 11)
        for item in document.recipients:
            pdf.multi_cell(72, 5, nfc(f"- {item}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    recipients_bottom = pdf.get_y()
    pdf.set_y(top)
    for line in document.signer_lines:
        _centred(pdf, signer_x, signer_width, line, "B", BODY_SIZE)
    pdf.set_y(pdf.get_y() + SIGNING_ROOM)
    if document.signer_name:
        _centred(pdf, signer_x, signer_width, document.signer_name, "B", BODY_SIZE)
    pdf.set_y(max(pdf.get_y(), recipients_bottom))


def render_pdf(document: OfficialDocument) -> bytes:
    """The document as PDF bytes; the font is embedded (subset) so it prints anywhere."""
    pdf = _pdf(document)
    _header(pdf, document)
    _title(pdf, document)
    _body(pdf, document.body)
    _table(pdf, document)
    _footer(pdf, document)
    return bytes(pdf.output())
