"""Pure rehab rules on top of `pcmt.rules`: age, duration ranges by kind, citations.

No database here: these functions take the LawRules of the day and plain values.
"""

import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from pcmt.rules import LawRules, MonthRange
from pcmt.rules.citations import citation_text
from pcmt.rules.post_rehab import CompletedKind

LAW_NAMES = {"law_73_2021": "Law 73/2021/QH14", "law_120_2025": "Law 120/2025/QH15"}

# Compulsory rehab is for persons aged 12 or more (Law 73/2021 art. 33 for 12 to under 18).
MINIMUM_COMPULSORY_AGE = 12
ADULT_AGE = 18

# Rehab kinds whose completion opens post-rehab management at the place of residence, by law:
# every rehab kind (Law 73/2021 art. 40; Law 120/2025 the same until a decree), see
# `pcmt.rules.post_rehab`.
POST_REHAB_AFTER: dict[str, frozenset[str]] = {
    code: frozenset(CompletedKind) for code in ("law_73_2021", "law_120_2025")
}


def law_name(code: str) -> str:
    return LAW_NAMES.get(code, code)


def age_on(birth_date: datetime.date | None, birth_year: int, day: datetime.date) -> int:
    """Full years of age on `day`. With only a birth year the person is taken as born on 31/12
    of that year: the youngest the record allows, so no one is treated as older than proven."""
    born = birth_date or datetime.date(birth_year, 12, 31)
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def duration_range(
    rules: LawRules, kind: str, *, minor: bool, repeat: bool
) -> tuple[MonthRange, str]:
    """The months the law of the day allows for a rehab kind, and the provision to cite.

    Voluntary rehab at a facility the second time uses the repeat range of home rehab: the
    law gives one first/repeat rule for voluntary rehab (Law 120/2025) and Law 73/2021 has the
    same 6–12 months for both.
    """
    law = law_name(rules.code)
    if kind == "compulsory":
        if minor:
            cite = f"{law} art. 33" if rules.code == "law_73_2021" else law
            return rules.compulsory_rehab_minor_months, cite
        cite = (
            "Law on Handling Administrative Violations art. 95"
            if rules.code == "law_73_2021"
            else law
        )
        if repeat:
            return rules.compulsory_rehab_adult_repeat_months, cite
        return rules.compulsory_rehab_adult_months, cite
    cite = f"{law} art. 30–31" if rules.code == "law_73_2021" else law
    if repeat:
        return rules.voluntary_home_rehab_repeat_months, cite
    if kind == "voluntary_facility":
        return rules.voluntary_facility_rehab_months, cite
    return rules.voluntary_home_rehab_months, cite


def duration_citation(law_code: str, kind: str, *, minor: bool, repeat: bool) -> str:
    """The provision that sets the duration of a rehab decided under the law `law_code`."""
    from pcmt.rules import LAWS

    rules = next((law for law in LAWS if law.code == law_code), None)
    if rules is None:
        return ""
    return duration_range(rules, kind, minor=minor, repeat=repeat)[1]


def dossier_citation(law_code: str) -> str:
    """The provision that sets the time limit of the compulsory-rehab dossier."""
    from pcmt.rules.deadlines import DOSSIER_CITATIONS

    return DOSSIER_CITATIONS.get(law_code, "")


def range_message(cite: str, allowed: MonthRange, *, minor: bool, repeat: bool) -> Any:
    """The field message for a duration outside the law's range."""
    who = _("a person aged 12 to under 18") if minor else _("an adult")
    times = _("a repeat rehab") if repeat else _("a first rehab")
    if allowed.minimum == allowed.maximum:
        return _("%(law)s: for %(who)s, %(times)s lasts %(months)s months.") % {
            "law": citation_text(cite),
            "who": who,
            "times": times,
            "months": allowed.minimum,
        }
    return _("%(law)s: for %(who)s, %(times)s lasts %(low)s to %(high)s months.") % {
        "law": citation_text(cite),
        "who": who,
        "times": times,
        "low": allowed.minimum,
        "high": allowed.maximum,
    }


def post_rehab_required(kind: str, law_code: str) -> bool:
    return kind in POST_REHAB_AFTER.get(law_code, frozenset())
