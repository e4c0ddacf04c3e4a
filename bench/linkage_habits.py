"""Agency lists with the habits of real Vietnamese spreadsheets, made independently of the model.

`bench/linkage_synth.py` draws its persons from the demo generator, and the pretrained
parameters were estimated on its lists. This module draws its own persons (its own name
lists, with rare names and compound given names; its own ID and phone numbers, the old 9-digit
ID with its real issuing-province prefix) and writes them the way agencies do:

- births: unknown day and month as 01/01/yyyy, 1/1/yyyy or 30/06/yyyy; the year one off
  (lunar age, a slip); day and month swapped;
- names: given name first ("Thăng Lê Ngọc"), lower case, without marks, a middle name dropped or
  added, a compound given name joined ("Ngọcanh"), surname and given name only;
- IDs: the old 9-digit number in one list, the 12-digit one in another; missing;
- addresses: the commune name alone (no type, no province), the pre-2025 district + commune,
  abbreviated unit types (X., P., H., TP., T.), without marks, another commune (moved, or the
  permanent against the current residence);
- phones with spaces, dots, +84;
- many records with only a name, a birth year and a commune.

Each record carries the habits applied to it, so an evaluation can report recall per habit
(`habit_recall`). Hard negatives: households of siblings (same surname, address and phone,
years apart), fathers and sons of the same name, and namesakes drawn from common names.

    .venv/bin/python bench/linkage_habits.py --persons 8000 --seed 101 --out /tmp/linkbench/habits
"""

import argparse
import random
import sys
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

PROVINCES = ("01", "79", "40")  # Hà Nội, Hồ Chí Minh City, Nghệ An (2025 codes)
# The 12-digit ID's birth-registration code of each benchmark province, and some others.
BIRTH_CODES = {"01": "001", "79": "079", "40": "040"}
OTHER_BIRTH_CODES = ("038", "042", "036", "034", "030", "052", "075", "092", "066")

# Surnames with rough national shares (%), rare ones included so frequencies matter.
SURNAMES: tuple[tuple[str, float], ...] = (
    ("Nguyễn", 31.5), ("Trần", 11.0), ("Lê", 9.5), ("Phạm", 7.0), ("Hoàng", 4.5),
    ("Huỳnh", 2.0), ("Phan", 4.5), ("Vũ", 3.5), ("Võ", 2.0), ("Đặng", 2.1), ("Bùi", 2.0),
    ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3), ("Dương", 1.0), ("Lý", 0.5), ("Trương", 1.0),
    ("Đinh", 0.8), ("Hà", 0.6), ("Lương", 0.5), ("Cao", 0.4), ("Mai", 0.4), ("Tạ", 0.3),
    ("Quách", 0.2), ("Lò", 0.15), ("Lã", 0.1), ("Thái", 0.2), ("Chu", 0.3), ("Kiều", 0.1),
    ("Vi", 0.1), ("Khuất", 0.05), ("Tôn", 0.1), ("Mạc", 0.05), ("Triệu", 0.2), ("Đoàn", 0.6),
)  # fmt: skip
MIDDLE = {
    "M": (("Văn", 40), ("Đức", 8), ("Minh", 8), ("Hữu", 6), ("Quang", 6), ("Đình", 5),
          ("Ngọc", 3), ("Xuân", 3), ("Thanh", 4), ("Công", 4), ("Thế", 3), ("Trọng", 3),
          ("Duy", 3), ("Tuấn", 2), ("Bá", 2)),
    "F": (("Thị", 45), ("Ngọc", 8), ("Thu", 6), ("Thanh", 6), ("Minh", 4), ("Hồng", 5),
          ("Kim", 4), ("Phương", 3), ("Thùy", 3), ("Bích", 2), ("Mỹ", 2), ("Diệu", 1)),
}  # fmt: skip
GIVEN = {
    "M": (("Hùng", 6), ("Dũng", 5), ("Tuấn", 5), ("Nam", 5), ("Minh", 5), ("Cường", 4),
          ("Hải", 4), ("Long", 4), ("Sơn", 4), ("Thắng", 4), ("Quyết", 2), ("Thăng", 1),
          ("Huy", 4), ("Hoàng", 3), ("Phúc", 3), ("Quân", 3), ("Trung", 3), ("Đạt", 3),
          ("Khánh", 2), ("Lâm", 2), ("Quàng", 0.3), ("Pủa", 0.2), ("Chiến", 2), ("Tài", 2),
          ("Bình", 3), ("Hiếu", 3), ("Vinh", 2), ("Toàn", 2), ("Thành", 3), ("Kiên", 2)),
    "F": (("Lan", 5), ("Hương", 5), ("Hoa", 4), ("Mai", 4), ("Linh", 5), ("Trang", 5),
          ("Hằng", 4), ("Nga", 4), ("Thảo", 4), ("Yến", 3), ("Anh", 5), ("Hà", 4), ("Vân", 3),
          ("Nhung", 3), ("Ngân", 2), ("Dung", 3), ("Huyền", 3), ("Phượng", 2), ("Xuân", 2),
          ("Châu", 1), ("Lụa", 1), ("Mỷ", 0.3)),
}  # fmt: skip
# Given names of two words (the first is usually counted as a middle name).
COMPOUND_GIVEN = {
    "M": ("Minh Quân", "Đức Anh", "Gia Bảo", "Anh Tuấn", "Quốc Huy", "Bảo Long"),
    "F": ("Ngọc Anh", "Phương Anh", "Thùy Linh", "Minh Châu", "Bảo Ngọc", "Khánh Linh"),
}
EXTRA_MIDDLE = ("Đình", "Văn", "Hữu", "Ngọc", "Thị", "Minh")
STREETS = ("Lê Lợi", "Trần Phú", "Quang Trung", "Hai Bà Trưng", "Nguyễn Trãi", "Lý Thường Kiệt")
# Real first two digits of the old 9-digit ID (CMND) of each benchmark birth province.
CMND_PREFIX = {
    "001": "01", "079": "02", "040": "18", "038": "17", "042": "18", "036": "16",
    "034": "15", "030": "14", "052": "21", "075": "27", "092": "36", "066": "24",
}  # fmt: skip
MOBILE_PREFIXES = ("090", "091", "093", "094", "096", "097", "098", "086", "032", "035", "038")

