"""Settings of the gunicorn server that bench/load.py drives: the product's settings, plus the
bench-only URL configuration (the baseline ListView) and its template. Nothing in the product reads this.

The product's settings are used as they are: DEBUG false, so Django's cached template loader is on (as
in production, whose settings module only adds HTTPS hardening). The database and Redis come from
DATABASE_URL and REDIS_URL, which load.py sets to the benchmark's own.
"""

from hca_portal.settings import *  # noqa: F403
from hca_portal.settings import BASE_DIR, DEBUG, TEMPLATES

assert not DEBUG, "measure with DEBUG off, as production runs"

ROOT_URLCONF = "bench.server_urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]
