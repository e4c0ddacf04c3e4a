"""The person's management record (hồ sơ quản lý) to print: who he is, the categories he is
managed under, and his timeline, newest first, as the person's page shows them."""

import datetime

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone, translation

from pcmt.core.templatetags.law import cite
from pcmt.documents.builders import person_fields
from pcmt.documents.official import (
    OfficialDocument,
    Paragraph,
    ascii_slug,
    unit_name,
    upper,
)
from pcmt.documents.render_pdf import render_pdf
from pcmt.persons.models import CategoryPeriod, Person
from pcmt.persons.selectors import open_categories, person_timeline

KIND_PREFIX = {"category_start": "Bắt đầu: ", "category_end": "Kết thúc: "}


def record_document(person: Person, today: datetime.date | None = None) -> OfficialDocument:
    today = today or timezone.localdate()
    prefetch_related_objects(
        [person],
        Prefetch("category_periods", CategoryPeriod.objects.select_related("recorded_by")),
    )
    commune = person.managing_commune
    province = commune.parent if commune else None
    with translation.override("vi"):
        body = [Paragraph("I. THÔNG TIN VỀ NGƯỜI ĐƯỢC QUẢN LÝ", style="heading")]
        body += person_fields(person)
        categories = [
            f"{period.get_category_display()} (từ ngày {period.start_date:%d/%m/%Y})"
            for period in open_categories(person, today)
        ]
        body.append(Paragraph(f"Diện quản lý: {'; '.join(categories) or 'không'}.", style="field"))
        body.append(Paragraph("II. DIỄN BIẾN QUÁ TRÌNH QUẢN LÝ", style="heading"))
        table = [["Ngày", "Sự việc", "Chi tiết", "Người ghi nhận"]]
        for item in person_timeline(person, with_events=True):
            moment = (
                f"{timezone.localtime(item.at):%d/%m/%Y %H:%M}"
                if item.at
                else f"{item.day:%d/%m/%Y}"
            )
            details = [str(cite(item.detail))] if item.detail else []
            details += [f"{label}: {old} → {new}" for label, old, new in item.changes]
            table.append(
                [
                    moment,
                    KIND_PREFIX.get(item.kind, "") + str(item.title),
                    "; ".join(details),
                    item.actor,
                ]
            )
    commune_name = unit_name(commune)
    return OfficialDocument(
        filename=f"ho-so-quan-ly-{ascii_slug(person.full_name)}-{person.pk}",
        parent_body=f"CÔNG AN {upper(unit_name(province))}" if province else "",
        issuer_lines=[f"CÔNG AN {upper(commune_name)}"],
        number=f"Số hồ sơ: {person.pk}",
        place=commune.name if commune else "",
        date=today,
        title="HỒ SƠ QUẢN LÝ",
        subject=person.full_name,
        body=body,
        table=table,
        table_widths=(28, 45, 70, 32),
        table_bold_rows=frozenset({0}),
    )


def record_pdf(person: Person) -> tuple[str, bytes]:
    """The file name and the PDF's bytes."""
    document = record_document(person)
    return f"{document.filename}.pdf", render_pdf(document)
