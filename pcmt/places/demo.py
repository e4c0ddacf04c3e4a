"""Demo places (synthetic) with three years of dated history, written through the services.

Businesses with inspections, hotspots through every state (at risk, detected, suppressed,
eliminated, monitored and re-verified, closed, re-emerged), incidents clustered around them,
key areas selected, transformed and evaluated (the first commune classifies as type I and the
second as type II under QĐ 28/2025, type III earlier), drug-free assessments of villages,
residential groups and communes with the recognitions decided on them — each commune's by its
own officer, so every event, period and count is the one a real registry would hold. Points
lie inside the commune's boundary when it is loaded.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from pcmt.geo.location import boundary_shape
from pcmt.geo.models import AdminUnit, Village
from pcmt.persons.models import Person
from pcmt.places import services
from pcmt.places.drug_free_criteria import criteria_set_on
from pcmt.places.lifecycles import monitoring_ends_on
from pcmt.places.models import (
    Business,
    BusinessKind,
    DrugFreeResult,
    Hotspot,
    HotspotKind,
    HotspotSeverity,
    HotspotStatus,
    IncidentKind,
    KeyAreaEvaluationResult,
    KeyAreaType,
    ReverificationFinding,
)
from pcmt.population.selectors import residents_on

DEMO_NOTE = "Dữ liệu mô phỏng (demo)"
FIRST_DAY = datetime.date(2024, 1, 1)

_BUSINESSES = [
    (BusinessKind.KARAOKE, "Karaoke {}"),
    (BusinessKind.KARAOKE, "Karaoke {} Plaza"),
    (BusinessKind.BAR, "Bar {}"),
    (BusinessKind.MASSAGE, "Massage {}"),
    (BusinessKind.GUEST_HOUSE, "Nhà nghỉ {}"),
    (BusinessKind.HOTEL, "Khách sạn {}"),
]
_BUSINESS_NAMES = ["Hoa Hồng", "Ánh Dương", "Sao Mai", "Bình An", "Thiên Đường", "Phương Nam"]
_HOTSPOTS = [
    ("Bãi đất trống ven đê", HotspotKind.ORGANISED_USE),
    ("Nhà trọ ngõ {}", HotspotKind.HARBOURING),
    ("Quán nước đầu ngõ {}", HotspotKind.SELLING),
    ("Gầm cầu khu {}", HotspotKind.GATHERING),
    ("Nhóm mạng xã hội khu {}", HotspotKind.ONLINE),
]
_INCIDENTS = [
    (IncidentKind.ARREST, "Bắt quả tang mua bán trái phép chất ma túy"),
    (IncidentKind.ADMINISTRATIVE, "Xử phạt hành chính hành vi sử dụng trái phép"),
    (IncidentKind.SEIZURE, "Thu giữ ma túy tổng hợp"),
    (IncidentKind.TIP, "Tin báo của quần chúng về điểm sử dụng"),
    (IncidentKind.PUBLIC_USE, "Phát hiện sử dụng ma túy nơi công cộng"),
]


@dataclass
class PlacesDemoReport:
    hotspots: int = 0
    incidents: int = 0
    businesses: int = 0
    key_areas: int = 0
    drug_free: int = 0
    assessments: int = 0


class _Points:
    """Random points inside a commune's boundary (none when it is not loaded)."""

    def __init__(self, commune: AdminUnit, rng: random.Random) -> None:
        self.shape = boundary_shape(commune.pk)
        self.rng = rng

    def near(self, around: tuple[Any, Any] | None = None) -> tuple[Any, Any]:
        if self.shape is None:
            return None, None
        from shapely.geometry import Point

        min_x, min_y, max_x, max_y = self.shape.bounds
        for _attempt in range(200):
            if around is not None:
                lng = float(around[1]) + self.rng.uniform(-0.002, 0.002)
                lat = float(around[0]) + self.rng.uniform(-0.002, 0.002)
            else:
                lng, lat = self.rng.uniform(min_x, max_x), self.rng.uniform(min_y, max_y)
            if self.shape.contains(Point(lng, lat)):
                return Decimal(f"{lat:.6f}"), Decimal(f"{lng:.6f}")
        return None, None


