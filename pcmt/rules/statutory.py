"""Every statutory number PCMT uses, with its source and the function that applies it.

`manage.py statutory_numbers` writes `docs/statutory-numbers.md` from this registry, the page a
legal officer signs off; a test fails when that page is stale. Values of the law versions are
read from `LAWS`, so the page cannot drift from the code.
"""

from dataclasses import dataclass

from pcmt.rules import LAWS, LawRules, MonthRange, term
from pcmt.rules.deadlines import PRISON_RELEASE_CITATION, PRISON_RELEASE_VERIFICATION_WORKING_DAYS
from pcmt.rules.measures_2025 import ADULT_AGE, MINOR_FACILITIES_FROM, MINOR_MIN_AGE


@dataclass(frozen=True)
class StatutoryNumber:
    topic: str
    value: str
    law: str
    source: str
    function: str
    configurable: bool
    note: str = ""


def _months(value: MonthRange) -> str:
    if value.minimum == value.maximum:
        return f"{value.minimum} months"
    return f"{value.minimum}–{value.maximum} months"


# LawRules field -> (topic, unit, function, source by law code).
_LAW_FIELDS: list[tuple[str, str, str, str, dict[str, str]]] = [
    (
        "management_decision_working_days",
        "User-management decision by the commune chairman",
        "working days from receiving the positive result",
        "pcmt.rules.deadlines.management_decision_due",
        {
            "law_73_2021": "Law 73/2021/QH14 art. 23; Decree 105/2021/NĐ-CP",
            "law_120_2025": "Law 120/2025/QH15; Decree 105/2021/NĐ-CP until a new decree",
        },
    ),
    (
        "management_period_months",
        "User-management period",
        "months from the decision",
        "pcmt.casework.services.management_decision_issue",
        {"law_73_2021": "Law 73/2021/QH14 art. 23", "law_120_2025": "Law 120/2025/QH15"},
    ),
    (
        "voluntary_home_rehab_months",
        "Voluntary rehab at home or in the community (first time)",
        "",
        "pcmt.rehab.law.duration_range",
        {"law_73_2021": "Law 73/2021/QH14 art. 30", "law_120_2025": "Law 120/2025/QH15"},
    ),
    (
        "voluntary_home_rehab_repeat_months",
        "Voluntary rehab at home or in the community (repeat)",
        "",
        "pcmt.rehab.law.duration_range",
        {"law_73_2021": "Law 73/2021/QH14 art. 30", "law_120_2025": "Law 120/2025/QH15"},
    ),
    (
        "voluntary_facility_rehab_months",
        "Voluntary rehab at a facility",
        "",
        "pcmt.rehab.law.duration_range",
        {"law_73_2021": "Law 73/2021/QH14 art. 31", "law_120_2025": "Law 120/2025/QH15"},
    ),
    (
        "compulsory_rehab_adult_months",
        "Compulsory rehab, 18 and over (first time)",
        "",
        "pcmt.rehab.law.duration_range",
        {
            "law_73_2021": "Law on Handling Administrative Violations art. 95",
            "law_120_2025": "Law 120/2025/QH15",
        },
    ),
    (
        "compulsory_rehab_adult_repeat_months",
        "Compulsory rehab, 18 and over (repeat)",
        "",
        "pcmt.rehab.law.duration_range",
        {
            "law_73_2021": "Law on Handling Administrative Violations art. 95",
            "law_120_2025": "Law 120/2025/QH15",
        },
    ),
    (
        "compulsory_rehab_minor_months",
        "Compulsory rehab, 12 to under 18",
        "",
        "pcmt.rehab.law.duration_range",
        {
            "law_73_2021": "Law 73/2021/QH14 art. 33",
            "law_120_2025": "Law 120/2025/QH15; Law 73 art. 33 until a decree",
        },
    ),
    (
        "compulsory_dossier_working_days",
        "Compulsory-rehab dossier",
        "working days from detecting the case",
        "pcmt.rules.deadlines.compulsory_dossier_due",
        {
            "law_73_2021": "Decree 116/2021/NĐ-CP ch. V; "
            "Law on Handling Administrative Violations art. 103",
            "law_120_2025": "Law 120/2025/QH15; Decree 116/2021/NĐ-CP until a decree",
        },
    ),
    (
        "post_rehab_adult_compulsory_months",
        "Post-rehab management after compulsory rehab, adult",
        "months",
        "pcmt.rules.post_rehab.post_rehab_period",
        {
            "law_73_2021": "Law 73/2021/QH14 art. 40",
            "law_120_2025": "Law 120/2025/QH15; Law 73 art. 40 until a decree",
        },
    ),
    (
        "post_rehab_months",
        "Post-rehab management: minor after compulsory rehab, voluntary rehab, "
        "substitution therapy",
        "months",
        "pcmt.rules.post_rehab.post_rehab_period",
        {
            "law_73_2021": "Law 73/2021/QH14 art. 40",
            "law_120_2025": "Law 120/2025/QH15; Law 73 art. 40 until a decree",
        },
    ),
    (
        "move_report_hours",
        "Person reports at the new commune after moving",
        "hours",
        "pcmt.residence.deadlines.due_after",
        {"law_73_2021": "Law 73/2021/QH14 (no limit)", "law_120_2025": "Law 120/2025/QH15"},
    ),
    (
        "move_notify_hours",
        "Commune police notify the receiving commune of a move",
        "hours",
        "pcmt.residence.deadlines.due_after",
        {"law_73_2021": "Law 73/2021/QH14 (no limit)", "law_120_2025": "Law 120/2025/QH15"},
    ),
]


