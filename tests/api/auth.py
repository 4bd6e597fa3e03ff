"""How the API tests sign in: one helper, so a change of API authentication changes one place."""

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


def auth_headers(user) -> dict[str, str]:
    """The headers an API client of `user` sends (today: a DRF token)."""
    token, _ = Token.objects.get_or_create(user=user)
    return {"Authorization": f"Token {token.key}"}


def api_client(user) -> APIClient:
    client = APIClient()
    client.credentials(**{f"HTTP_{k.upper()}": v for k, v in auth_headers(user).items()})
    return client
