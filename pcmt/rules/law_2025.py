"""Law 120/2025/QH15 on drug prevention and control, in force from 1/7/2026.

Its implementing decrees may lag: the values marked unsure are configurable by
administrators with an effective date (RuleOverride).
"""

import dataclasses
import datetime

from pcmt.rules.base import MonthRange
from pcmt.rules.law_2021 import LAW_73_2021

LAW_120_2025 = dataclasses.replace(
    LAW_73_2021,
    code="law_120_2025",
    title="Luật Phòng, chống ma túy số 120/2025/QH15",
    effective_from=datetime.date(2026, 7, 1),
    effective_to=None,
    # Law 120/2025: the commune chairman decides; the time limit follows Law 73 until a decree
    # says otherwise.
    management_decision_working_days=3,
    # Law 120/2025: management lasts one year from the decision.
    management_period_months=12,
    # Law 120/2025: rehab lasts 24 months the first time, 36 months from the second time;
    # whether this covers voluntary rehab is unsure.
    voluntary_home_rehab_months=MonthRange(24, 24),
    voluntary_home_rehab_repeat_months=MonthRange(36, 36),
    voluntary_facility_rehab_months=MonthRange(24, 24),
    compulsory_rehab_adult_months=MonthRange(24, 24),
    compulsory_rehab_adult_repeat_months=MonthRange(36, 36),
    # Law 120/2025: persons aged 12 to under 18 go to reform schools or qualifying public
    # facilities; the duration follows Law 73/2021 art. 33 (6 to 12 months) until a decree.
    compulsory_rehab_minor_months=MonthRange(6, 12),
    # Law 120/2025: a user reports at the new commune within 24 hours of moving, and the commune
    # police notify the receiving commune within 24 hours.
    move_report_hours=24,
    move_notify_hours=24,
    # Law 120/2025: post-rehab management stays as under Law 73/2021 art. 40 (2 years for an
    # adult after compulsory rehab, 1 year otherwise) until a decree says otherwise.
    post_rehab_months=12,
    post_rehab_adult_compulsory_months=24,
    unsure=frozenset(
        {
            "management_decision_working_days",
            "determination_triggers",
            "voluntary_home_rehab_months",
            "voluntary_home_rehab_repeat_months",
            "voluntary_facility_rehab_months",
            "compulsory_rehab_adult_months",
            "compulsory_rehab_adult_repeat_months",
            "compulsory_rehab_minor_months",
            "compulsory_dossier_working_days",
            "post_rehab_months",
            "post_rehab_adult_compulsory_months",
        }
    ),
)