# Per record unless stated; the name of each is the habit reported by `habit_recall`.
RATES: dict[str, float] = {
    "dob_placeholder": 0.10,  # 01/01/yyyy, 1/1/yyyy or 30/06/yyyy for an unknown day and month
    "year_off_by_one": 0.05,
    "dob_swap": 0.04,  # day and month swapped (day ≤ 12)
    "year_only": 0.20,
    "given_first": 0.06,  # "Thăng Lê Ngọc"
    "lower_case": 0.15,
    "no_marks": 0.25,  # name and address without marks
    "middle_dropped": 0.06,
    "middle_added": 0.03,
    "compound_joined": 0.03,  # "Ngọc Anh" → "Ngọcanh"
    "surname_given_only": 0.04,  # "Trương Minh" for "Trương Văn Minh"
    "old_id": 0.5,  # of copies of persons who hold a 9-digit ID
    "id_missing": 0.40,
    "id_typo": 0.02,
    "addr_commune_only": 0.15,  # "Cửa Nam" alone
    "addr_old_units": 0.20,  # pre-2025 commune + district (+ province half of the time)
    "addr_abbreviated": 0.15,  # X., P., H., TP., T.
    "addr_other_commune": 0.08,  # moved, or permanent vs current residence
    "address_missing": 0.05,
    "phone_formatted": 0.40,  # spaces, dots, +84
    "phone_missing": 0.40,  # of copies of persons with a phone
    "name_year_commune": 0.20,  # only name, birth year and commune
    "gender_missing": 0.15,
}
SOURCES: tuple[tuple[str, float], ...] = (
    ("police", 0.8),
    ("health", 0.35),
    ("social", 0.35),
    ("rehab", 0.15),
)
DUPLICATE_IN_SOURCE = 0.05
IN_REGISTRY = 0.30
SIBLINGS = 0.12  # of households: 2–3 siblings
FATHER_SON = 0.06  # of households: a father and his son of the same name (60 %) or not
HOLDS_ID = 0.85
HOLDS_OLD_ID = 0.35  # of those born by 1990
HAS_PHONE = 0.7
FULL_BIRTH = 0.8


@dataclass
class HabitPerson:
    person_id: str
    sex: str
    surname: str
    middle: str
    given: str
    year: int
    day_month: tuple[int, int] | None
    id_number: str
    old_id: str
    phone: str
    commune: object  # CommuneRef
    other_commune: object
    house: str

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.surname, self.middle, self.given) if p)


@dataclass
class HabitBenchmark:
    records: list[dict[str, str]]
    reference: list[dict[str, str]]
    truth: dict[str, str]
    habits: dict[str, tuple[str, ...]] = field(default_factory=dict)  # record_id → habits


