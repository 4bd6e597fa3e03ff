"""Locust users for bench/load.py (run by it; not on its own). Every user is a logged-in caseworker
with no think time (each sends its next request as soon as the last one is answered).

The user class named on locust's command line is the scenario. `Caseworker`: a caseworker's day:
their queue tabs, all applications, case pages (with the timeline the page loads by htmx), intake
(form, then submit) and decisions (submit, then the case page it redirects to, which must carry no
error). `PageReader`: GETs of BENCH_PATHS only (the speed
ratios). A response that is not what a user would expect counts as a failure.

BENCH_LOAD_DATA names the JSON file load.py writes: session keys, case ids, decidable case ids.
"""

import json
import os
import random
from http.cookiejar import Cookie
from itertools import count
from urllib.parse import urlsplit

from locust import FastHttpUser, constant, task

DATA = json.loads(open(os.environ["BENCH_LOAD_DATA"]).read())
PAGE_PATHS = json.loads(os.environ.get("BENCH_PATHS", '["/"]'))
TABS = ("mine", "unassigned", "due_soon", "overdue", "waiting")
_sessions = count()
# One decidable case per decision, never twice (locust's users are greenlets of one process).
_decidable = list(DATA["decidable"])


class _LoggedIn(FastHttpUser):
    abstract = True
    wait_time = constant(0)

    def on_start(self):
        session = DATA["sessions"][next(_sessions) % len(DATA["sessions"])]
        self.csrf = DATA["csrf"]
        # In the client's cookie jar, so the cookies the server sets (messages) come back as a browser's do.
        host = urlsplit(self.host).hostname
        for name, value in (("sessionid", session), ("csrftoken", self.csrf)):
            self.client.cookiejar.set_cookie(
                Cookie(
                    0,
                    name,
                    value,
                    None,
                    False,
                    host,
                    False,
                    False,
                    "/",
                    True,
                    False,
                    None,
                    False,
                    None,
                    None,
                    {},
                )
            )
        self.rng = random.Random()

    def get(self, path, name, headers=None):
        with self.client.get(path, name=name, headers=headers, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")
            return r

    def post(self, path, name, data):
        headers = {"X-CSRFToken": self.csrf}
        with self.client.post(
            path, name=name, data=data, headers=headers, allow_redirects=False, catch_response=True
        ) as r:
            if r.status_code != 302:
                r.failure(f"HTTP {r.status_code} (expected a redirect)")
                return None
            return r.headers.get("Location")


class PageReader(_LoggedIn):
    @task
    def page(self):
        self.get(self.rng.choice(PAGE_PATHS), "page")


class Caseworker(_LoggedIn):
    @task(8)
    def home(self):
        self.get(f"/workspace/caseworker/?tab={self.rng.choice(TABS)}", "caseworker home (a tab)")

    @task(2)
    def all_applications(self):
        self.get(f"/cases/?page={self.rng.randint(1, 50)}", "all applications (a page)")

    @task(6)
    def case(self):
        pk = self.rng.choice(DATA["cases"])
        self.get(f"/cases/{pk}/", "case page")
        self.get(f"/workspace/cases/{pk}/timeline/", "case timeline (htmx)", headers={"HX-Request": "true"})

    @task(2)
    def intake(self):
        self.get("/cases/new/", "intake form")
        location = self.post("/cases/new/", "intake submit", DATA["intake"])
        if location:
            self.get(location, "case page (after intake)")

    @task(2)
    def decide(self):
        if not _decidable:
            return
        pk = _decidable.pop()
        location = self.post(f"/cases/{pk}/decide/", "decision submit", {"confirm": "yes"})
        if location:
            with self.client.get(
                location,
                name="case page (after decision)",
                catch_response=True,
            ) as r:
                if r.status_code != 200 or b"usa-alert--error" in r.content:
                    r.failure("the decision was refused")
