import datetime
from typing import Any

import pytest

from pcmt.accounts.models import AgencyKind, DataRole
from pcmt.reports.models import PeriodKind, ReportTemplate
from pcmt.reports.services import ReportInput, report_prepare
from tests.conftest import make_user


@pytest.fixture
def pc04(province: Any) -> Any:
    """Officer of the provincial drug unit: reviews the communes' reports."""
    return make_user("pc04", province, AgencyKind.PROVINCIAL_DRUG_UNIT, DataRole.OFFICER)


@pytest.fixture
def drug_template(db: Any) -> ReportTemplate:
    """The police's periodic drug report, shipped by the migration."""
    return ReportTemplate.objects.get(code="drug-periodic")


@pytest.fixture
def make_report(alice: Any, drug_template: ReportTemplate) -> Any:
    def _make(actor: Any = None, unit: Any = None, **overrides: Any) -> Any:
        actor = actor or alice
        values: dict[str, Any] = {
            "template": drug_template,
            "period_kind": PeriodKind.QUARTERLY,
            "year": 2025,
            "number": 1,
        }
        values.update(overrides)
        return report_prepare(
            actor=actor, unit=unit or actor.agency.unit, data=ReportInput(**values)
        )

    return _make


@pytest.fixture
def q1_2025() -> tuple[datetime.date, datetime.date]:
    return datetime.date(2025, 1, 1), datetime.date(2025, 3, 31)
