"""Synthetic multi-agency Vietnamese lists with known identities, for the linkage benchmarks.

True persons come from the demo generator (`pcmt.demo.generator`: real surname frequencies,
Nguyễn ≈ 38 %, realistic middle and given names, households with siblings sharing surname,
address and phone, fathers and sons), with more families than the demo (hard negatives) and,
for 60 % of fathers and sons, the son carrying his father's full name. Each person then
appears in several agency lists (and sometimes twice in one), each copy corrupted at the rates
in `RATES`; a share of persons are also in the registry, written cleanly.

    .venv/bin/python bench/linkage_synth.py --persons 20000 --out /tmp/linkbench/synth

writes records.csv (the census_link input), reference.csv (the registry) and truth.csv
(record_id, person_id). Addresses use the real 2025 and pre-2025 units: the scratch database
(default <temp>/linkbench/units.sqlite3) is created and loaded on first use.
"""

import argparse
import csv
import dataclasses
import os
import random
import sys
import tempfile
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Scratch files (the units database, generated lists) live here, never in the project.
SCRATCH = Path(tempfile.gettempdir()) / "linkbench"
DEFAULT_DB = str(SCRATCH / "units.sqlite3")
PROVINCES = ("01", "79", "40")  # Hà Nội, Hồ Chí Minh City, Nghệ An (2025 codes)

# Per record (a copy of a person in one agency list) unless stated otherwise.
RATES: dict[str, float] = {
    "no_marks": 0.30,  # name and address typed without any mark (đ → d)
    "name_typo": 0.06,  # one letter inserted, deleted, replaced or two swapped
    "wrong_mark": 0.02,  # marks kept, one word's mark wrong (Hùng → Hưng)
    "western_order": 0.03,  # given name first, surname last
    "surname_variant": 0.25,  # of copies whose surname has a regional variant (Hoàng/Huỳnh, Vũ/Võ)
    "middle_missing": 0.04,
    "id_missing": 0.30,
    "id_typo": 0.04,  # one digit replaced or two swapped
    "old_id": 0.50,  # of copies of persons holding an old 9-digit ID: that one instead
    "year_only": 0.25,  # birth written as a year only (besides persons only known by year)
    "dob_missing": 0.03,
    "dob_swap": 0.02,  # day and month swapped
    "dob_year_typo": 0.02,  # one digit of the year wrong
    "gender_missing": 0.10,
    "gender_wrong": 0.01,
    "phone_missing": 0.35,  # of copies of persons with a phone
    "phone_plus84": 0.30,
    "phone_typo": 0.02,
    "old_address": 0.35,  # pre-2025 units (commune, district, old province)
    "permanent_address": 0.20,  # the registered permanent address instead of the current one
    "address_missing": 0.05,
}
# Per person: which lists they appear in (at least one), a second copy in the same list.
SOURCES: tuple[tuple[str, float], ...] = (
    ("police", 0.85),
    ("health", 0.30),
    ("social", 0.35),
    ("rehab", 0.15),
)
DUPLICATE_IN_SOURCE = 0.06
IN_REGISTRY = 0.40
SIBLINGS_SHARE = 0.12  # of generator draws: a household of 2–3 siblings
FATHER_SON_SHARE = 0.06  # of generator draws: a father and his son
SON_NAMED_AFTER_FATHER = 0.60

_TONES = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
_LETTER_MARKS = ("\u031b", "\u0302", "\u0306")
_VARIANTS = {"Hoàng": "Huỳnh", "Huỳnh": "Hoàng", "Vũ": "Võ", "Võ": "Vũ"}
_LETTERS = "abcdeghiklmnopqrstuvxy"


