"""Law 73/2021/QH14 on drug prevention and control, in force 1/1/2022 – 30/6/2026.

Implementing texts: Decree 105/2021/NĐ-CP (users), Decree 116/2021/NĐ-CP (rehab, post-rehab),
Decree 109/2021/NĐ-CP and Circular 18/2021/TT-BYT (addiction determination).
"""

import datetime

from pcmt.rules.base import DETERMINATION_TRIGGERS, EARLY_END_REASONS, LawRules, MonthRange

LAW_73_2021 = LawRules(
    code="law_73_2021",
    title="Luật Phòng, chống ma túy số 73/2021/QH14",
    effective_from=datetime.date(2022, 1, 1),
    effective_to=datetime.date(2026, 7, 1),
    # Decree 105/2021/NĐ-CP: the chairman decides within 3 working days of the positive result.
    management_decision_working_days=3,
    # Law 73/2021 art. 23(2): management lasts one year from the chairman's decision.
    management_period_months=12,
    # Law 73/2021 art. 23(3): reasons that end the management early.
    management_early_end_reasons=EARLY_END_REASONS,
    # Law 73/2021 art. 27: cases in which the addiction must be determined.
    determination_triggers=DETERMINATION_TRIGGERS,
    # Law 73/2021 art. 30: voluntary rehab at home or in the community, 6 to 12 months.
    voluntary_home_rehab_months=MonthRange(6, 12),
    voluntary_home_rehab_repeat_months=MonthRange(6, 12),
    # Law 73/2021 art. 31: voluntary rehab at a facility, 6 to 12 months.
    voluntary_facility_rehab_months=MonthRange(6, 12),
    # Law on Handling Administrative Violations art. 95: compulsory rehab, 12 to 24 months.
    compulsory_rehab_adult_months=MonthRange(12, 24),
    compulsory_rehab_adult_repeat_months=MonthRange(12, 24),
    # Law 73/2021 art. 33: persons aged 12 to under 18, 6 to 12 months, decided by the court.
    compulsory_rehab_minor_months=MonthRange(6, 12),
    # Decree 116/2021/NĐ-CP: the compulsory-rehab dossier within 5 working days of detection.
    compulsory_dossier_working_days=5,
    # Law 73/2021 art. 40: post-rehab management, 1 year (minors after compulsory rehab,
    # voluntary rehab, substitution therapy).
    post_rehab_months=12,
    # Law 73/2021 art. 40: post-rehab management, 2 years for an adult after compulsory rehab.
    post_rehab_adult_compulsory_months=24,
    # Law 73/2021 sets no time limit for reporting a change of residence.
    move_report_hours=None,
    move_notify_hours=None,
    unsure=frozenset(),
)
