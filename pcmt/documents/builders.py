"""The documents of casework: the chairman's user-management decision and the request to
determine addiction. Their text is Vietnamese: they are official documents, not the interface.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from pcmt.casework.models import (
    AddictionDetermination,
    DeterminationStatus,
    ManagementStatus,
    UserManagement,
)
from pcmt.core.errors import DomainError
from pcmt.documents.official import (
    OfficialDocument,
    Paragraph,
    ascii_slug,
    mask_id,
    unit_name,
    upper,
)
from pcmt.persons.models import Person, Sex
from pcmt.persons.selectors import person_secrets


@dataclass(frozen=True)
class Citation:
    """What a document cites for the law a record was judged by."""

    law: str
    management_article: str = ""  # "" when the article number is not yet confirmed
    management_decree: str = ""
    determination_article: str = ""
    determination_decree: str = ""


CITATIONS = {
    "law_73_2021": Citation(
        law="Luật Phòng, chống ma túy số 73/2021/QH14",
        # Law 73/2021 art. 23: user management; art. 27: addiction determination.
        management_article="Điều 23",
        management_decree=(
            "Nghị định số 105/2021/NĐ-CP của Chính phủ quy định chi tiết và hướng dẫn thi hành "
            "một số điều của Luật Phòng, chống ma túy"
        ),
        determination_article="Điều 27",
        determination_decree=(
            "Nghị định số 109/2021/NĐ-CP của Chính phủ quy định về xác định tình trạng nghiện "
            "ma túy"
        ),
    ),
    # Law 120/2025: article numbers and implementing decrees are cited once confirmed.
    "law_120_2025": Citation(law="Luật Phòng, chống ma túy số 120/2025/QH15"),
}

TRIGGERS = {
    "reuse_during_management": (
        "sử dụng trái phép chất ma túy trong thời gian quản lý người sử dụng trái phép chất ma túy"
    ),
    "no_stable_residence": "sử dụng trái phép chất ma túy và không có nơi cư trú ổn định",
    "use_during_commune_education": (
        "sử dụng trái phép chất ma túy trong thời gian chấp hành biện pháp giáo dục tại xã, "
        "phường, thị trấn"
    ),
    "use_within_year_after_commune_education": (
        "sử dụng trái phép chất ma túy trong thời hạn 01 năm kể từ ngày chấp hành xong biện pháp "
        "giáo dục tại xã, phường, thị trấn"
    ),
    "use_during_post_rehab": (
        "sử dụng trái phép chất ma túy trong thời gian quản lý sau cai nghiện ma túy"
    ),
    "voluntary_request": "tự nguyện đề nghị xác định tình trạng nghiện ma túy",
}


def _citation(law_code: str) -> Citation:
    return CITATIONS.get(law_code, Citation(law="Luật Phòng, chống ma túy"))


def _cite(article: str, law: str) -> str:
    return f"{article} {law}" if article else law


def _day(value: object) -> str:
    return value.strftime("%d/%m/%Y") if value else "……"  # type: ignore[attr-defined]


def _address(address: str, village: object, commune: object) -> str:
    parts = [address.strip(), getattr(village, "name", "")]
    if commune is not None:
        parts += [unit_name(commune), unit_name(getattr(commune, "parent", None))]  # type: ignore[arg-type]
    seen: list[str] = []
    for part in parts:
        if part and part not in seen:
            seen.append(part)
    return ", ".join(seen)


def person_fields(person: Person) -> list[Paragraph]:
    """The lines that identify the person: name, sex, birth, ID (masked), residence."""
    fields = [
        Paragraph(f"Họ và tên: {person.full_name}", style="field"),
        Paragraph(f"Giới tính: {'Nữ' if person.sex == Sex.FEMALE else 'Nam'}", style="field"),
        Paragraph(
            f"Ngày sinh: {person.birth_date:%d/%m/%Y}"
            if person.birth_date
            else f"Năm sinh: {person.birth_year}",
            style="field",
        ),
    ]
    id_number = person_secrets(person)["id_number"]
    if id_number:
        fields.append(Paragraph(f"Số định danh cá nhân: {mask_id(id_number)}", style="field"))
    permanent = _address(
        person.permanent_address, person.permanent_village, person.permanent_commune
    )
    if permanent:
        fields.append(Paragraph(f"Nơi thường trú: {permanent}", style="field"))
    current = _address(person.current_address, person.current_village, person.current_commune)
    fields.append(Paragraph(f"Nơi ở hiện tại: {current}", style="field"))
    return fields


def _months(management: UserManagement) -> str:
    start, end = management.decision_date, management.period_end
    assert start is not None and end is not None
    months = (end.year - start.year) * 12 + end.month - start.month
    return "01 năm" if months == 12 else f"{months:02d} tháng"


def management_decision(management: UserManagement) -> OfficialDocument:
    """The commune chairman's decision to manage a drug user (QĐ-UBND)."""
    if management.status == ManagementStatus.AWAITING_DECISION or not management.decision_date:
        raise DomainError(
            "document_not_available",
            _(
                "The decision document exists only once the chairman's decision is recorded: "
                "enter its number, date and signer first."
            ),
        )
    person = management.person
    commune = person.managing_commune
    commune_name = unit_name(commune)
    test = management.positive_test
    citation = _citation(management.law_code)
    number = management.decision_number
    if "/" not in number:
        number = f"{number}/QĐ-UBND"
    basis = [f"Căn cứ {citation.law};"]
    if citation.management_decree:
        basis.append(f"Căn cứ {citation.management_decree};")
    substances = f" ({test.substances})" if test.substances else ""
    basis += [
        f"Căn cứ kết quả xét nghiệm chất ma túy ngày {_day(test.tested_on)} tại {test.place} "
        f"xác định {'bà' if person.sex == Sex.FEMALE else 'ông'} {person.full_name} sử dụng "
        f"trái phép chất ma túy{substances};",
        f"Theo đề nghị của Trưởng Công an {commune_name}.",
    ]
    body = [Paragraph(f"CHỦ TỊCH ỦY BAN NHÂN DÂN {upper(commune_name)}", style="heading")]
    body += [Paragraph(line, style="basis") for line in basis]
    body += [
        Paragraph("QUYẾT ĐỊNH:", style="heading"),
        Paragraph(
            "Quản lý người sử dụng trái phép chất ma túy theo quy định tại "
            f"{_cite(citation.management_article, citation.law)} đối với:",
            lead="Điều 1.",
        ),
        *person_fields(person),
        Paragraph(
            f"Thời hạn quản lý: {_months(management)}, kể từ ngày "
            f"{_day(management.decision_date)} đến ngày {_day(management.period_end)}.",
            style="field",
        ),
        Paragraph(
            f"Giao Công an {commune_name} chủ trì, phối hợp với các cơ quan, tổ chức có liên "
            "quan và gia đình tổ chức quản lý người có tên tại Điều 1 trong thời hạn quản lý. "
            "Người có tên tại Điều 1 có trách nhiệm chấp hành các quy định về quản lý người sử "
            "dụng trái phép chất ma túy; có quyền khiếu nại, khởi kiện đối với Quyết định này "
            "theo quy định của pháp luật.",
            lead="Điều 2.",
        ),
        Paragraph(
            f"Quyết định này có hiệu lực kể từ ngày ký. Trưởng Công an {commune_name}, người có "
            "tên tại Điều 1 và các cơ quan, tổ chức, cá nhân có liên quan chịu trách nhiệm thi "
            "hành Quyết định này./.",
            lead="Điều 3.",
        ),
    ]
    return OfficialDocument(
        filename=f"quyet-dinh-quan-ly-{ascii_slug(person.full_name)}-{management.pk}",
        issuer_lines=["ỦY BAN NHÂN DÂN", upper(commune_name)],
        number=f"Số: {number}",
        place=commune.name,
        date=management.decision_date,
        title="QUYẾT ĐỊNH",
        subject="Về việc quản lý người sử dụng trái phép chất ma túy",
        body=body,
        recipients=["Như Điều 3;", f"Công an {commune_name};", "Lưu: VT, hồ sơ quản lý."],
        signer_lines=["CHỦ TỊCH"],
        signer_name=management.signer,
    )


