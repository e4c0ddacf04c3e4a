"""Write the demo data: agencies, accounts, villages and synthetic persons, idempotently.

`demo_load` prepares one province for a demonstration; `persons_bulk_load` writes any number
of generated persons in batches and is what the benchmarks use for a million persons.
"""

import datetime
import itertools
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import Permission
from django.db import reset_queries, transaction

from pcmt.accounts.models import Agency, AgencyKind, DataRole, User
from pcmt.audit.models import Event
from pcmt.audit.services import EventDraft, event_record_many
from pcmt.core import crypto
from pcmt.core.text import fold, fold_words, normalize_name
from pcmt.demo.generator import (
    CommuneRef,
    LegacyPlace,
    PersonSpec,
    commune_villages,
    generate_persons,
    vietnam_today,
    with_division,
)
from pcmt.demo.names import DIVISION_WORDS
from pcmt.geo.models import AdminUnit, LegacyConversion, LegacyLevel, Village
from pcmt.persons.models import (
    PERSON_STREAM,
    CategoryPeriod,
    EventAction,
    Person,
    PersonAlias,
)
from pcmt.persons.services import (
    name_words_remember,
    person_created_changes,
    person_search_fields,
)
from pcmt.persons.summaries import PERSON
from pcmt.places.demo import PlacesDemoReport, places_demo_ensure
from pcmt.plans.seeds import plan_templates_carry_forward, plan_templates_load
from pcmt.population.demo import population_demo_ensure
from pcmt.summaries.services import summaries_refresh

# The one password of every demo account; it passes the configured password validators.
DEMO_PASSWORD = "Demo@2026pcmt"  # noqa: S105
# Marks the "created" event of demo persons, so a second run can tell they exist.
DEMO_NOTE = "Dữ liệu mẫu (demo)"
# Each of the two demo communes gets this share of the persons, and at least MIN_FOCUS_PERSONS.
FOCUS_SHARE = 0.08
MIN_FOCUS_PERSONS = 60
# Rows per INSERT statement inside a batch.
_INSERT_ROWS = 1000


class UnitsNotLoaded(Exception):
    """The province or its communes are missing: `load_units` has not been run."""


@dataclass(frozen=True)
class DemoAccount:
    username: str
    last_name: str
    first_name: str
    role: str
    # "commune_a", "commune_b", or an AgencyKind of the province; "" for no agency.
    agency: str
    is_staff: bool = False


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("canbo.xa1", "Trần Văn", "Bình", DataRole.OFFICER, "commune_a"),
    DemoAccount("canbo.xa2", "Lê Minh", "Cường", DataRole.OFFICER, "commune_b"),
    DemoAccount(
        "giamsat.tinh", "Phạm Quốc", "Dũng", DataRole.SUPERVISOR, AgencyKind.PROVINCIAL_DRUG_UNIT
    ),
    DemoAccount("yte.tinh", "Nguyễn Thị", "Hạnh", DataRole.OFFICER, AgencyKind.HEALTH_DEPARTMENT),
    DemoAccount("phantich", "Hoàng Thu", "Giang", DataRole.ANALYST, AgencyKind.STEERING_COMMITTEE),
    DemoAccount(
        "c04.bocongan", "Vũ Hoàng", "Long", DataRole.ANALYST, AgencyKind.NATIONAL_DRUG_DEPARTMENT
    ),
    DemoAccount("quantri", "Đỗ Đức", "Khải", DataRole.NONE, "", is_staff=True),
)

# The administrator manages users, agencies and units; the login audit stays read-only.
ADMIN_PERMISSION_APPS = ("accounts", "geo", "rules")
_READ_ONLY_MODELS = {"loginevent"}


@dataclass(frozen=True)
class BulkLoadReport:
    persons: int
    category_periods: int
    aliases: int
    events: int
    seconds: float