def _day(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    span = max((end - start).days, 0)
    return start + datetime.timedelta(days=rng.randint(0, span))


# Each demo hotspot's steps after its registration: (step or re-verification finding, about
# how many days after the previous one). Steps whose day has not come yet are left out.
_HOTSPOT_SCRIPTS: tuple[tuple[tuple[str, int], ...], ...] = (
    # Suppressed, eliminated, monitored and re-verified each quarter, closed after 12 months.
    (
        ("suppress", 20),
        ("eliminate", 90),
        ("monitor", 3),
        ("clean", 90),
        ("clean", 90),
        ("signs", 90),
        ("clean", 90),
        ("close", 30),
    ),
    # Eliminated, monitored, signs found, then found back: re-emerged and suppressed again.
    (("eliminate", 120), ("monitor", 5), ("signs", 88), ("re_emerged", 60), ("suppress", 10)),
    # Being suppressed (tied to a business).
    (("suppress", 45),),
    # Detected, nothing done yet.
    (),
    # Registered at risk, detected, eliminated, re-verified once: overdue now.
    (("detect", 60), ("eliminate", 150), ("clean", 95)),
    # A point at risk.
    (),
    # Recently eliminated and monitored: re-verification due soon.
    (("suppress", 30), ("eliminate", 60), ("monitor", 1)),
)
_HOTSPOT_DATES = {
    "detect": "detected_on",
    "suppress": "suppression_started_on",
    "eliminate": "eliminated_on",
    "monitor": "monitoring_from",
    "close": "closed_on",
}


def _hotspot_history(
    actor: Any,
    hotspot: Hotspot,
    rng: random.Random,
    script: tuple[tuple[str, int], ...],
    yesterday: datetime.date,
) -> None:
    """Run a hotspot's steps through the services, each on its day while that day has come."""
    day = hotspot.discovered_on
    for name, after in script:
        day += datetime.timedelta(days=after + rng.randint(0, 10))
        if name == "close" and hotspot.eliminated_on is not None:
            day = max(day, monitoring_ends_on(hotspot))
        if day > yesterday:
            return
        if name in ReverificationFinding.values:
            services.hotspot_reverify(
                actor=actor, hotspot=hotspot, verified_on=day, finding=name, note=DEMO_NOTE
            )
            hotspot.refresh_from_db()
            continue
        step = getattr(services, f"hotspot_{name}")
        extra = {"measures": "Triệt xóa"} if name == "eliminate" else {"note": DEMO_NOTE}
        hotspot = step(actor=actor, hotspot=hotspot.pk, **{_HOTSPOT_DATES[name]: day}, **extra)


def _commune_places(
    commune: AdminUnit, actor: Any, rng: random.Random, today: datetime.date, index: int
) -> PlacesDemoReport:
    report = PlacesDemoReport()
    points = _Points(commune, rng)
    yesterday = today - datetime.timedelta(days=1)
    businesses = []
    last_inspected: dict[int, datetime.date] = {}
    for (business_kind, pattern), label in zip(_BUSINESSES, _BUSINESS_NAMES, strict=True):
        lat, lng = points.near()
        opened = _day(rng, datetime.date(2019, 1, 1), datetime.date(2023, 6, 30))
        business = services.business_register(
            actor=actor,
            data=services.BusinessInput(
                commune=commune,
                name=pattern.format(label),
                kind=business_kind,
                opened_on=opened,
                licence_number=f"{rng.randint(10, 999)}/GCN-ANTT",
                licence_issued_on=opened,
                licence_expires_on=opened + datetime.timedelta(days=365 * 5),
                latitude=lat,
                longitude=lng,
                note=DEMO_NOTE,
            ),
        )
        inspected = FIRST_DAY
        for _visit in range(rng.randint(1, 4)):
            inspected = _day(
                rng, inspected, min(inspected + datetime.timedelta(days=300), yesterday)
            )
            found = rng.random() < 0.2
            services.business_inspect(
                actor=actor,
                business=business,
                inspected_on=inspected,
                team="Tổ công tác Công an xã, phường",
                result="Phát hiện vi phạm" if found else "Chấp hành tốt",
                violations="Để khách sử dụng trái phép chất ma túy" if found else "",
                drug_use_found=found,
                measures="Lập biên bản, xử phạt" if found else "",
            )
        last_inspected[business.pk] = inspected
        businesses.append(business)
        report.businesses += 1
    closing = businesses[-2]
    closed_on = min(max(datetime.date(2025, 9, 30), last_inspected[closing.pk]), yesterday)
    services.business_close(actor=actor, business=closing, closed_on=closed_on, note=DEMO_NOTE)

    residents = list(
        Person.objects.filter(managing_commune=commune)
        .order_by("pk")
        .values_list("pk", flat=True)[:20]
    )
    hotspots: list[Hotspot] = []
    for number, script in enumerate(_HOTSPOT_SCRIPTS):
        pattern, kind = _HOTSPOTS[number % len(_HOTSPOTS)]
        lat, lng = points.near()
        recent = number == len(_HOTSPOT_SCRIPTS) - 1
        discovered = _day(
            rng,
            datetime.date(2025, 3, 1) if recent else datetime.date(2024, 1, 1),
            datetime.date(2025, 6, 30) if recent else datetime.date(2024, 6, 30),
        )
        tied = businesses[0] if number == 2 else None
        hotspot = services.hotspot_create(
            actor=actor,
            data=services.HotspotInput(
                commune=commune,
                name=pattern.format(rng.randint(2, 60)),
                kind=kind,
                severity=HotspotSeverity.SEVERE if number == 0 else HotspotSeverity.ORDINARY,
                status=HotspotStatus.AT_RISK if number in (4, 5) else HotspotStatus.DETECTED,
                discovered_on=min(discovered, yesterday),
                business=tied,
                latitude=lat,
                longitude=lng,
                source="Trinh sát, tin báo quần chúng",
                note=DEMO_NOTE,
            ),
        )
        _hotspot_history(actor, hotspot, rng, script, yesterday)
        for pk, role in zip(
            residents[number * 2 : number * 2 + 2], ("organiser", "user"), strict=False
        ):
            services.place_person_link(actor=actor, place=hotspot, person_pk=pk, role=role)
        hotspots.append(hotspot)
        report.hotspots += 1

    for number in range(12):
        incident_kind, summary = _INCIDENTS[number % len(_INCIDENTS)]
        near = hotspots[number % len(hotspots)]
        lat, lng = points.near(
            (near.latitude, near.longitude) if near.latitude is not None else None
        )
        occurred = _day(rng, FIRST_DAY, yesterday)
        services.incident_create(
            actor=actor,
            data=services.IncidentInput(
                commune=commune,
                summary=summary,
                kind=incident_kind,
                occurred_on=occurred,
                offenders=rng.randint(1, 3)
                if incident_kind in (IncidentKind.ARREST, IncidentKind.ADMINISTRATIVE)
                else 0,
                substance="Ma túy tổng hợp" if incident_kind == IncidentKind.SEIZURE else "",
                quantity=Decimal(rng.randint(1, 300)) / 10
                if incident_kind == IncidentKind.SEIZURE
                else None,
                unit="gam" if incident_kind == IncidentKind.SEIZURE else "",
                tip_verified=rng.random() < 0.6 if incident_kind == IncidentKind.TIP else None,
                hotspot=near if rng.random() < 0.5 else None,
                latitude=lat,
                longitude=lng,
                note=DEMO_NOTE,
            ),
        )
        report.incidents += 1

    report.incidents += _classification_data(commune, actor, yesterday, index)
    _key_area(commune, actor, rng, yesterday, index)
    report.key_areas += 1

    _drug_free(commune, actor, rng, yesterday, index, report)
    return report


def _assessed(
    commune: AdminUnit,
    actor: Any,
    village: Village | None,
    day: datetime.date,
    unmet: tuple[str, ...] = (),
) -> Any:
    """An assessment against the criteria in force on `day`; `unmet` fails those criteria."""
    found = criteria_set_on(day)
    assert found is not None
    level = services.drug_free_level(village)
    checks = {
        c.code: services.CriterionResult(
            c.code not in unmet,
            "Phát hiện 02 người sử dụng trái phép chất ma túy"
            if c.code in unmet
            else "Biên bản kiểm tra, xác minh của Công an và Ban công tác Mặt trận",
        )
        for c in found.for_level(level)
    }
    return services.drug_free_assess(
        actor=actor,
        data=services.DrugFreeAssessmentInput(
            commune=commune,
            village=village,
            assessed_on=day,
            assessor="Tổ công tác liên ngành xã, phường",
            result=DrugFreeResult.NOT_RECOGNISED if unmet else DrugFreeResult.RECOGNISED,
            checks=checks,
            note=DEMO_NOTE,
        ),
    )


def _drug_free(
    commune: AdminUnit,
    actor: Any,
    rng: random.Random,
    yesterday: datetime.date,
    index: int,
    report: PlacesDemoReport,
) -> None:
    """Assessments 2024–2026 of half the villages (one not met at first, met a year later),
    the recognitions decided on those that met the criteria, one revoked; the first commune
    assessed as a whole in 2025."""
    villages = list(Village.objects.filter(commune=commune, is_active=True).order_by("name_folded"))
    for number, village in enumerate(villages[: max(2, len(villages) // 2)]):
        first = datetime.date(2024 + number % 2, 11, 15)
        if first > yesterday:
            continue
        assessment = _assessed(commune, actor, village, first, ("TC2",) if number == 2 else ())
        report.assessments += 1
        if number == 2:
            # Not met in 2025; met on the next assessment, in 2026.
            again = datetime.date(2026, 5, 15)
            if again > yesterday:
                continue
            assessment = _assessed(commune, actor, village, again)
            report.assessments += 1
        decided = min(assessment.assessed_on + datetime.timedelta(days=35), yesterday)
        assessment = services.drug_free_assessment_recognise(
            actor=actor,
            assessment=assessment,
            decision_number=f"{rng.randint(100, 999)}/QĐ-UBND",
            decided_by="UBND xã, phường",
            recognised_on=decided,
            note=DEMO_NOTE,
        )
        report.drug_free += 1
        if number == 1 and assessment.recognition is not None:
            services.drug_free_withdraw(
                actor=actor,
                recognition=assessment.recognition,
                withdrawn_on=max(min(datetime.date(2026, 4, 1), yesterday), decided),
                withdrawal_reason="Phát hiện người sử dụng trái phép chất ma túy",
            )
    whole = datetime.date(2025, 11, 20)
    if whole <= yesterday:
        _assessed(commune, actor, None, whole, () if index == 0 else ("TC1", "TC3"))
        report.assessments += 1


def _classification_data(
    commune: AdminUnit, actor: Any, yesterday: datetime.date, index: int
) -> int:
    """Data that makes the first commune a type I key area (offenders arrested, plants
    destroyed, on a drug route) and the second a type II one (one place of use, plants and
    area destroyed, on a route), type III before its route mark. Returns the incidents added."""

    def ago(days: int) -> datetime.date:
        return yesterday - datetime.timedelta(days=days)

    residents = residents_on(commune=commune, on=yesterday) or 0
    added = 0

    def incident(kind: str, summary: str, day: datetime.date, **values: Any) -> None:
        nonlocal added
        services.incident_create(
            actor=actor,
            data=services.IncidentInput(
                commune=commune,
                summary=summary,
                kind=kind,
                occurred_on=day,
                note=DEMO_NOTE,
                **values,
            ),
        )
        added += 1

    if index == 0:
        incident(
            IncidentKind.PLANT_DESTRUCTION,
            "Phá nương trồng cây thuốc phiện",
            ago(60),
            plants=3500,
            area_m2=Decimal(420),
        )
        incident(
            IncidentKind.ARREST,
            "Triệt phá đường dây mua bán trái phép chất ma túy",
            ago(30),
            offenders=residents // 1000 + 1,  # QĐ 28: ≥ 0.1 % of residents
        )
        route_from = ago(120)
    else:
        incident(
            IncidentKind.PLANT_DESTRUCTION,
            "Phá diện tích trồng cần sa",
            ago(200),
            area_m2=Decimal(800),
        )
        incident(IncidentKind.PLANT_DESTRUCTION, "Phá cây cần sa trồng xen", ago(50), plants=1800)
        route_from = ago(100)
    services.drug_route_mark_set(
        actor=actor,
        commune=commune,
        on_route=True,
        effective_on=route_from,
        note="Tuyến vận chuyển ma túy trọng điểm (mô phỏng)",
    )
    return added


def _key_area(
    commune: AdminUnit, actor: Any, rng: random.Random, yesterday: datetime.date, index: int
) -> None:
    """A key area selected in 2024, transformed in 2025 and evaluated; the first sustained
    in 2026, the second re-emerged (and reopened when the demo day allows)."""
    area = services.key_area_select(
        actor=actor,
        data=services.KeyAreaInput(
            commune=commune,
            area_type=KeyAreaType.TYPE_II if index else KeyAreaType.TYPE_I,
            decision_number=f"{rng.randint(10, 99)}/QĐ-UBND",
            selected_on=datetime.date(2024, 2 + index, 15),
            selected_by="Chủ tịch UBND tỉnh",
            plan="Kế hoạch chuyển hóa địa bàn trọng điểm, phức tạp về ma túy",
            agencies="Công an xã, phường; UBND; Mặt trận Tổ quốc",
            note=DEMO_NOTE,
        ),
    )
    services.key_area_start(
        actor=actor, key_area=area, transforming_since=datetime.date(2024, 3 + index, 20)
    )
    transformed = min(datetime.date(2025, 6 - index, 30), yesterday)
    services.key_area_transform(actor=actor, key_area=area, transformed_on=transformed)
    services.key_area_evaluate(
        actor=actor,
        key_area=area,
        evaluated_on=transformed,
        evaluator="Tổ công tác liên ngành tỉnh",
        result=KeyAreaEvaluationResult.ACHIEVED,
        note=DEMO_NOTE,
    )
    if not index:
        services.key_area_sustain(
            actor=actor, key_area=area, sustained_on=min(datetime.date(2026, 1, 15), yesterday)
        )
        return
    re_emerged = min(datetime.date(2026, 3, 1), yesterday)
    services.key_area_re_emerge(actor=actor, key_area=area, re_emerged_on=re_emerged)
    services.key_area_evaluate(
        actor=actor,
        key_area=area,
        evaluated_on=re_emerged,
        evaluator="Tổ công tác liên ngành tỉnh",
        criteria_met=["drug_use_places", "plants", "drug_route"],
        result=KeyAreaEvaluationResult.NOT_ACHIEVED,
        note="Tái phức tạp: phát hiện trồng cây có chất ma túy",
    )
    if yesterday > re_emerged:
        services.key_area_reopen(actor=actor, key_area=area, transforming_since=yesterday)


def places_demo_ensure(
    *, communes: list[tuple[AdminUnit, Any]], seed: int = 2026, today: datetime.date | None = None
) -> PlacesDemoReport:
    """Give each (commune, its officer) the demo places, unless the commune has businesses
    already (a second run adds nothing). Returns what was added."""
    today = today or timezone.localdate()
    total = PlacesDemoReport()
    for index, (commune, actor) in enumerate(communes):
        if Business.objects.filter(commune=commune).exists():
            continue
        rng = random.Random(f"{seed}-places-{commune.code}")  # noqa: S311
        added = _commune_places(commune, actor, rng, today, index)
        for field in (
            "hotspots",
            "incidents",
            "businesses",
            "key_areas",
            "drug_free",
            "assessments",
        ):
            setattr(total, field, getattr(total, field) + getattr(added, field))
    return total
