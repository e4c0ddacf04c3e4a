"""The compulsory-rehab dossier deadline on the official calendar: the swapped days of 2026
on both sides of 1/7/2026, and the provisional Tết 2027; each with the text that sets it."""

import datetime

import pytest

from pcmt.rehab.services import compulsory_dossier_open
from pcmt.rules.services import holidays_load

D = datetime.date


@pytest.mark.parametrize(
    ("opened_on", "due", "law"),
    [
        # 1/1 is a holiday and Friday 2/1/2026 is off (swapped for Saturday 10/1).
        (D(2025, 12, 31), D(2026, 1, 9), "law_73_2021"),
        # Saturday 10/1/2026 is a working day.
        (D(2026, 1, 9), D(2026, 1, 15), "law_73_2021"),
        # Under Law 120/2025: Saturday 22/8/2026 is worked.
        (D(2026, 8, 20), D(2026, 8, 26), "law_120_2025"),
        # Monday 31/8 off (swapped), 1/9 and 2/9 National Day.
        (D(2026, 8, 27), D(2026, 9, 8), "law_120_2025"),
        # Tết 2027 (provisional): Friday 5/2 and 8–11/2/2027 off.
        (D(2027, 2, 4), D(2027, 2, 18), "law_120_2025"),
    ],
)
def test_the_dossier_is_due_in_5_official_working_days(alice, person_a, today, opened_on, due, law):
    holidays_load()
    episode = compulsory_dossier_open(actor=alice, person=person_a, opened_on=opened_on)
    assert (episode.dossier_due, episode.dossier_law_code) == (due, law)
    if law == "law_73_2021":
        assert episode.dossier_due_citation.startswith("Decree 116/2021/NĐ-CP")
    else:
        assert episode.dossier_due_citation.startswith("Law 120/2025/QH15")