def setup_units(database: str = DEFAULT_DB) -> None:
    """Django on a scratch SQLite database holding the units of PROVINCES (loaded once)."""
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pcmt.settings")
    Path(database).parent.mkdir(parents=True, exist_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    from pcmt.geo.models import AdminUnit

    call_command("migrate", verbosity=0)
    if not AdminUnit.objects.exists():
        call_command("load_units", verbosity=0)


@dataclass(frozen=True)
class Person:
    person_id: str
    full_name: str
    sex: str
    birth_year: int
    birth: tuple[int, int] | None  # (day, month)
    id_number: str
    old_id: str
    phone: str
    current_address: str
    current_old: str
    permanent_address: str
    commune_code: str


def _persons(count: int, seed: int) -> list[Person]:
    from pcmt.demo import generator
    from pcmt.demo.loader import province_commune_refs

    refs = [ref for code in PROVINCES for ref in province_commune_refs(province_code=code)]
    by_id = {ref.id: ref for ref in refs}
    generator.SIBLINGS_SHARE, generator.FATHER_SON_SHARE = SIBLINGS_SHARE, FATHER_SON_SHARE
    rng = random.Random(f"people:{seed}")
    specs = list(generator.generate_persons(count=count, communes=refs, seed=seed))
    # The son named after his father: same full name, same household.
    for index, spec in enumerate(specs):
        if spec.relation == "son" and rng.random() < SON_NAMED_AFTER_FATHER:
            father = specs[index - 1]
            specs[index] = dataclasses.replace(spec, full_name=father.full_name)
    persons = []
    for index, spec in enumerate(specs):
        commune = by_id[spec.current_commune_id]
        birth = (spec.birth_date.day, spec.birth_date.month) if spec.birth_date else None
        # The generator writes a household's current address in old or new form; keep both.
        persons.append(
            Person(
                person_id=f"P{index:07d}",
                full_name=spec.full_name,
                sex=spec.sex,
                birth_year=spec.birth_year,
                birth=birth,
                id_number=spec.id_number,
                old_id=spec.old_id_number,
                phone=spec.phone,
                current_address=spec.current_address,
                current_old=_old_form(spec.current_address, commune, rng),
                permanent_address=spec.permanent_address,
                commune_code=commune.code,
            )
        )
    return persons


def _old_form(address: str, commune: object, rng: random.Random) -> str:
    """The same address written with the pre-2025 units of its commune."""
    legacy = getattr(commune, "legacy", ())
    if not legacy:
        return address
    old = rng.choice(legacy)
    local = address.split(", ")[0]
    return ", ".join(p for p in (local, old.commune, old.district, old.province) if p)


# --- Corruption ---------------------------------------------------------------------------------


def strip_marks(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 3:
        return word
    chars = list(word)
    at = rng.randrange(1, len(chars))
    kind = rng.random()
    if kind < 0.3:
        chars[at] = rng.choice(_LETTERS)
    elif kind < 0.55:
        del chars[at]
    elif kind < 0.8:
        chars.insert(at, rng.choice(_LETTERS))
    else:
        chars[at - 1], chars[at] = chars[at], chars[at - 1]
    return "".join(chars)


def _wrong_mark(word: str, rng: random.Random) -> str:
    """One mark wrong: a letter mark dropped or added (ư ↔ u, ơ ↔ o), or another tone."""
    chars = list(unicodedata.normalize("NFD", word))
    tones = [i for i, ch in enumerate(chars) if ch in _TONES]
    letter_marks = [i for i, ch in enumerate(chars) if ch in _LETTER_MARKS]
    draw = rng.random()
    if letter_marks and draw < 0.4:
        del chars[letter_marks[0]]
    elif tones and draw < 0.8:
        chars[tones[0]] = rng.choice([t for t in _TONES if t != chars[tones[0]]])
    else:
        vowels = [i for i, ch in enumerate(chars) if ch in "uo"]
        if vowels:
            chars.insert(vowels[0] + 1, "\u031b")
        elif tones:
            del chars[tones[0]]
        else:
            return word
    return unicodedata.normalize("NFC", "".join(chars))


def _name(person: Person, rng: random.Random) -> str:
    words = person.full_name.split(" ")
    if words[0] in _VARIANTS and rng.random() < RATES["surname_variant"]:
        words[0] = _VARIANTS[words[0]]
    if len(words) > 2 and rng.random() < RATES["middle_missing"]:
        words = [words[0], words[-1]]
    if rng.random() < RATES["wrong_mark"]:
        at = rng.randrange(len(words))
        words[at] = _wrong_mark(words[at], rng)
    if rng.random() < RATES["name_typo"]:
        at = rng.choice([len(words) - 1, len(words) - 1, 0, max(len(words) - 2, 0)])
        words[at] = _typo(words[at], rng)
    if rng.random() < RATES["western_order"] and len(words) > 1:
        if rng.random() < 0.6:
            words = [words[-1], *words[1:-1], words[0]]
        else:
            words = [*words[1:], words[0]]
    return " ".join(words)


def _dob(person: Person, rng: random.Random) -> str:
    if rng.random() < RATES["dob_missing"]:
        return ""
    year = person.birth_year
    if rng.random() < RATES["dob_year_typo"]:
        digits = list(str(year))
        at = rng.randrange(2, 4)
        digits[at] = str((int(digits[at]) + rng.choice([1, 9])) % 10)
        year = int("".join(digits))
    if person.birth is None or rng.random() < RATES["year_only"]:
        return str(year)
    day, month = person.birth
    if rng.random() < RATES["dob_swap"] and day <= 12:
        day, month = month, day
    form = rng.random()
    if form < 0.6:
        return f"{day:02d}/{month:02d}/{year}"
    if form < 0.9:
        return f"{year}-{month:02d}-{day:02d}"
    return f"{day}/{month}/{year}"


def _digits_typo(number: str, rng: random.Random) -> str:
    chars = list(number)
    at = rng.randrange(len(chars) - 1)
    if rng.random() < 0.7:
        chars[at] = str((int(chars[at]) + rng.randint(1, 9)) % 10)
    else:
        chars[at], chars[at + 1] = chars[at + 1], chars[at]
    return "".join(chars)


def _id(person: Person, rng: random.Random) -> str:
    if rng.random() < RATES["id_missing"]:
        return ""
    number = person.id_number
    if person.old_id and rng.random() < RATES["old_id"]:
        number = person.old_id
    if not number:
        return ""
    if rng.random() < RATES["id_typo"]:
        number = _digits_typo(number, rng)
    if rng.random() < 0.1:
        number = " ".join(number[i : i + 3] for i in range(0, len(number), 3))
    return number


def _phone(person: Person, rng: random.Random) -> str:
    if not person.phone or rng.random() < RATES["phone_missing"]:
        return ""
    number = person.phone
    if rng.random() < RATES["phone_typo"]:
        number = number[:1] + _digits_typo(number[1:], rng)
    if rng.random() < RATES["phone_plus84"]:
        return "+84 " + number[1:]
    if rng.random() < 0.2:
        return f"{number[:4]}.{number[4:7]}.{number[7:]}"
    return number


def _address(person: Person, rng: random.Random) -> str:
    if rng.random() < RATES["address_missing"]:
        return ""
    if rng.random() < RATES["permanent_address"]:
        return person.permanent_address
    if rng.random() < RATES["old_address"]:
        return person.current_old
    return person.current_address


def corrupt(person: Person, record_id: str, source: str, rng: random.Random) -> dict[str, str]:
    no_marks = rng.random() < RATES["no_marks"]
    name, address = _name(person, rng), _address(person, rng)
    if no_marks:
        name, address = strip_marks(name), strip_marks(address)
    gender = "Nam" if person.sex == "male" else "Nữ"
    if rng.random() < RATES["gender_wrong"]:
        gender = "Nữ" if gender == "Nam" else "Nam"
    if rng.random() < RATES["gender_missing"]:
        gender = ""
    return {
        "record_id": record_id,
        "source": source,
        "full_name": name,
        "dob": _dob(person, rng),
        "gender": gender,
        "id_number": _id(person, rng),
        "address": address,
        "phone": _phone(person, rng),
    }


def registry_row(person: Person, record_id: str) -> dict[str, str]:
    day_month = person.birth
    dob = f"{day_month[0]:02d}/{day_month[1]:02d}/{person.birth_year}" if day_month else ""
    return {
        "record_id": record_id,
        "source": "registry",
        "full_name": person.full_name,
        "dob": dob or str(person.birth_year),
        "gender": "Nam" if person.sex == "male" else "Nữ",
        "id_number": person.id_number,
        "address": person.current_address,
        "phone": person.phone,
    }


@dataclass
class Benchmark:
    records: list[dict[str, str]]
    reference: list[dict[str, str]]
    truth: dict[str, str]  # record_id → person_id


def generate(*, persons: int, seed: int = 7) -> Benchmark:
    """Lists of `persons` true persons, in the agency lists and the registry."""
    people = _persons(persons, seed)
    rng = random.Random(f"lists:{seed}")
    records: list[dict[str, str]] = []
    reference: list[dict[str, str]] = []
    truth: dict[str, str] = {}
    for person in people:
        chosen = [name for name, share in SOURCES if rng.random() < share] or ["police"]
        for source in chosen:
            copies = 2 if rng.random() < DUPLICATE_IN_SOURCE else 1
            for _ in range(copies):
                record_id = f"{source[:3].upper()}{len(records):07d}"
                records.append(corrupt(person, record_id, source, rng))
                truth[record_id] = person.person_id
        if rng.random() < IN_REGISTRY:
            record_id = f"REG{len(reference):07d}"
            reference.append(registry_row(person, record_id))
            truth[record_id] = person.person_id
    order = list(range(len(records)))
    rng.shuffle(order)
    return Benchmark([records[i] for i in order], reference, truth)


FIELDS = ("record_id", "source", "full_name", "dob", "gender", "id_number", "address", "phone")


def write_csv(path: Path, rows: Sequence[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)


def pairs_scores(truth: dict[str, str], predicted: dict[str, str]) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1 of predicted clusters against the true persons."""
    from collections import Counter

    def pairs(counts: Iterator[int]) -> int:
        return sum(n * (n - 1) // 2 for n in counts)

    true_pairs = pairs(iter(Counter(truth.values()).values()))
    predicted_pairs = pairs(iter(Counter(predicted[r] for r in truth).values()))
    both = pairs(iter(Counter((truth[r], predicted[r]) for r in truth).values()))
    precision = both / predicted_pairs if predicted_pairs else 1.0
    recall = both / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=SCRATCH / "synth")
    parser.add_argument("--database", default=DEFAULT_DB)
    args = parser.parse_args()
    setup_units(args.database)
    bench = generate(persons=args.persons, seed=args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    write_csv(args.out / "records.csv", bench.records)
    write_csv(args.out / "reference.csv", bench.reference)
    with (args.out / "truth.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["record_id", "person_id"])
        writer.writerows(sorted(bench.truth.items()))
    print(f"{len(bench.records)} records, {len(bench.reference)} registry rows -> {args.out}")


if __name__ == "__main__":
    main()
