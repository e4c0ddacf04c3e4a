"""Users of a province, for `bench/load_test.py` (locust, headless, 127.0.0.1 only).

Officers search by name (one word, a full name, a given name alone), open a person's page,
their worklist, and record a negative drug test; supervisors open the home page (counts and
the province's worklist) and the services indicator; analysts read the counts. The runner
writes the accounts and the names to search into the file `PCMT_LOAD_PLAN` names.
"""

import json
import os
import random
import re
from pathlib import Path

import requests
from locust import HttpUser, between, task
from locust.exception import StopUser

PLAN = json.loads(Path(os.environ["PCMT_LOAD_PLAN"]).read_text(encoding="utf-8"))
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class _Account(HttpUser):
    abstract = True
    role = ""
    wait_time = between(1, 3)  # a person reading a page before the next click

    def on_start(self) -> None:
        """Log in once, outside the figures (a password hash costs the server ~1 s of CPU)."""
        session = requests.Session()
        page = session.get(f"{self.host}/login/", timeout=120)
        token = _CSRF.search(page.text)
        response = session.post(
            f"{self.host}/login/",
            {
                "username": PLAN["accounts"][self.role],
                "password": PLAN["password"],
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            allow_redirects=False,
            timeout=120,
        )
        if response.status_code != 302:
            raise StopUser
        self.client.cookies.update(session.cookies)


class Officer(_Account):
    role = "officer"
    weight = 6

    @task(4)
    def search(self) -> None:
        self.client.get("/persons/", params={"q": random.choice(PLAN["searches"])}, name="search")

    @task(3)
    def person_page(self) -> None:
        self.client.get(f"/persons/{random.choice(PLAN['persons'])}/", name="person page")

    @task(2)
    def worklist(self) -> None:
        self.client.get("/api/v1/worklist/", name="API worklist")

    @task(1)
    def drug_test(self) -> None:
        person = random.choice(PLAN["persons"])
        page = self.client.get(f"/persons/{person}/", name="person page")
        token = _CSRF.search(page.text)
        if token is None:
            return  # the page failed and is counted as such
        with self.client.post(
            f"/persons/{person}/drug-tests/",
            {
                "csrfmiddlewaretoken": token.group(1),
                "tested_on": PLAN["today"],
                "place": "Công an xã",
                "result": "negative",
                "tested_by": "Cán bộ trực",
            },
            name="drug test (write)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"drug test not saved: {response.status_code}")


class Supervisor(_Account):
    role = "supervisor"
    weight = 2

    @task(3)
    def home(self) -> None:
        self.client.get("/", name="home (supervisor)")

    @task(1)
    def indicator(self) -> None:
        self.client.get("/indicators/services/", name="services indicator")


class Analyst(_Account):
    role = "analyst"
    weight = 2

    @task(2)
    def counts(self) -> None:
        self.client.get("/", name="home (analyst counts)")

    @task(1)
    def indicator(self) -> None:
        self.client.get("/api/v1/indicators/services/", name="API services indicator")
