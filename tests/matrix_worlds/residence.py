"""Residence moves in the jurisdiction matrix: commune A's person moving to another province.

The receiving commune has no persona, so the personas reach the move exactly as they reach
the person: alice, sam and hana on the sending side, nobody else.
"""

import datetime
from typing import Any

from pcmt.residence.services import move_notify, move_record
from tests.conftest import make_unit

WRITE_ROUTES = {
    "move_add",
    "move_notify",
    "move_accept",
    "move_cancel",
    "move_refuse",
    "api_move_record",
    "api_move_notify",
    "api_move_accept",
    "api_move_cancel",
    "api_move_refuse",
}
PERSON_PARAMS = {"move_pk"}


def build(context: dict[str, Any]) -> dict[str, Any]:
    elsewhere = make_unit("26734", "Sài Gòn", make_unit("79", "Hồ Chí Minh"))
    move = move_record(
        actor=context["officer"],
        person=context["person"],
        to_commune=elsewhere,
        moved_on=datetime.date(2026, 7, 1),
        new_address="12 Lê Lợi",
    )
    move_notify(actor=context["officer"], move=move)
    return {"move_pk": move.pk}
