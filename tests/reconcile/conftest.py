"""A round of Hà Nội with two agencies' lists and a registry person: the known answers.

Commune A's police (alice) and the provincial health department (hana) report; person_a
(Trần Văn Bình, ID 001088012345) is on record as a drug user since 10/01/2025.
"""

import datetime
from collections.abc import Callable
from typing import Any

import pytest

from pcmt.census.services import round_create, submission_upload
from pcmt.reconcile.models import LinkRun
from pcmt.reconcile.services import run_start
from tests.census.conftest import CUTOFF, csv_file, good_row, private_root, units  # noqa: F401
from tests.worker import run_worker

ADDRESS = "Phường Ba Đình, Thành phố Hà Nội"
USER = "Người sử dụng trái phép chất ma túy"


def row(name: str, birth: str, gender: str, **changes: str) -> list[str]:
    values = {"id_number": "", "phone": "", "address": ADDRESS, "category": USER}
    values.update(changes)
    return good_row(full_name=name, birth=birth, gender=gender, **values)


# (police row, expected person) — the names tell who is who.
POLICE = [
    row("Trần Văn Bình", "04/03/1988", "Nam", id_number="001088012345", phone="0912345678"),
    row("Nguyễn Văn Hùng", "1990", "Nam"),
    row("Lê Thị Mai", "12/03/1988", "Nữ"),
    row("Phạm Văn An", "1990", "Nam", phone="0987654321"),
    row("Phạm Văn Bình", "1993", "Nam", phone="0987654321"),
]
HEALTH = [
    row("Le Thi Mai", "12/03/1988", "Nu"),
    row("Nguyễn Văn Hưng", "1990", "Nam"),
    row("Tran Van Binh", "04/03/1988", "Nam", id_number="001088012345"),
]


def work() -> None:
    run_worker()


@pytest.fixture
def lists_round(units: Any, sam: Any, alice: Any, hana: Any, person_a: Any) -> Any:  # noqa: F811
    round_ = round_create(
        actor=sam,
        name="Rà soát quý IV/2025",
        cutoff_date=CUTOFF,
        deadline=CUTOFF + datetime.timedelta(days=30),
        categories=["drug_user", "dependent"],
        agencies=[alice.agency, hana.agency],
    )
    submission_upload(actor=alice, round_=round_, file=csv_file(POLICE, name="police.csv"))
    submission_upload(actor=hana, round_=round_, file=csv_file(HEALTH, name="health.csv"))
    return round_


@pytest.fixture
def linked(lists_round: Any, sam: Any) -> Callable[..., LinkRun]:
    """Run the linking through the job and the real worker; returns the finished run."""

    def _link(round_: Any = None, actor: Any = None) -> LinkRun:
        run = run_start(actor=actor or sam, round_=round_ or lists_round)
        work()
        run.refresh_from_db()
        return run

    return _link
