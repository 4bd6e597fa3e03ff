"""The API tests use the appeals fixtures: a case denied through the services, its people, an appeal."""

from tests.appeals.conftest import denied_case, designated, file_online, request_status  # noqa: F401