@dataclass(frozen=True)
class DemoReport:
    province: str
    commune_a: str
    commune_b: str
    communes: int
    villages_created: int
    agencies_created: int
    accounts_created: int
    accounts_updated: int
    persons_existing: int
    persons: BulkLoadReport
    population_figures_created: int = 0
    plans_loaded: int = 0
    places: PlacesDemoReport = field(default_factory=PlacesDemoReport)


# Units -------------------------------------------------------------------------------------


def unit_full_name(unit: AdminUnit) -> str:
    """The unit's name with its Vietnamese type, e.g. "Phường Ba Đình", "Thành phố Hà Nội"."""
    return with_division(DIVISION_WORDS.get(unit.division_type, ""), unit.name)


def province_phrase(province: AdminUnit) -> str:
    """The province as written inside an agency name: "Thành phố Hà Nội", "tỉnh Nghệ An"."""
    if province.division_type == "municipality":
        return unit_full_name(province)
    return with_division("tỉnh", province.name)


def province_units(*, province_code: str) -> tuple[AdminUnit, list[AdminUnit]]:
    """The province and its communes in force, by code; refuses when they are not loaded."""
    province = AdminUnit.objects.provinces().filter(code=province_code).first()
    communes = (
        list(AdminUnit.objects.communes().in_force().filter(parent=province).order_by("code"))
        if province is not None
        else []
    )
    if province is None or len(communes) < 2:
        raise UnitsNotLoaded(
            f"The administrative units of province {province_code} are not loaded. "
            f"Run `python manage.py load_units` (or `load_units --province {province_code}`) first."
        )
    return province, communes


def _legacy_places(communes: Sequence[AdminUnit]) -> dict[int, list[LegacyPlace]]:
    places: dict[int, list[LegacyPlace]] = {}
    rows = (
        LegacyConversion.objects.filter(unit__in=communes, legacy_unit__level=LegacyLevel.COMMUNE)
        .select_related("legacy_unit__parent__parent")
        .order_by("unit_id", "legacy_unit__code")
    )
    for row in rows:
        old = row.legacy_unit
        district = old.parent
        province = district.parent if district is not None else None
        places.setdefault(row.unit_id, []).append(
            LegacyPlace(
                commune=with_division(old.division_type, old.name),
                district=with_division(district.division_type, district.name) if district else "",
                province=with_division(province.division_type, province.name) if province else "",
                province_code=old.province_code,
            )
        )
    return places


def province_commune_refs(
    *, province_code: str, focus: Sequence[int] = (), focus_share: float = 0.0
) -> list[CommuneRef]:
    """The province's communes for the generator, with legacy forms and village names.

    Communes in `focus` each receive about `focus_share` of the persons; the others share the rest.
    """
    province, communes = province_units(province_code=province_code)
    legacy = _legacy_places(communes)
    villages: dict[int, list[str]] = {}
    for commune_id, name in (
        Village.objects.filter(commune__in=communes, is_active=True)
        .order_by("commune_id", "name")
        .values_list("commune_id", "name")
    ):
        villages.setdefault(commune_id, []).append(name)
    focused = [c for c in communes if c.pk in set(focus)]
    others = len(communes) - len(focused)
    focus_weight = 1.0
    if focused and others and 0 < focus_share * len(focused) < 1:
        # Weight w with w / (others + k·w) = share, the others weighing 1.
        focus_weight = focus_share * others / (1 - len(focused) * focus_share)
    return [
        CommuneRef(
            id=c.pk,
            code=c.code,
            name=unit_full_name(c),
            province_code=c.province_code,
            province_name=unit_full_name(province),
            kind=c.division_type,
            legacy=tuple(legacy.get(c.pk, ())),
            villages=tuple(villages.get(c.pk, ())),
            weight=focus_weight if c in focused else 1.0,
        )
        for c in communes
    ]


def villages_ensure(*, communes: Iterable[AdminUnit], seed: int = 2026) -> int:
    """Give each commune a few villages or residential groups; return how many were new."""
    communes = list(communes)
    before = Village.objects.filter(commune__in=communes).count()
    rows = [
        Village(commune=commune, name=name, name_folded=fold(name), kind=kind)
        for commune in communes
        for name, kind in commune_villages(code=commune.code, kind=commune.division_type, seed=seed)
    ]
    Village.objects.bulk_create(rows, batch_size=_INSERT_ROWS, ignore_conflicts=True)
    return Village.objects.filter(commune__in=communes).count() - before