def _law_numbers(law: LawRules) -> list[StatutoryNumber]:
    rows = []
    for name, topic, unit, function, sources in _LAW_FIELDS:
        value = getattr(law, name)
        if value is None:
            text = "none"
        elif isinstance(value, MonthRange):
            text = _months(value)
        else:
            text = f"{value} {unit}".strip()
        rows.append(
            StatutoryNumber(
                topic,
                text,
                law.title,
                sources[law.code],
                function,
                configurable=name in law.unsure,
                note=f"rule `{name}`",
            )
        )
    return rows


LABOUR_CODE = "Bộ luật Lao động 45/2019/QH14"
# Decree 116/2021/NĐ-CP implements Law 73/2021 and stays applied under Law 120/2025 until a new
# decree replaces it.
_DECREE_116_LAWS = "Law 73/2021/QH14; Law 120/2025/QH15 until a decree"


def _fraction(value: tuple[int, int]) -> str:
    return "one half" if value == (1, 2) else f"{value[0]}/{value[1]}"


def _month_span(value: tuple[int, int]) -> str:
    return f"{value[0]}–{value[1]} months"


FIXED_NUMBERS: list[StatutoryNumber] = [
    StatutoryNumber(
        "Released drug offender: residence verified",
        f"{PRISON_RELEASE_VERIFICATION_WORKING_DAYS} working days from the prison's notice",
        "both",
        PRISON_RELEASE_CITATION,
        "pcmt.rules.deadlines.prison_release_verification_due",
        False,
        "replaces the 15-day first contact no text set",
    ),
    StatutoryNumber(
        "Youngest age for compulsory rehab; minors' regime",
        f"{MINOR_MIN_AGE} to under {ADULT_AGE} years",
        "both",
        "Law 73/2021/QH14 art. 33; Law 120/2025/QH15",
        "pcmt.rules.measures_2025.minor_facility_kinds",
        False,
    ),
    StatutoryNumber(
        "Adult for post-rehab and rehab durations",
        f"{ADULT_AGE} years",
        "both",
        "Law 73/2021/QH14 art. 33, 40",
        "pcmt.rules.post_rehab.post_rehab_period",
        False,
        "age at completion, or the minors' regime when the compulsory rehab was one",
    ),
    StatutoryNumber(
        "Time that counts toward a compulsory-rehab term",
        "days held at a facility while the dossier is prepared",
        _DECREE_116_LAWS,
        "Decree 116/2021/NĐ-CP art. 44–45",
        "pcmt.rules.term.credited_days",
        False,
        "time managed by the family at home does not count",
    ),
    StatutoryNumber(
        "Reduction of a compulsory-rehab term: part served first",
        _fraction(term.SERVED_FRACTION_FOR_RELIEF) + " of the term",
        _DECREE_116_LAWS,
        f"{term.REDUCTION_CITATION}; {term.TERM_CHANGE_LAW}(1)",
        "pcmt.rules.term.half_served",
        False,
        "time away without permission or suspended does not count; credited days do",
    ),
    StatutoryNumber(
        "Reduction for good conduct",
        _month_span(term.GOOD_CONDUCT_REDUCTION_MONTHS),
        _DECREE_116_LAWS,
        f"{term.REDUCTION_CITATION}(a)",
        "pcmt.rules.term.reduction_months_allowed",
        False,
        f"the last {term.RATED_GOOD_MONTHS} months rated good or better (the facility's "
        "assessment, not checked by PCMT)",
    ),
    StatutoryNumber(
        "Reduction for a meritorious deed",
        _month_span(term.MERIT_REDUCTION_MONTHS),
        _DECREE_116_LAWS,
        f"{term.REDUCTION_CITATION}(b)",
        "pcmt.rules.term.reduction_months_allowed",
        False,
        f"the last {term.RATED_GOOD_MONTHS} months rated good or better",
    ),
    StatutoryNumber(
        "Suspension for serious illness",
        f"inpatient treatment over {term.SUSPENSION_INPATIENT_DAYS} days; the days "
        "suspended move the planned end later",
        _DECREE_116_LAWS,
        term.SUSPENSION_CITATION,
        "pcmt.rules.term.compulsory_term",
        False,
        "the inpatient days are the court's finding, recorded as the ground",
    ),
    StatutoryNumber(
        "Back at the facility after a suspension",
        f"only when {term.RESUME_MIN_REMAINING_MONTHS} months or more remain; otherwise the "
        "remainder is exempted",
        _DECREE_116_LAWS,
        term.SUSPENSION_CITATION,
        "pcmt.rules.term.may_resume",
        False,
    ),
    StatutoryNumber(
        "Exemption of the remainder for progress or a meritorious deed",
        _fraction(term.SERVED_FRACTION_FOR_RELIEF) + " of the term served",
        _DECREE_116_LAWS,
        f"{term.EXEMPTION_CITATION}; {term.TERM_CHANGE_LAW}(1)",
        "pcmt.rules.term.half_served",
        False,
        "a dangerous illness exempts at any time",
    ),
    StatutoryNumber(
        "Exemption of the remainder, persons aged 14 to under 18",
        f"aged {term.MINOR_RELIEF_AGES[0]} to under {term.MINOR_RELIEF_AGES[1]} on the "
        f"decision date; {_fraction(term.MINOR_SERVED_FRACTION_FOR_RELIEF)} of the term served",
        _DECREE_116_LAWS,
        term.EXEMPTION_CITATION,
        "pcmt.rules.term.minor_relief_age",
        True,
        "the part served is to be confirmed against the decree's text; it is set apart "
        "(`MINOR_SERVED_FRACTION_FOR_RELIEF`) so it can change alone",
    ),
    StatutoryNumber(
        "Electronic monitoring",
        "during home rehab, substitution therapy, post-rehab; within the episode",
        "Law 120/2025/QH15",
        "Law 120/2025/QH15 (article to be confirmed)",
        "pcmt.rules.measures_2025.electronic_monitoring_term",
        False,
        "from 1/7/2026 only; ends with the episode it accompanies",
    ),
    StatutoryNumber(
        "Reform schools and qualifying public facilities for persons aged 12 to under 18",
        f"from {MINOR_FACILITIES_FROM:%d/%m/%Y}; before then a compulsory-rehab facility",
        "both",
        "Law 120/2025/QH15; Law 73/2021/QH14 art. 33",
        "pcmt.rules.measures_2025.facility_kinds",
        False,
        "the admission date decides; the regime follows the court decision's age",
    ),
    StatutoryNumber(
        "A time limit in days starts",
        "the day after the event",
        "all",
        "Civil Code 2015 art. 147",
        "pcmt.rules.calendar.add_working_days",
        False,
    ),
    StatutoryNumber(
        "Public holidays per year",
        "11 days: 1/1; 5 Tết days; 10/3 lunar; 30/4; 1/5; 2/9 and one adjacent day",
        "all",
        f"{LABOUR_CODE} art. 112(1)",
        "pcmt.rules.calendar.provisional_year",
        False,
        "which Tết and National Day days: the yearly notice; provisional until entered",
    ),
    StatutoryNumber(
        "Holiday on a weekly day off",
        "taken on the next working day",
        "all",
        f"{LABOUR_CODE} art. 111(3)",
        "pcmt.rules.calendar.provisional_year",
        False,
    ),
    StatutoryNumber(
        "Swapped days (a weekday off, a Saturday worked)",
        "only as the yearly notice sets them",
        "all",
        "Prime Minister's decision, Ministry of Home Affairs notice (e.g. 9441/TB-BNV)",
        "pcmt.rules.selectors.working_calendar",
        True,
        "entered by administrators on the calendar page",
    ),
]


def statutory_numbers() -> list[StatutoryNumber]:
    rows: list[StatutoryNumber] = []
    for law in LAWS:
        rows += _law_numbers(law)
    return rows + FIXED_NUMBERS


def render_markdown() -> str:
    """The page `docs/statutory-numbers.md` (generated: do not edit by hand)."""
    lines = [
        "# Statutory numbers",
        "",
        "Every period, time limit and age PCMT computes with, where the law sets it, and the",
        "function that applies it. *Configurable* numbers are left to decrees: administrators",
        "set them with an effective date (rule values in the administration site) or, for the",
        "calendar, on the working-day calendar page.",
        "",
        "Generated by `manage.py statutory_numbers` from `pcmt/rules/statutory.py`;",
        "do not edit by hand.",
        "",
        "| topic | value | law | source | status | function | note |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in statutory_numbers():
        status = "configurable" if row.configurable else "settled"
        lines.append(
            f"| {row.topic} | {row.value} | {row.law} | {row.source} | {status} "
            f"| `{row.function}` | {row.note} |"
        )
    return "\n".join(lines) + "\n"
