"""A deterministic generator of synthetic persons on record: pure Python, no database.

`generate_persons` streams `PersonSpec`s lazily, so a million persons never sit in memory.
The same seed, communes and reference date give the same persons.
"""

import bisect
import datetime
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from pcmt.core.text import fold
from pcmt.demo import names
from pcmt.persons.idnumbers import BIRTH_PROVINCE_CODES
from pcmt.persons.models import Category, Sex

_VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
_YEAR = datetime.timedelta(days=365)
# The five centrally-governed cities among the 63 old provinces.
_OLD_MUNICIPALITIES = {"001", "031", "048", "079", "092"}

# Shares of the population; the rest of the generator reads like the brief.
MALE_SHARE = 0.95
FULL_BIRTH_DATE_SHARE = 0.85
WITH_ID_SHARE = 0.90
OLD_ID_SHARE = 0.055
PHONE_SHARE = 0.70
ALIAS_SHARE = 0.10
OLD_ADDRESS_SHARE = 0.30
SIBLINGS_SHARE = 0.03
FATHER_SON_SHARE = 0.015

# (lowest age, highest age, weight): mostly 18–45, a few minors and older persons.
_AGE_BANDS: tuple[tuple[int, int, float], ...] = (
    (14, 17, 4.0),
    (18, 25, 22.0),
    (26, 35, 38.0),
    (36, 45, 24.0),
    (46, 60, 10.0),
    (61, 72, 2.0),
)


@dataclass(frozen=True, slots=True)
class LegacyPlace:
    """An old (before 1/7/2025) commune that became part of a commune, with full names."""

    commune: str
    district: str
    province: str
    province_code: str = ""


@dataclass(frozen=True, slots=True)
class CommuneRef:
    """A commune persons are generated into; names carry their type ("Phường Ba Đình")."""

    id: int
    code: str
    name: str
    province_code: str
    province_name: str = ""
    kind: str = "ward"
    legacy: tuple[LegacyPlace, ...] = ()
    villages: tuple[str, ...] = ()
    weight: float = 1.0


@dataclass(frozen=True, slots=True)
class CategorySpec:
    category: str
    start_date: datetime.date
    end_date: datetime.date | None = None
    reason: str = ""
    end_reason: str = ""


@dataclass(frozen=True, slots=True)
class PersonSpec:
    """One synthetic person, ready to be written by the loader."""

    full_name: str
    sex: str
    birth_year: int
    birth_date: datetime.date | None
    id_number: str
    old_id_number: str
    phone: str
    aliases: tuple[str, ...]
    ethnicity: str
    occupation: str
    current_commune_id: int
    current_village: str | None
    current_address: str
    permanent_commune_id: int | None
    permanent_village: str | None
    permanent_address: str
    categories: tuple[CategorySpec, ...]
    # Persons of one household share a family number; relation is "sibling", "father" or "son".
    family: int | None = None
    relation: str = ""


class _Weighted:
    """Weighted choice by bisection over cumulative weights (faster than random.choices)."""

    def __init__(self, pairs: Sequence[tuple[str, float]]) -> None:
        self.values = [value for value, _ in pairs]
        self.cumulative: list[float] = []
        total = 0.0
        for _, weight in pairs:
            total += weight
            self.cumulative.append(total)
        self.total = total

    def pick(self, rng: random.Random) -> str:
        return self.values[bisect.bisect_right(self.cumulative, rng.random() * self.total)]


@dataclass(frozen=True, slots=True)
class _Home:
    """Where a household lives; family members share it."""

    commune: CommuneRef
    village: str | None
    current_address: str
    permanent_commune_id: int | None
    permanent_village: str | None
    permanent_address: str
    birth_code: str
    phone: str


def vietnam_today() -> datetime.date:
    """Today's date in Vietnam."""
    return datetime.datetime.now(tz=_VIETNAM).date()


def with_division(word: str, name: str) -> str:
    """Prefix a unit name with its type word unless it already starts with it."""
    if not word or name.lower().startswith(word.lower() + " "):
        return name
    return f"{word} {name}"


def old_province_name(code: str) -> str:
    """The full name of an old (63-province) birth-province code, e.g. "Tỉnh Nghệ An"."""
    word = "Thành phố" if code in _OLD_MUNICIPALITIES else "Tỉnh"
    return f"{word} {BIRTH_PROVINCE_CODES[code]}"