# Agencies and accounts ---------------------------------------------------------------------


def commune_police_name(commune: AdminUnit) -> str:
    """ "Công an phường Ba Đình", "Công an xã Sóc Sơn", "Công an đặc khu Côn Đảo"."""
    word = DIVISION_WORDS.get(commune.division_type, "").lower()
    return f"Công an {with_division(word, commune.name)}"


def provincial_agency_names(province: AdminUnit) -> dict[str, str]:
    """The demo agencies at the province, by kind."""
    where = province_phrase(province)
    return {
        AgencyKind.PROVINCIAL_DRUG_UNIT: (
            f"Phòng Cảnh sát điều tra tội phạm về ma túy (PC04) – Công an {where}"
        ),
        AgencyKind.HEALTH_DEPARTMENT: f"Sở Y tế {where}",
        AgencyKind.STEERING_COMMITTEE: f"Ban Chỉ đạo 138 {where}",
        # The national level, seated in the demo province; its reach is the country.
        AgencyKind.NATIONAL_DRUG_DEPARTMENT: (
            "Cục Cảnh sát điều tra tội phạm về ma túy (C04) – Bộ Công an"
        ),
    }


def agencies_ensure(
    *, province: AdminUnit, communes: Sequence[AdminUnit]
) -> tuple[dict[str, Agency], int]:
    """Commune police of every commune and the provincial agencies; returns them by key.

    Keys are the AgencyKind of the provincial ones and "commune_a" / "commune_b" for the
    police of the two communes with the lowest codes.
    """
    wanted = [
        Agency(name=commune_police_name(c), kind=AgencyKind.COMMUNE_POLICE, unit=c)
        for c in communes
    ] + [
        Agency(name=name, kind=kind, unit=province)
        for kind, name in provincial_agency_names(province).items()
    ]
    units = [province, *communes]
    before = Agency.objects.filter(unit__in=units).count()
    Agency.objects.bulk_create(wanted, batch_size=_INSERT_ROWS, ignore_conflicts=True)
    created = Agency.objects.filter(unit__in=units).count() - before
    by_name = {
        (a.unit_id, a.name): a for a in Agency.objects.filter(unit__in=units).select_related("unit")
    }
    agencies = {
        "commune_a": by_name[(communes[0].pk, commune_police_name(communes[0]))],
        "commune_b": by_name[(communes[1].pk, commune_police_name(communes[1]))],
    }
    for kind, name in provincial_agency_names(province).items():
        agencies[kind] = by_name[(province.pk, name)]
    return agencies, created


def _admin_permissions() -> list[Permission]:
    permissions = Permission.objects.filter(
        content_type__app_label__in=ADMIN_PERMISSION_APPS
    ).select_related("content_type")
    return [
        p
        for p in permissions
        if p.content_type.model not in _READ_ONLY_MODELS or p.codename.startswith("view_")
    ]


def accounts_ensure(*, agencies: Mapping[str, Agency]) -> tuple[dict[str, User], int, int]:
    """Create or reset the demo accounts: role, agency and the demo password."""
    users: dict[str, User] = {}
    created = updated = 0
    for account in DEMO_ACCOUNTS:
        user, is_new = User.objects.update_or_create(
            username=account.username,
            defaults={
                "first_name": account.first_name,
                "last_name": account.last_name,
                "data_role": account.role,
                "agency": agencies[account.agency] if account.agency else None,
                "is_staff": account.is_staff,
                "is_superuser": False,
                "is_active": True,
            },
        )
        # Reset every run, so the printed logins always work.
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        if account.is_staff:
            user.user_permissions.set(_admin_permissions())
        created += is_new
        updated += not is_new
        users[account.username] = user
    return users, created, updated