def determination_request(determination: AddictionDetermination) -> OfficialDocument:
    """The commune police's letter asking a medical facility to determine addiction."""
    if determination.status == DeterminationStatus.REQUIRED or not determination.requested_on:
        raise DomainError(
            "document_not_available",
            _(
                "The request letter exists only once the determination is requested: record "
                "the medical facility and the date of the request first."
            ),
        )
    person = determination.person
    commune = person.managing_commune
    commune_name = unit_name(commune)
    citation = _citation(determination.law_code)
    facility = determination.facility
    body = [
        Paragraph(f"Căn cứ {_cite(citation.determination_article, citation.law)};", "", "basis")
    ]
    if citation.determination_decree:
        body.append(Paragraph(f"Căn cứ {citation.determination_decree};", style="basis"))
    reason = TRIGGERS.get(determination.trigger, determination.get_trigger_display())
    body += [
        Paragraph(
            f"Công an {commune_name} đề nghị {facility} xác định tình trạng nghiện ma túy đối với:"
        ),
        *person_fields(person),
        Paragraph(
            f"Lý do đề nghị: người có tên trên {reason} (từ ngày "
            f"{_day(determination.required_on)}).",
            style="field",
        ),
        Paragraph(
            f"Đề nghị {facility} tiến hành xác định tình trạng nghiện ma túy theo quy định và "
            f"gửi kết quả về Công an {commune_name} để thực hiện các biện pháp tiếp theo theo "
            "quy định của pháp luật./."
        ),
    ]
    province = commune.parent
    return OfficialDocument(
        filename=f"de-nghi-xac-dinh-nghien-{ascii_slug(person.full_name)}-{determination.pk}",
        parent_body=f"CÔNG AN {upper(unit_name(province))}" if province else "",
        issuer_lines=[f"CÔNG AN {upper(commune_name)}"],
        number="Số: ……………",
        place=commune.name,
        date=determination.requested_on,
        title="GIẤY ĐỀ NGHỊ",
        subject="Xác định tình trạng nghiện ma túy",
        addressees=[f"Kính gửi: {facility}"],
        body=body,
        recipients=["Như trên;", "Người có tên trên;", "Lưu: hồ sơ."],
        signer_lines=["TRƯỞNG CÔNG AN"],
    )


def managements_with_decision(person: Person) -> list[tuple[int, str]]:
    # The episodes the person's page has read already (one read per page).
    from pcmt.casework.selectors import person_episodes

    return [
        (m.pk, f"{m.decision_number} · {m.decision_date:%d/%m/%Y}")
        for m in person_episodes(person)["managements"]
        if m.decision_date is not None
    ]


def determinations_requested(person: Person) -> list[tuple[int, str]]:
    from pcmt.casework.selectors import person_episodes

    return [
        (d.pk, f"{d.facility} · {d.requested_on:%d/%m/%Y}")
        for d in person_episodes(person)["determinations"]
        if d.requested_on is not None
    ]
