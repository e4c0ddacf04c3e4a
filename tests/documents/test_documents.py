"""The documents' content: the official header, the record's fields, Vietnamese in the fonts."""

import datetime
import io
import unicodedata

import pytest
from docx import Document
from docx.oxml.ns import qn
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from pcmt.core.errors import DomainError
from pcmt.documents import builders, fonts
from pcmt.documents.official import (
    OfficialDocument,
    Paragraph,
    ascii_slug,
    mask_id,
    place_and_date,
)
from pcmt.documents.render_docx import render_docx
from pcmt.documents.render_pdf import render_pdf


def pdf_text(content: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return " ".join(unicodedata.normalize("NFC", text).split())


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [p.text for cell in table._cells for p in cell.paragraphs]
    return " ".join(" ".join(parts).split())


def embedded_fonts(content: bytes) -> dict[str, TTFont]:
    found = {}
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            data = descriptor.get_object()["/FontFile2"].get_object().get_data()
            found[str(font["/BaseFont"])] = TTFont(io.BytesIO(data))
    return found


HEADER = [
    "ỦY BAN NHÂN DÂN",
    "PHƯỜNG BA ĐÌNH",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số: 15/QĐ-UBND",
    "Ba Đình, ngày 20 tháng 10 năm 2025",
    "QUYẾT ĐỊNH",
    "Về việc quản lý người sử dụng trái phép chất ma túy",
]
FIELDS = [
    "Họ và tên: Trần Văn Bình",
    "Giới tính: Nam",
    "Ngày sinh: 04/03/1988",
    "Số định danh cá nhân: xxxxxxxx2345",
    "Điều 23 Luật Phòng, chống ma túy số 73/2021/QH14",
    "Nghị định số 105/2021/NĐ-CP",
    "kể từ ngày 20/10/2025 đến ngày 20/10/2026",
    "xét nghiệm chất ma túy ngày 16/10/2025",
    "Nơi nhận:",
    "CHỦ TỊCH",
    "Nguyễn Thị Hằng",
]


def test_the_decision_pdf_has_the_official_header_and_the_record(decided):
    text = pdf_text(render_pdf(builders.management_decision(decided)))
    for line in HEADER + FIELDS:
        assert line in text, line
    assert "001088012345" not in text, "the ID number is masked"


def test_the_decision_docx_has_the_official_header_and_the_record(decided):
    text = docx_text(render_docx(builders.management_decision(decided)))
    for line in HEADER + FIELDS:
        assert line in text, line
    assert "001088012345" not in text


def test_the_docx_names_times_new_roman_for_every_script_and_vietnamese(decided):
    document = Document(io.BytesIO(render_docx(builders.management_decision(decided))))
    runs = [run for p in document.paragraphs for run in p.runs]
    runs += [run for t in document.tables for c in t._cells for p in c.paragraphs for run in p.runs]
    assert runs
    for element in [document.styles["Normal"].element, *(run._element for run in runs)]:
        r_fonts = element.rPr.find(qn("w:rFonts"))
        for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            assert r_fonts.get(qn(slot)) == "Times New Roman"
        assert element.rPr.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"


def test_the_font_files_cover_every_vietnamese_letter():
    letters = fonts.vietnamese_letters()
    assert {chr(c) for c in range(0x1EA0, 0x1EFA)} <= set(letters)
    assert set("đĐơƠưƯăĂâÂêÊôÔ") <= set(letters)
    assert len(letters) == 134
    for style in fonts.STYLES:
        assert fonts.missing_letters(fonts.font_path(style)) == "", style


def test_the_embedded_font_has_a_glyph_for_every_vietnamese_letter():
    letters = fonts.vietnamese_letters()
    document = OfficialDocument(
        filename="letters",
        issuer_lines=["ỦY BAN NHÂN DÂN"],
        number="Số: 1",
        place="Ba Đình",
        date=datetime.date(2026, 1, 5),
        title="QUYẾT ĐỊNH",
        body=[Paragraph(" ".join(letters))],
    )
    content = render_pdf(document)
    embedded = embedded_fonts(content)
    regular = next(font for name, font in embedded.items() if name.endswith("+Tinos"))
    cmap = regular.getBestCmap()
    glyphs = regular["glyf"]
    for letter in letters:
        name = cmap.get(ord(letter))
        assert name and name != ".notdef", letter
        assert glyphs[name].numberOfContours != 0, letter
    assert "".join(letters.split()) in pdf_text(content).replace(" ", "")


def test_the_request_letter_is_addressed_to_the_facility(requested):
    text = pdf_text(render_pdf(builders.determination_request(requested)))
    for line in [
        "CÔNG AN THÀNH PHỐ HÀ NỘI",
        "CÔNG AN PHƯỜNG BA ĐÌNH",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Ba Đình, ngày 22 tháng 10 năm 2025",
        "GIẤY ĐỀ NGHỊ",
        "Xác định tình trạng nghiện ma túy",
        "Kính gửi: Bệnh viện Đa khoa Đống Đa",
        "Điều 27 Luật Phòng, chống ma túy số 73/2021/QH14",
        "Nghị định số 109/2021/NĐ-CP",
        "Họ và tên: Trần Văn Bình",
        "tự nguyện đề nghị xác định tình trạng nghiện ma túy",
        "TRƯỞNG CÔNG AN",
    ]:
        assert line in text, line


def test_an_undecided_management_has_no_decision_document(management):
    with pytest.raises(DomainError) as refused:
        builders.management_decision(management)
    assert refused.value.code == "document_not_available"
    assert "decision" in str(refused.value.message)


def test_a_determination_not_yet_requested_has_no_letter(person_a, alice):
    from pcmt.casework.services import determination_require

    required = determination_require(
        actor=alice,
        person=person_a,
        trigger="voluntary_request",
        required_on=datetime.date(2025, 10, 21),
    )
    with pytest.raises(DomainError) as refused:
        builders.determination_request(required)
    assert refused.value.code == "document_not_available"


def test_a_record_under_law_120_cites_that_law_without_an_unconfirmed_article(decided):
    decided.law_code = "law_120_2025"
    text = pdf_text(render_pdf(builders.management_decision(decided)))
    assert "Luật Phòng, chống ma túy số 120/2025/QH15" in text
    assert "Điều 23" not in text and "105/2021" not in text


def test_a_person_known_by_birth_year_shows_the_year(register, alice):
    import datetime as dt

    from pcmt.casework.models import UserManagement
    from pcmt.casework.services import drug_test_record, management_decision_issue

    person = register(full_name="Đỗ Thị Ơn", sex="female", birth_year=1990)
    drug_test_record(
        actor=alice,
        person=person,
        tested_on=dt.date(2025, 10, 16),
        place="Trụ sở",
        result="positive",
        tested_by="Cán bộ",
    )
    management = management_decision_issue(
        actor=alice,
        management=UserManagement.objects.get(person=person),
        number="7/QĐ-UBND",
        decision_date=dt.date(2025, 10, 17),
        signer="Chủ tịch",
    )
    text = pdf_text(render_pdf(builders.management_decision(management)))
    assert "Đỗ Thị Ơn" in text and "Năm sinh: 1990" in text and "Giới tính: Nữ" in text
    assert "Số: 7/QĐ-UBND" in text and "Số định danh" not in text


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2026, 2, 5), "Ba Đình, ngày 05 tháng 02 năm 2026"),
        (datetime.date(2026, 3, 15), "Ba Đình, ngày 15 tháng 3 năm 2026"),
        (datetime.date(2025, 12, 31), "Ba Đình, ngày 31 tháng 12 năm 2025"),
        (None, "Ba Đình, ngày …… tháng …… năm ……"),
    ],
)
def test_the_date_line_follows_the_official_form(day, expected):
    assert place_and_date("Ba Đình", day) == expected


def test_ids_are_masked_but_for_the_last_four_digits():
    assert mask_id("001088012345") == "xxxxxxxx2345"
    assert mask_id("123456789") == "xxxxx6789"
    assert mask_id("") == ""


def test_file_names_are_ascii():
    assert ascii_slug("Trần Văn Đức") == "tran-van-duc"
