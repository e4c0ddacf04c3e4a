"""Twenty writers at once: no error and no lost update, on PostgreSQL and on SQLite.

The writers run in another process against the test database (SQLite: a file copy of it,
in WAL mode with IMMEDIATE transactions, as the embedded default runs), through the API.
"""

import datetime
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from pcmt.casework.models import DrugTest
from pcmt.persons.models import Person

pytestmark = pytest.mark.django_db(transaction=True)


def _database_url(tmp_path: Path) -> str:
    if connection.vendor == "sqlite":
        path = tmp_path / "concurrency.sqlite3"
        target = sqlite3.connect(path)
        connection.ensure_connection()
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{path}"
    database = settings.DATABASES["default"]
    return (
        f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST'] or 'localhost'}"
        f":{database['PORT'] or 5432}/{database['NAME']}"
    )


def test_twenty_writers_at_once_lose_nothing(tmp_path, register, alice):
    first = register(full_name="Nguyễn Văn Một", birth_date=datetime.date(1990, 1, 1))
    others = [
        register(full_name=f"Nguyễn Văn Hai {i}", birth_date=datetime.date(1990, 1, 2 + i))
        for i in range(10)
    ]
    initial = first.version
    url = _database_url(tmp_path)
    result = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "tests.concurrency_worker", "alice", str(first.pk)]
        + [str(p.pk) for p in others],
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=600,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["errors"] == []
    assert summary["statuses"] == {"200": 10, "201": 10}
    if connection.vendor == "sqlite":
        check = sqlite3.connect(url.removeprefix("sqlite:///"))
        aliases = check.execute(
            "select count(*) from persons_personalias where person_id = ?", (first.pk,)
        ).fetchone()[0]
        tests = check.execute("select count(*) from casework_drugtest").fetchone()[0]
        version = check.execute("select version from persons_person where id = ?", (first.pk,))
        version = version.fetchone()[0]
    else:
        aliases = Person.objects.get(pk=first.pk).aliases.count()
        tests = DrugTest.objects.count()
        version = Person.objects.get(pk=first.pk).version
    # Every writer's alias is there: none was lost to a concurrent save.
    assert aliases == 10
    assert tests == 10
    assert version == initial + 10
