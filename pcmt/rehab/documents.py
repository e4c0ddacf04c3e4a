"""The compulsory-rehab dossier cover sheet, laid out by the documents app.

The commune police compile the dossier proposing compulsory rehab and send it to the court;
the cover sheet identifies the person and lists the documents the law names, received or not.
"""

from django.utils.translation import gettext_lazy as _

from pcmt.core.errors import DomainError
from pcmt.documents.builders import person_fields
from pcmt.documents.official import OfficialDocument, Paragraph, ascii_slug, unit_name, upper
from pcmt.persons.models import Person
from pcmt.rehab.models import RehabEpisode, RehabKind
from pcmt.rehab.selectors import dossier_context


def _day(value: object) -> str:
    return value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else "……"


def dossier_cover(episode: RehabEpisode) -> OfficialDocument:
    if episode.kind != RehabKind.COMPULSORY or not episode.opened_on:
        raise DomainError(
            "document_not_available",
            _("Only a compulsory-rehab episode with an opened dossier has a dossier cover sheet."),
        )
    context = dossier_context(episode)
    person = episode.person
    commune = person.managing_commune
    commune_name = unit_name(commune)
    body = [
        Paragraph("I. NGƯỜI BỊ ĐỀ NGHỊ", style="heading"),
        *person_fields(person),
        Paragraph(
            f"Tuổi tại thời điểm lập hồ sơ: {context['age']}"
            + (" (người từ đủ 12 đến dưới 18 tuổi)" if context["minor"] else ""),
            style="field",
        ),
        Paragraph("II. QUÁ TRÌNH LẬP HỒ SƠ", style="heading"),
        Paragraph(f"Ngày lập hồ sơ: {_day(context['opened_on'])}", style="field"),
        Paragraph(
            f"Hạn hoàn thành hồ sơ: {_day(context['dossier_due'])} ({context['dossier_law']})",
            style="field",
        ),
        Paragraph(f"Ngày chuyển Tòa án: {_day(context['sent_to_court_on'])}", style="field"),
        Paragraph("III. DANH MỤC TÀI LIỆU", style="heading"),
    ]
    for number, item in enumerate(context["checklist"], start=1):
        state = f"đã có (ngày {_day(item['received_on'])})" if item["received"] else "CHƯA CÓ"
        body.append(Paragraph(f"{number}. {item['label']}: {state}", style="field"))
    province = commune.parent
    return OfficialDocument(
        filename=f"ho-so-cai-nghien-bat-buoc-{ascii_slug(person.full_name)}-{episode.pk}",
        parent_body=f"CÔNG AN {upper(unit_name(province))}" if province else "",
        issuer_lines=[f"CÔNG AN {upper(commune_name)}"],
        number="Số: ……………",
        place=commune.name,
        date=episode.opened_on,
        title="HỒ SƠ ĐỀ NGHỊ",
        subject="Áp dụng biện pháp đưa vào cơ sở cai nghiện bắt buộc",
        body=body,
        recipients=["Tòa án nhân dân có thẩm quyền;", "Lưu: hồ sơ."],
        signer_lines=["TRƯỞNG CÔNG AN"],
    )


def dossiers_of(person: Person) -> list[tuple[int, str]]:
    from pcmt.rehab.selectors import person_rehab

    return [
        (episode.pk, f"{episode.get_kind_display()} · {episode.opened_on:%d/%m/%Y}")
        for episode in person_rehab(person)["episodes"]
        if episode.kind == RehabKind.COMPULSORY and episode.opened_on is not None
    ]
