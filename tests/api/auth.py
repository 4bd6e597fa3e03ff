"""How the API tests sign in: one helper, so a change of API authentication changes one place."""

from rest_framework.test import APIClient

from ..signin import api_key


def auth_headers(user) -> dict[str, str]:
    """The headers an API client of `user` sends: a key issued as the account security page does."""
    return {"Authorization": f"Token {api_key(user)}"}


def api_client(user) -> APIClient:
    client = APIClient()
    client.credentials(**{f"HTTP_{k.upper()}": v for k, v in auth_headers(user).items()})
    return client