def commune_villages(*, code: str, kind: str, seed: int = 2026) -> list[tuple[str, str]]:
    """A few (name, VillageKind value) for a commune: residential groups in wards, villages else."""
    rng = random.Random(f"villages:{seed}:{code}")
    if kind == "commune":
        chosen = rng.sample(names.VILLAGE_NAMES, rng.randint(4, 7))
        return [(f"Thôn {name}", "village") for name in chosen]
    return [(f"Tổ dân phố {number}", "residential_group") for number in range(1, rng.randint(5, 9))]


class _PersonGenerator:
    def __init__(self, *, communes: Sequence[CommuneRef], seed: int, today: datetime.date):
        self.rng = random.Random(seed)
        self.today = today
        self.communes = list(communes)
        self.commune_pick = _Weighted([(str(i), c.weight) for i, c in enumerate(self.communes)])
        self.surnames = _Weighted(names.SURNAMES)
        self.middle: dict[str, _Weighted] = {
            Sex.MALE: _Weighted(names.MALE_MIDDLE_NAMES),
            Sex.FEMALE: _Weighted(names.FEMALE_MIDDLE_NAMES),
        }
        self.double_middle: dict[str, _Weighted] = {
            Sex.MALE: _Weighted(names.MALE_DOUBLE_MIDDLE_NAMES),
            Sex.FEMALE: _Weighted(names.FEMALE_DOUBLE_MIDDLE_NAMES),
        }
        self.given: dict[str, _Weighted] = {
            Sex.MALE: _Weighted(names.MALE_GIVEN_NAMES),
            Sex.FEMALE: _Weighted(names.FEMALE_GIVEN_NAMES),
        }
        self.ethnicities = _Weighted(names.ETHNICITIES)
        self.occupations = _Weighted(names.OCCUPATIONS)
        self.minor_occupations = _Weighted(names.MINOR_OCCUPATIONS)
        self.age_band = _Weighted([(str(i), w) for i, (_, _, w) in enumerate(_AGE_BANDS)])
        self.all_birth_codes = sorted(BIRTH_PROVINCE_CODES)
        # Counters behind unique ID and phone numbers: (bucket) → (next index, offset).
        self.id_counters: dict[str, list[int]] = {}
        self.phone_counters: dict[str, list[int]] = {}
        self.old_id_counter = [0, self.rng.randrange(10**7)]

    # Numbers ------------------------------------------------------------------------------

    @staticmethod
    def _unique(
        counters: dict[str, list[int]], bucket: str, modulus: int, step: int, rng: random.Random
    ) -> int:
        # index·step + offset (mod m) with step coprime to m never repeats within a bucket.
        counter = counters.get(bucket)
        if counter is None:
            counter = counters[bucket] = [0, rng.randrange(modulus)]
        value = (counter[0] * step + counter[1]) % modulus
        counter[0] += 1
        return value

    def personal_id(self, *, birth_code: str, sex: str, birth_year: int) -> str:
        century_sex = 2 * ((birth_year // 100) - 19) + (1 if sex == Sex.FEMALE else 0)
        head = f"{birth_code}{century_sex}{birth_year % 100:02d}"
        tail = self._unique(self.id_counters, head, 10**6, 738_817, self.rng)
        return f"{head}{tail:06d}"

    def old_id(self, *, province_code: str) -> str:
        index, offset = self.old_id_counter
        self.old_id_counter[0] += 1
        return f"{province_code[:2]:0>2}{(index * 7_368_787 + offset) % 10**7:07d}"

    def phone(self) -> str:
        prefix = self.rng.choice(names.MOBILE_PREFIXES)
        tail = self._unique(self.phone_counters, prefix, 10**7, 7_368_787, self.rng)
        return f"{prefix}{tail:07d}"

    # Places -------------------------------------------------------------------------------

    def _street_part(self) -> str:
        rng = self.rng
        street = rng.choice(names.STREETS)
        road = "phố" if rng.random() < 0.6 else "đường"
        house = rng.randint(1, 250)
        form = rng.random()
        if form < 0.35:
            return f"Số {house} {road} {street}"
        if form < 0.8:
            return f"Số {house} ngõ {rng.randint(1, 400)} {road} {street}"
        return f"Số {house} ngách {rng.randint(1, 90)} ngõ {rng.randint(1, 400)} {road} {street}"

    def _local_part(self, commune: CommuneRef, village: str | None) -> str:
        rng = self.rng
        if commune.kind == "commune":
            hamlet = f"Xóm {rng.choice(names.HAMLET_NAMES)}"
            if village is None:
                return hamlet
            return f"{hamlet}, {village}" if rng.random() < 0.4 else village
        street = self._street_part()
        if village is not None and rng.random() < 0.3:
            return f"{street}, {village}"
        return street

    def _legacy(self, commune: CommuneRef) -> LegacyPlace:
        if commune.legacy:
            return self.rng.choice(commune.legacy)
        # No conversion data: a plausible old form built from the new names.
        word = names.DIVISION_WORDS.get(commune.kind, "")
        base = commune.name.removeprefix(f"{word} ") if word else commune.name
        district = names.LEGACY_DISTRICT_TYPES.get(commune.kind, "Huyện")
        return LegacyPlace(commune.name, f"{district} {base}", commune.province_name)

    def _address(self, commune: CommuneRef, local: str, *, old_form: bool) -> str:
        if old_form:
            old = self._legacy(commune)
            return ", ".join(p for p in (local, old.commune, old.district, old.province) if p)
        return ", ".join(p for p in (local, commune.name, commune.province_name) if p)

    def _own_birth_code(self, commune: CommuneRef) -> str:
        for old in commune.legacy:
            code = f"0{old.province_code}" if len(old.province_code) == 2 else old.province_code
            if code in BIRTH_PROVINCE_CODES:
                return code
        code = f"0{commune.province_code}"
        return code if code in BIRTH_PROVINCE_CODES else self.rng.choice(self.all_birth_codes)

    def _outside_address(self, code: str, own_code: str) -> str:
        rng = self.rng
        while code == own_code:
            code = rng.choice(self.all_birth_codes)
        commune, district = rng.sample(names.PLACE_NAMES, 2)
        village = rng.choice(names.VILLAGE_NAMES)
        return f"Thôn {village}, Xã {commune}, Huyện {district}, {old_province_name(code)}"

    def home(self) -> _Home:
        rng = self.rng
        commune = self.communes[int(self.commune_pick.pick(rng))]
        village = rng.choice(commune.villages) if commune.villages and rng.random() < 0.85 else None
        local = self._local_part(commune, village)
        old_form = rng.random() < OLD_ADDRESS_SHARE
        current = self._address(commune, local, old_form=old_form and rng.random() < 0.33)
        own_code = birth_code = self._own_birth_code(commune)
        if rng.random() >= 0.85:
            birth_code = rng.choice(self.all_birth_codes)
        place = rng.random()
        permanent_commune_id: int | None = commune.id
        permanent_village = village
        if place < 0.82:
            permanent = self._address(commune, local, old_form=old_form)
        elif place >= 0.94 and old_form:
            # Registered outside the province, where the person was born; always an old form.
            permanent_commune_id = None
            permanent_village = None
            permanent = self._outside_address(birth_code, own_code)
        else:
            other = self.communes[int(self.commune_pick.pick(rng))]
            permanent_commune_id = other.id
            permanent_village = None
            permanent = self._address(other, self._local_part(other, None), old_form=old_form)
        return _Home(
            commune=commune,
            village=village,
            current_address=current,
            permanent_commune_id=permanent_commune_id,
            permanent_village=permanent_village,
            permanent_address=permanent,
            birth_code=birth_code,
            phone=self.phone() if rng.random() < PHONE_SHARE else "",
        )

    # People -------------------------------------------------------------------------------

    def sex(self) -> str:
        return Sex.MALE if self.rng.random() < MALE_SHARE else Sex.FEMALE

    def middle_name(self, sex: str) -> str:
        draw = self.rng.random()
        if draw < 0.05:
            return ""
        if draw < 0.13:
            return self.double_middle[sex].pick(self.rng)
        return self.middle[sex].pick(self.rng)

    def age(self) -> int:
        low, high, _ = _AGE_BANDS[int(self.age_band.pick(self.rng))]
        return self.rng.randint(low, high)

    def birth(self, age: int) -> datetime.date:
        days = int(age * 365.25) + self.rng.randrange(365)
        return self.today - datetime.timedelta(days=days)

    def aliases(self, given: str) -> tuple[str, ...]:
        rng = self.rng
        if rng.random() >= ALIAS_SHARE:
            return ()
        chosen: list[str] = []
        for _ in range(2 if rng.random() < 0.2 else 1):
            nickname = rng.choice(names.NICKNAMES)
            alias = f"{given} {nickname}" if rng.random() < 0.45 else nickname
            if fold(alias) not in {fold(a) for a in chosen}:
                chosen.append(alias)
        return tuple(chosen)

    def person(
        self,
        *,
        home: _Home,
        sex: str,
        surname: str,
        middle: str,
        age: int,
        family: int | None = None,
        relation: str = "",
        phone: str | None = None,
    ) -> PersonSpec:
        rng = self.rng
        given = self.given[sex].pick(rng)
        full_name = " ".join(p for p in (surname, middle, given) if p)
        birth_date = self.birth(age)
        birth_year = birth_date.year
        id_number = old_id = ""
        if rng.random() < WITH_ID_SHARE:
            id_number = self.personal_id(birth_code=home.birth_code, sex=sex, birth_year=birth_year)
            # Old 9-digit cards were issued from age 14 until 2021.
            if birth_year <= 2006 and rng.random() < OLD_ID_SHARE / WITH_ID_SHARE:
                old_id = self.old_id(province_code=home.birth_code[1:])
        occupation = (self.minor_occupations if age < 18 else self.occupations).pick(rng)
        return PersonSpec(
            full_name=full_name,
            sex=sex,
            birth_year=birth_year,
            birth_date=birth_date if rng.random() < FULL_BIRTH_DATE_SHARE else None,
            id_number=id_number,
            old_id_number=old_id,
            phone=home.phone if phone is None else phone,
            aliases=self.aliases(given),
            ethnicity=self.ethnicities.pick(rng),
            occupation=occupation,
            current_commune_id=home.commune.id,
            current_village=home.village,
            current_address=home.current_address,
            permanent_commune_id=home.permanent_commune_id,
            permanent_village=home.permanent_village,
            permanent_address=home.permanent_address,
            categories=self.categories(birth_date),
            family=family,
            relation=relation,
        )

    def single(self) -> PersonSpec:
        sex = self.sex()
        return self.person(
            home=self.home(),
            sex=sex,
            surname=self.surnames.pick(self.rng),
            middle=self.middle_name(sex),
            age=self.age(),
        )

    def siblings(self, *, family: int, size: int) -> list[PersonSpec]:
        rng = self.rng
        home = self.home()
        surname = self.surnames.pick(rng)
        eldest = max(self.age(), 16 + size * 2)
        shared_middle = self.middle_name(Sex.MALE)
        people: list[PersonSpec] = []
        for index in range(size):
            sex = self.sex()
            middle = shared_middle if sex == Sex.MALE and rng.random() < 0.7 else None
            age = max(eldest - index * rng.randint(1, 4), 14)
            people.append(
                self.person(
                    home=home,
                    sex=sex,
                    surname=surname,
                    middle=self.middle_name(sex) if middle is None else middle,
                    age=age,
                    family=family,
                    relation="sibling",
                )
            )
        return people

    def father_and_son(self, *, family: int) -> list[PersonSpec]:
        rng = self.rng
        home = self.home()
        surname = self.surnames.pick(rng)
        middle = self.middle[Sex.MALE].pick(rng)
        father_age = rng.randint(42, 62)
        son_age = max(father_age - rng.randint(20, 32), 15)
        father = self.person(
            home=home,
            sex=Sex.MALE,
            surname=surname,
            middle=middle,
            age=father_age,
            family=family,
            relation="father",
        )
        son = self.person(
            home=home,
            sex=Sex.MALE,
            surname=surname,
            middle=middle,
            age=son_age,
            family=family,
            relation="son",
            phone=self.phone() if rng.random() < 0.5 else home.phone,
        )
        return [father, son]

    # Category histories -------------------------------------------------------------------

    def _date_between(self, low: datetime.date, high: datetime.date) -> datetime.date:
        if high <= low:
            return low
        return low + datetime.timedelta(days=self.rng.randint(0, (high - low).days))

    def _after(self, start: datetime.date, low_days: int, high_days: int) -> datetime.date | None:
        """A date some days after `start`, or None if it would be in the future."""
        date = start + datetime.timedelta(days=self.rng.randint(low_days, high_days))
        return date if date <= self.today else None

    def _reason(self, category: str) -> str:
        return self.rng.choice(names.START_REASONS[category])

    def _end_reason(self, kind: str) -> str:
        return self.rng.choice(names.END_REASONS[kind])

    def _managed_year(self, category: str, start: datetime.date) -> CategorySpec:
        """A one-year measure: often over by now, sometimes ended early for another reason."""
        rng = self.rng
        if start + _YEAR <= self.today and rng.random() < 0.6:
            return CategorySpec(
                category,
                start,
                start + _YEAR,
                self._reason(category),
                self._end_reason("term_ended"),
            )
        if rng.random() < 0.05:
            end = self._after(start, 20, 300)
            if end is not None:
                return CategorySpec(
                    category, start, end, self._reason(category), self._end_reason("other")
                )
        return CategorySpec(category, start, None, self._reason(category))

    def categories(self, birth_date: datetime.date) -> tuple[CategorySpec, ...]:
        rng = self.rng
        today = self.today
        # Starts fall in the last five years, never before the age of 13.
        earliest = max(today - 5 * _YEAR, birth_date + 13 * _YEAR)
        start = self._date_between(earliest, today)
        scenario = rng.random()
        if scenario < 0.30:
            return (self._managed_year(Category.DRUG_USER, start),)
        if scenario < 0.38:
            tested = self._after(start, 10, 120)
            if tested is None:
                return (
                    CategorySpec(
                        Category.SUSPECTED_USER, start, None, self._reason(Category.SUSPECTED_USER)
                    ),
                )
            return (
                CategorySpec(
                    Category.SUSPECTED_USER,
                    start,
                    tested,
                    self._reason(Category.SUSPECTED_USER),
                    self._end_reason("tested_positive"),
                ),
                self._managed_year(Category.DRUG_USER, tested),
            )
        if scenario < 0.44:
            return (
                CategorySpec(
                    Category.SUSPECTED_USER, start, None, self._reason(Category.SUSPECTED_USER)
                ),
            )
        if scenario < 0.62:
            found = self._after(start, 30, 300)
            if found is None:
                return (
                    CategorySpec(Category.DRUG_USER, start, None, self._reason(Category.DRUG_USER)),
                )
            return (
                CategorySpec(
                    Category.DRUG_USER,
                    start,
                    found,
                    self._reason(Category.DRUG_USER),
                    self._end_reason("found_dependent"),
                ),
                CategorySpec(Category.DEPENDENT, found, None, self._reason(Category.DEPENDENT)),
            )
        if scenario < 0.70:
            periods = [
                CategorySpec(Category.DEPENDENT, start, None, self._reason(Category.DEPENDENT))
            ]
            therapy = self._after(start, 0, 200)
            if therapy is not None:
                end = self._after(therapy, 60, 900) if rng.random() < 0.15 else None
                periods.append(
                    CategorySpec(
                        Category.SUBSTITUTION_THERAPY,
                        therapy,
                        end,
                        self._reason(Category.SUBSTITUTION_THERAPY),
                        "Bỏ điều trị" if end else "",
                    )
                )
            return tuple(periods)
        if scenario < 0.80:
            completed = self._after(start, 365, 730)
            if completed is None:
                return (
                    CategorySpec(Category.DEPENDENT, start, None, self._reason(Category.DEPENDENT)),
                )
            return (
                CategorySpec(
                    Category.DEPENDENT,
                    start,
                    completed,
                    self._reason(Category.DEPENDENT),
                    self._end_reason("rehab_completed"),
                ),
                self._managed_year(Category.POST_REHAB, completed),
            )
        if scenario < 0.88:
            periods = [
                CategorySpec(
                    Category.RELEASED_OFFENDER,
                    start,
                    None,
                    self._reason(Category.RELEASED_OFFENDER),
                )
            ]
            relapse = self._after(start, 60, 700) if rng.random() < 0.3 else None
            if relapse is not None:
                periods.append(self._managed_year(Category.DRUG_USER, relapse))
            return tuple(periods)
        if scenario < 0.93:
            return (
                CategorySpec(Category.HIGH_RISK, start, None, self._reason(Category.HIGH_RISK)),
            )
        if scenario < 0.98:
            flagged = self._after(start, 0, 180) or start
            return (
                CategorySpec(Category.DRUG_USER, start, None, self._reason(Category.DRUG_USER)),
                CategorySpec(
                    Category.PSYCHOSIS_RISK, flagged, None, self._reason(Category.PSYCHOSIS_RISK)
                ),
            )
        return (CategorySpec(Category.DEPENDENT, start, None, self._reason(Category.DEPENDENT)),)


def generate_persons(
    *,
    count: int,
    communes: Sequence[CommuneRef],
    seed: int = 2026,
    today: datetime.date | None = None,
) -> Iterator[PersonSpec]:
    """Stream `count` synthetic persons living in `communes` (weighted by `CommuneRef.weight`)."""
    if count < 0:
        raise ValueError("count must not be negative")
    if count and not communes:
        raise ValueError("at least one commune is needed")
    generator = _PersonGenerator(communes=communes, seed=seed, today=today or vietnam_today())
    produced = 0
    family = 0
    while produced < count:
        left = count - produced
        draw = generator.rng.random()
        if draw < SIBLINGS_SHARE and left >= 2:
            family += 1
            group = generator.siblings(family=family, size=min(generator.rng.randint(2, 3), left))
        elif draw < SIBLINGS_SHARE + FATHER_SON_SHARE and left >= 2:
            family += 1
            group = generator.father_and_son(family=family)
        else:
            group = [generator.single()]
        yield from group
        produced += len(group)