# Persons -----------------------------------------------------------------------------------


def _person(
    spec: PersonSpec,
    *,
    provinces: Mapping[int, int],
    villages: Mapping[tuple[int, str], int],
    actor_id: int | None,
) -> Person:
    aliases = [normalize_name(a) for a in spec.aliases]
    full_name = normalize_name(spec.full_name)
    commune_id = spec.current_commune_id
    permanent_village = (
        villages.get((spec.permanent_commune_id, spec.permanent_village))
        if spec.permanent_commune_id is not None and spec.permanent_village is not None
        else None
    )
    return Person(
        full_name=full_name,
        **person_search_fields(full_name, aliases),
        birth_date=spec.birth_date,
        birth_year=spec.birth_year,
        sex=spec.sex,
        id_number_encrypted=crypto.encrypt(spec.id_number),
        id_number_hash=crypto.lookup_hash("id", spec.id_number),
        old_id_encrypted=crypto.encrypt(spec.old_id_number),
        old_id_hash=crypto.lookup_hash("old_id", spec.old_id_number),
        phone_encrypted=crypto.encrypt(spec.phone),
        phone_hash=crypto.lookup_hash("phone", spec.phone),
        ethnicity=spec.ethnicity,
        occupation=spec.occupation,
        permanent_address=spec.permanent_address,
        permanent_commune_id=spec.permanent_commune_id,
        permanent_village_id=permanent_village,
        current_address=spec.current_address,
        current_commune_id=commune_id,
        current_village_id=(
            villages.get((commune_id, spec.current_village)) if spec.current_village else None
        ),
        managing_commune_id=commune_id,
        managing_province_id=provinces[commune_id],
        created_by_id=actor_id,
    )


def persons_bulk_load(
    *,
    count: int,
    communes: Sequence[CommuneRef],
    seed: int = 2026,
    batch_size: int = 5000,
    actors: Mapping[int, int] | None = None,
    today: datetime.date | None = None,
) -> BulkLoadReport:
    """Generate and write `count` persons in batches, one transaction per batch.

    `actors` maps a commune id to the user id recorded as creator of its persons.
    """
    started = time.perf_counter()
    actors = actors or {}
    commune_ids = [c.id for c in communes]
    provinces = {
        pk: parent_id
        for pk, parent_id in AdminUnit.objects.filter(pk__in=commune_ids).values_list(
            "pk", "parent_id"
        )
        if parent_id is not None
    }
    villages = {
        (commune_id, name): pk
        for pk, commune_id, name in Village.objects.filter(commune_id__in=commune_ids).values_list(
            "pk", "commune_id", "name"
        )
    }
    specs = generate_persons(
        count=count, communes=communes, seed=seed, today=today or vietnam_today()
    )
    known_words: set[str] = set()
    persons_written = periods_written = aliases_written = events_written = 0
    while batch := list(itertools.islice(specs, batch_size)):
        with transaction.atomic():
            people = [
                _person(
                    s,
                    provinces=provinces,
                    villages=villages,
                    actor_id=actors.get(s.current_commune_id),
                )
                for s in batch
            ]
            Person.objects.bulk_create(people, batch_size=_INSERT_ROWS)
            events: list[EventDraft] = []
            periods: list[CategoryPeriod] = []
            aliases: list[PersonAlias] = []
            names: set[str] = set()
            for spec, person in zip(batch, people, strict=True):
                actor_id = person.created_by_id
                events.append(
                    EventDraft(
                        stream=PERSON_STREAM,
                        subject_id=person.pk,
                        action=EventAction.CREATED,
                        actor=User(pk=actor_id) if actor_id else None,
                        changes=person_created_changes(
                            person,
                            secrets={
                                "id_number": spec.id_number,
                                "old_id_number": spec.old_id_number,
                                "phone": spec.phone,
                            },
                        ),
                        note=DEMO_NOTE,
                    )
                )
                periods.extend(
                    CategoryPeriod(
                        person_id=person.pk,
                        category=c.category,
                        start_date=c.start_date,
                        end_date=c.end_date,
                        reason=c.reason,
                        end_reason=c.end_reason,
                        recorded_by_id=actor_id,
                    )
                    for c in spec.categories
                )
                for raw in spec.aliases:
                    alias = normalize_name(raw)
                    aliases.append(
                        PersonAlias(person_id=person.pk, name=alias, name_folded=fold(alias))
                    )
                names.add(person.full_name)
                names.update(spec.aliases)
            event_record_many(events, batch_size=_INSERT_ROWS)
            CategoryPeriod.objects.bulk_create(periods, batch_size=_INSERT_ROWS)
            PersonAlias.objects.bulk_create(aliases, batch_size=_INSERT_ROWS)
            # The summary tables follow in the same transaction, as after any write.
            summaries_refresh(PERSON, [person.pk for person in people])
            # The vocabulary is small: only words not seen in earlier batches are sent.
            words = {w for name in names for w in fold_words(name)} - known_words
            name_words_remember(sorted(words))
            known_words |= words
        # With DEBUG on, Django keeps every query's SQL: a million persons would fill the memory.
        reset_queries()
        persons_written += len(people)
        periods_written += len(periods)
        aliases_written += len(aliases)
        events_written += len(events)
    return BulkLoadReport(
        persons=persons_written,
        category_periods=periods_written,
        aliases=aliases_written,
        events=events_written,
        seconds=time.perf_counter() - started,
    )