def _pick(rng: random.Random, weighted: Sequence[tuple[str, float]]) -> str:
    return rng.choices([w[0] for w in weighted], weights=[w[1] for w in weighted])[0]


def strip_marks(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


class _Numbers:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def unique(self, make: "callable[[], str]") -> str:  # type: ignore[valid-type]
        while True:
            value = make()
            if value not in self.used:
                self.used.add(value)
                return value


def _persons(count: int, seed: int, communes: list[object]) -> list[HabitPerson]:
    rng = random.Random(f"habit-persons:{seed}")
    numbers = _Numbers(rng)
    persons: list[HabitPerson] = []

    def person(
        sex: str, surname: str, year: int, commune: object, house: str, phone: str
    ) -> HabitPerson:
        if rng.random() < 0.12:
            middle, given = _pick(rng, MIDDLE[sex]), rng.choice(COMPOUND_GIVEN[sex])
        else:
            middle, given = _pick(rng, MIDDLE[sex]), _pick(rng, GIVEN[sex])
        province = commune.province_code  # type: ignore[attr-defined]
        birth_code = (
            BIRTH_CODES.get(province, "001")
            if rng.random() < 0.8
            else rng.choice(OTHER_BIRTH_CODES)
        )
        id_number = old_id = ""
        if rng.random() < HOLDS_ID:
            century_sex = 2 * (year // 100 - 19) + (1 if sex == "F" else 0)
            head = f"{birth_code}{century_sex}{year % 100:02d}"
            id_number = numbers.unique(lambda: f"{head}{rng.randrange(10**6):06d}")
            if year <= 1990 and rng.random() < HOLDS_OLD_ID:
                prefix = CMND_PREFIX[birth_code]
                old_id = numbers.unique(lambda: f"{prefix}{rng.randrange(10**7):07d}")
        day_month = None
        if rng.random() < FULL_BIRTH:
            day_month = (rng.randint(1, 28), rng.randint(1, 12))
        other = rng.choice(communes)
        return HabitPerson(
            person_id=f"H{len(persons):07d}",
            sex=sex,
            surname=surname,
            middle=middle,
            given=given,
            year=year,
            day_month=day_month,
            id_number=id_number,
            old_id=old_id,
            phone=phone,
            commune=commune,
            other_commune=other,
            house=house,
        )

    def new_phone() -> str:
        if rng.random() >= HAS_PHONE:
            return ""
        return numbers.unique(lambda: f"{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10**7):07d}")

    while len(persons) < count:
        commune = rng.choice(communes)
        house = f"Số {rng.randint(1, 300)} {rng.choice(STREETS)}"
        surname = _pick(rng, SURNAMES)
        draw = rng.random()
        if draw < SIBLINGS:
            year = rng.randint(1965, 2005)
            phone = new_phone()
            given_names: set[str] = set()
            for _ in range(rng.choice((2, 2, 3))):
                sex = rng.choice("MF")
                sibling = person(sex, surname, year, commune, house, phone)
                while sibling.given in given_names:  # parents give each child a name
                    sibling = person(sex, surname, year, commune, house, phone)
                given_names.add(sibling.given)
                persons.append(sibling)
                year += rng.randint(1, 4)
        elif draw < SIBLINGS + FATHER_SON:
            year = rng.randint(1950, 1975)
            phone = new_phone()
            father = person("M", surname, year, commune, house, phone)
            son = person("M", surname, year + rng.randint(20, 32), commune, house, phone)
            if rng.random() < 0.6:
                son.middle, son.given = father.middle, father.given
            persons += [father, son]
        else:
            persons.append(
                person(
                    rng.choice("MF"), surname, rng.randint(1955, 2008), commune, house, new_phone()
                )
            )
    for index, item in enumerate(persons):
        item.person_id = f"H{index:07d}"
    return persons[:count]


# --- Habits -------------------------------------------------------------------------------------


def _name(person: HabitPerson, rng: random.Random, habits: list[str]) -> str:
    surname, middle, given = person.surname, person.middle.split(), person.given.split()
    if rng.random() < RATES["compound_joined"] and len(given) == 2:
        given = [given[0] + given[1].lower()]
        habits.append("compound_joined")
    if rng.random() < RATES["middle_dropped"] and middle:
        middle = middle[:-1]
        habits.append("middle_dropped")
    elif rng.random() < RATES["middle_added"]:
        extra = rng.choice([m for m in EXTRA_MIDDLE if m not in middle] or ["Đình"])
        middle = [*middle, extra]
        habits.append("middle_added")
    if rng.random() < RATES["surname_given_only"]:
        middle = []
        given = given[-1:]
        habits.append("surname_given_only")
    words = [surname, *middle, *given]
    if rng.random() < RATES["given_first"]:
        words = [*given, surname, *middle]
        habits.append("given_first")
    name = " ".join(words)
    if rng.random() < RATES["lower_case"]:
        name = name.lower()
        habits.append("lower_case")
    return name


def _dob(person: HabitPerson, rng: random.Random, habits: list[str], bare: bool) -> str:
    year = person.year
    if rng.random() < RATES["year_off_by_one"]:
        year += rng.choice((-1, 1))
        habits.append("year_off_by_one")
    if bare or person.day_month is None or rng.random() < RATES["year_only"]:
        if rng.random() < RATES["dob_placeholder"] * 3:
            habits.append("dob_placeholder")
            return rng.choice(("01/01/{}", "1/1/{}", "30/06/{}")).format(year)
        return str(year)
    if rng.random() < RATES["dob_placeholder"]:
        habits.append("dob_placeholder")
        return rng.choice(("01/01/{}", "1/1/{}", "30/06/{}")).format(year)
    day, month = person.day_month
    if rng.random() < RATES["dob_swap"] and day <= 12 and day != month:
        day, month = month, day
        habits.append("dob_swap")
    return rng.choice(
        (f"{day:02d}/{month:02d}/{year}", f"{day}/{month}/{year}", f"{year}-{month:02d}-{day:02d}")
    )


_ABBREVIATED = {
    "Xã": "X.", "Phường": "P.", "Huyện": "H.", "Quận": "Q.", "Thành phố": "TP.",
    "Tỉnh": "T.", "Thị xã": "TX.", "Thị trấn": "TT.",
}  # fmt: skip


def _abbreviate(text: str) -> str:
    for long, short in _ABBREVIATED.items():
        text = text.replace(long + " ", short + " " if short != "TP." else short)
    return text


def _bare_unit(name: str) -> str:
    for long in sorted(_ABBREVIATED, key=len, reverse=True):
        if name.startswith(long + " "):
            return name[len(long) + 1 :]
    return name


def _address(person: HabitPerson, rng: random.Random, habits: list[str]) -> str:
    if rng.random() < RATES["address_missing"]:
        return ""
    commune = person.commune
    if rng.random() < RATES["addr_other_commune"]:
        commune = person.other_commune
        habits.append("addr_other_commune")
    name = commune.name  # type: ignore[attr-defined]
    province = commune.province_name  # type: ignore[attr-defined]
    draw = rng.random()
    if draw < RATES["addr_commune_only"]:
        habits.append("addr_commune_only")
        return _bare_unit(name)
    draw -= RATES["addr_commune_only"]
    legacy = commune.legacy  # type: ignore[attr-defined]
    if draw < RATES["addr_old_units"] and legacy:
        habits.append("addr_old_units")
        old = rng.choice(legacy)
        parts = [old.commune, old.district] + ([old.province] if rng.random() < 0.5 else [])
        text = ", ".join(p for p in parts if p)
        if rng.random() < 0.5:
            text = f"{person.house}, {text}"
        return text
    draw -= RATES["addr_old_units"]
    text = f"{person.house}, {name}, {province}"
    if draw < RATES["addr_abbreviated"]:
        habits.append("addr_abbreviated")
        text = _abbreviate(text)
    return text


def _phone(person: HabitPerson, rng: random.Random, habits: list[str]) -> str:
    if not person.phone or rng.random() < RATES["phone_missing"]:
        return ""
    number = person.phone
    if rng.random() < RATES["phone_formatted"]:
        habits.append("phone_formatted")
        form = rng.random()
        if form < 0.35:
            return "+84 " + number[1:4] + " " + number[4:7] + " " + number[7:]
        if form < 0.7:
            return f"{number[:4]}.{number[4:7]}.{number[7:]}"
        return f"{number[:4]} {number[4:7]} {number[7:]}"
    return number


def _id(person: HabitPerson, rng: random.Random, habits: list[str]) -> str:
    if rng.random() < RATES["id_missing"]:
        return ""
    number = person.id_number
    if person.old_id and rng.random() < RATES["old_id"]:
        number = person.old_id
        habits.append("old_id")
    if number and rng.random() < RATES["id_typo"]:
        at = rng.randrange(6, len(number))
        number = number[:at] + str((int(number[at]) + 1) % 10) + number[at + 1 :]
    return number


def corrupt(
    person: HabitPerson, record_id: str, source: str, rng: random.Random
) -> tuple[dict[str, str], list[str]]:
    habits: list[str] = []
    bare = rng.random() < RATES["name_year_commune"]
    if bare:
        habits.append("name_year_commune")
    name = _name(person, rng, habits)
    address = _address(person, rng, habits)
    if rng.random() < RATES["no_marks"]:
        name, address = strip_marks(name), strip_marks(address)
        habits.append("no_marks")
    gender = (
        ""
        if bare or rng.random() < RATES["gender_missing"]
        else ("Nam" if person.sex == "M" else "Nữ")
    )
    row = {
        "record_id": record_id,
        "source": source,
        "full_name": name,
        "dob": _dob(person, rng, habits, bare),
        "gender": gender,
        "id_number": "" if bare else _id(person, rng, habits),
        "address": address,
        "phone": "" if bare else _phone(person, rng, habits),
    }
    return row, habits


def registry_row(person: HabitPerson, record_id: str) -> dict[str, str]:
    dob = str(person.year)
    if person.day_month:
        dob = f"{person.day_month[0]:02d}/{person.day_month[1]:02d}/{person.year}"
    commune = person.commune
    return {
        "record_id": record_id,
        "source": "registry",
        "full_name": person.full_name,
        "dob": dob,
        "gender": "Nam" if person.sex == "M" else "Nữ",
        "id_number": person.id_number,
        "address": f"{person.house}, {commune.name}, {commune.province_name}",  # type: ignore[attr-defined]
        "phone": person.phone,
    }


def generate(*, persons: int, seed: int, provinces: Sequence[str] = PROVINCES) -> HabitBenchmark:
    """Lists of `persons` true persons written with the habits above (units must be loaded)."""
    from pcmt.demo.loader import province_commune_refs

    communes = [ref for code in provinces for ref in province_commune_refs(province_code=code)]
    people = _persons(persons, seed, communes)
    rng = random.Random(f"habit-lists:{seed}")
    records: list[dict[str, str]] = []
    reference: list[dict[str, str]] = []
    truth: dict[str, str] = {}
    habits: dict[str, tuple[str, ...]] = {}
    for person in people:
        chosen = [name for name, share in SOURCES if rng.random() < share] or ["police"]
        for source in chosen:
            for _ in range(2 if rng.random() < DUPLICATE_IN_SOURCE else 1):
                record_id = f"{source[:3].upper()}{len(records):07d}"
                row, applied = corrupt(person, record_id, source, rng)
                records.append(row)
                truth[record_id] = person.person_id
                habits[record_id] = tuple(applied)
        if rng.random() < IN_REGISTRY:
            record_id = f"REG{len(reference):07d}"
            reference.append(registry_row(person, record_id))
            truth[record_id] = person.person_id
            habits[record_id] = ()
    order = list(range(len(records)))
    rng.shuffle(order)
    return HabitBenchmark([records[i] for i in order], reference, truth, habits)


def habit_recall(bench: HabitBenchmark, clusters: dict[str, str]) -> dict[str, tuple[int, float]]:
    """For each habit: (true pairs where a record carries it, share of them in one cluster)."""
    by_person: dict[str, list[str]] = {}
    for rid, person in bench.truth.items():
        by_person.setdefault(person, []).append(rid)
    total: Counter[str] = Counter()
    found: Counter[str] = Counter()
    for rids in by_person.values():
        for i, a in enumerate(rids):
            for b in rids[i + 1 :]:
                applied = set(bench.habits.get(a, ())) | set(bench.habits.get(b, ()))
                applied.add("all")
                if not (bench.habits.get(a) or bench.habits.get(b)):
                    applied.add("none")
                for habit in applied:
                    total[habit] += 1
                    found[habit] += clusters[a] == clusters[b]
    return {habit: (total[habit], found[habit] / total[habit]) for habit in sorted(total)}


def main() -> None:
    import linkage_synth as synth

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=8_000)
    parser.add_argument("--seed", type=int, default=101)
    parser.add_argument("--out", type=Path, default=synth.SCRATCH / "habits")
    parser.add_argument("--database", default=synth.DEFAULT_DB)
    args = parser.parse_args()
    synth.setup_units(args.database)
    bench = generate(persons=args.persons, seed=args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    synth.write_csv(args.out / "records.csv", bench.records)
    synth.write_csv(args.out / "reference.csv", bench.reference)
    print(f"{len(bench.records)} records, {len(bench.reference)} registry rows -> {args.out}")


if __name__ == "__main__":
    main()
