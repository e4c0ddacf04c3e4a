"""The load_demo and print_demo_logins commands."""

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from pcmt.demo.loader import DEMO_ACCOUNTS, DEMO_PASSWORD
from pcmt.geo.models import AdminUnit
from pcmt.persons.models import Person


def run(name: str, *args: str) -> str:
    out = StringIO()
    call_command(name, *args, stdout=out, stderr=out)
    return out.getvalue()


def test_load_demo_fails_with_a_hint_when_units_are_missing(db: Any) -> None:
    with pytest.raises(CommandError, match=r"manage\.py load_units"):
        run("load_demo", "--province", "01", "--persons", "10")


def test_load_demo_prints_the_counts_and_only_ensures_accounts_the_second_time(
    hanoi: AdminUnit,
) -> None:
    first = run("load_demo", "--province", "01", "--persons", "80", "--seed", "3")
    assert "Persons: 80 created" in first
    assert "Accounts: 7 created" in first
    second = run("load_demo", "--province", "01", "--persons", "80", "--seed", "3")
    assert "80 demo persons already exist" in second
    assert "Accounts: 0 created, 7 updated" in second
    assert Person.objects.count() == 80


def test_print_demo_logins_lists_every_account_with_password_and_url(hanoi: AdminUnit) -> None:
    run("load_demo", "--persons", "40")
    table = run("print_demo_logins")
    assert "http://127.0.0.1:8000/" in table
    for account in DEMO_ACCOUNTS:
        assert account.username in table
    assert DEMO_PASSWORD in table
    assert "Công an phường Ba Đình" in table
    assert "chỉ xem" in table
    assert "không xem hồ sơ người" in table
    assert "tổng hợp toàn quốc" in table


def test_print_demo_logins_says_to_load_the_demo_first(db: Any) -> None:
    assert "load_demo" in run("print_demo_logins")


def test_print_demo_logins_uses_the_host_and_port_the_server_listens_on(hanoi: AdminUnit) -> None:
    run("load_demo", "--persons", "20")
    table = run("print_demo_logins", "--host", "10.0.0.5", "--port", "8080")
    assert "http://10.0.0.5:8080/" in table
    assert "8000" not in table
    everywhere = run("print_demo_logins", "--host", "0.0.0.0", "--port", "9000")  # noqa: S104
    assert "http://127.0.0.1:9000/" in everywhere