def demo_persons_count(*, province: AdminUnit) -> int:
    """How many demo persons the province already has."""
    return Event.objects.filter(
        stream=PERSON_STREAM,
        action=EventAction.CREATED,
        note=DEMO_NOTE,
        subject_id__in=Person.objects.filter(managing_province=province).values("pk"),
    ).count()


def demo_load(
    *,
    province_code: str = "01",
    persons: int = 2000,
    seed: int = 2026,
    batch_size: int = 5000,
    today: datetime.date | None = None,
) -> DemoReport:
    """Prepare a province for a demonstration; a second run only re-ensures the accounts."""
    province, communes = province_units(province_code=province_code)
    commune_a, commune_b = communes[0], communes[1]
    with transaction.atomic():
        agencies, agencies_created = agencies_ensure(province=province, communes=communes)
        users, accounts_created, accounts_updated = accounts_ensure(agencies=agencies)
        villages_created = villages_ensure(communes=communes, seed=seed)
        population_created = population_demo_ensure(communes=communes, seed=seed)
        existing = demo_persons_count(province=province)
        loaded = BulkLoadReport(persons=0, category_periods=0, aliases=0, events=0, seconds=0.0)
        if not existing and persons > 0:
            share = min(max(FOCUS_SHARE, MIN_FOCUS_PERSONS * 1.3 / persons), 0.4)
            refs = province_commune_refs(
                province_code=province_code,
                focus=[commune_a.pk, commune_b.pk],
                focus_share=share,
            )
            loaded = persons_bulk_load(
                count=persons,
                communes=refs,
                seed=seed,
                batch_size=batch_size,
                actors={commune_a.pk: users["canbo.xa1"].pk, commune_b.pk: users["canbo.xa2"].pk},
                today=today,
            )
        places = places_demo_ensure(
            communes=[(commune_a, users["canbo.xa1"]), (commune_b, users["canbo.xa2"])],
            seed=seed,
            today=today,
        )
        plans_loaded = plan_templates_load(province=province)
        plans_loaded += plan_templates_carry_forward(
            province=province, year=(today or vietnam_today()).year
        )
    return DemoReport(
        province=unit_full_name(province),
        commune_a=unit_full_name(commune_a),
        commune_b=unit_full_name(commune_b),
        communes=len(communes),
        villages_created=villages_created,
        agencies_created=agencies_created,
        accounts_created=accounts_created,
        accounts_updated=accounts_updated,
        persons_existing=existing,
        persons=loaded,
        population_figures_created=population_created,
        places=places,
        plans_loaded=plans_loaded,
    )
