"""Twenty writers at once against a database given by DATABASE_URL (run by test_concurrency).

Usage: python -m tests.concurrency_worker <username> <person id>...
Half the writers change the first person through the API, each adding its own alias (reading
the ETag, and reading again when another writer got there first); the others record a drug
test each on the other persons. Prints a JSON summary: statuses and errors.
"""

import json
import os
import sys
import threading
from collections import Counter

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pcmt.settings")
django.setup()

from django.db import close_old_connections  # noqa: E402
from django.test import Client  # noqa: E402

from pcmt.accounts.models import User  # noqa: E402

WRITERS = 10


def main() -> None:
    username, first, *others = sys.argv[1:]
    user = User.objects.get(username=username)
    statuses: Counter[int] = Counter()
    errors: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(WRITERS + len(others))

    def note(status: int, error: str = "") -> None:
        with lock:
            statuses[status] += 1
            if error:
                errors.append(error)

    def alias_writer(index: int) -> None:
        client = Client(raise_request_exception=False, SERVER_NAME="localhost")
        client.force_login(user)
        start.wait()
        try:
            for _attempt in range(50):
                read = client.get(f"/api/v1/persons/{first}/")
                aliases = read.json()["aliases"] + [f"Biệt danh {index}"]
                response = client.patch(
                    f"/api/v1/persons/{first}/",
                    {"aliases": aliases},
                    content_type="application/json",
                    HTTP_IF_MATCH=read["ETag"],
                )
                if response.status_code != 412:
                    note(response.status_code)
                    return
            note(0, f"writer {index} never got through")
        except Exception as exc:
            note(-1, repr(exc))
        finally:
            close_old_connections()

    def test_writer(person_id: str) -> None:
        client = Client(raise_request_exception=False, SERVER_NAME="localhost")
        client.force_login(user)
        start.wait()
        try:
            response = client.post(
                f"/api/v1/persons/{person_id}/drug-tests/",
                {
                    "tested_on": "16/10/2025",
                    "place": "Công an phường",
                    "result": "positive",
                    "tested_by": "Cán bộ",
                },
                content_type="application/json",
            )
            note(
                response.status_code,
                "" if response.status_code < 500 else response.content[:200].decode(),
            )
        except Exception as exc:
            note(-1, repr(exc))
        finally:
            close_old_connections()

    threads = [threading.Thread(target=alias_writer, args=(i,)) for i in range(WRITERS)]
    threads += [threading.Thread(target=test_writer, args=(pk,)) for pk in others]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps({"statuses": dict(statuses), "errors": errors}))


if __name__ == "__main__":
    main()
