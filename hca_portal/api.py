"""What every endpoint of /api/v1/ shares: one error shape, the body parser and the schema of errors.

- Errors: every error body is one map of a key to its messages, ``{"members[0].date_of_birth": [...]}``.
  The key is a field's path, ``non_field_errors`` for the body as a whole, or ``detail`` for the
  request itself (sign-in, permission, not found, malformed body). ``exception_handler`` is the one
  place where the services' errors (Django's ValidationError and PermissionDenied, Http404) become
  API errors; views let them rise.
- Bodies: ``JSONParser`` refuses a body larger than DATA_UPLOAD_MAX_MEMORY_SIZE or nested deeper
  than ``MAX_JSON_DEPTH`` before parsing it (a deep body would exhaust Python's recursion).
- Schema: ``hca_portal.api_schema.AutoSchema`` documents the error responses of every operation.
"""

from __future__ import annotations

import json
import re

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings

MAX_JSON_DEPTH = 32  # an intake body is 3 levels deep


# --- Errors -------------------------------------------------------------------------------------


def flatten_errors(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested errors as one level keyed by path: {"members[0].date_of_birth": [...]}.

    A list's items are indexed (DRF gives them as a list, or a dict keyed by index); a nested
    serializer's own errors (non_field_errors) are named by the nested field itself.
    """
    flat: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            if isinstance(key, int):
                path = f"{prefix}[{key}]"
            elif key == api_settings.NON_FIELD_ERRORS_KEY and prefix:
                path = prefix
            else:
                path = f"{prefix}.{key}" if prefix else str(key)
            flat.update(flatten_errors(value, path))
    elif isinstance(detail, list) and any(isinstance(item, (dict, list)) for item in detail):
        for index, item in enumerate(detail):
            if item:
                flat.update(flatten_errors(item, f"{prefix}[{index}]"))
    else:
        items = detail if isinstance(detail, list) else [detail]
        flat.setdefault(prefix or api_settings.NON_FIELD_ERRORS_KEY, []).extend(str(item) for item in items)
    return flat


def exception_handler(exc, context):
    """DRF's handler, after turning the services' Django errors into API errors; one error shape."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(*exc.args)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    elif isinstance(exc, RequestDataTooBig):  # Django checks the declared length when DRF reads the body
        exc = exceptions.ParseError(_too_big())
    elif isinstance(exc, (TooManyFieldsSent, TooManyFilesSent)):
        exc = exceptions.ParseError(str(exc))
    from rest_framework.views import exception_handler as drf_exception_handler  # it imports this module

    response = drf_exception_handler(exc, context)
    if response is not None:
        response.data = flatten_errors(response.data)
    return response


def not_found(request, exception=None):
    """handler404: a JSON 404 in the API's error shape under /api/ (e.g. an id that is not a UUID)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": [_("Not found.")]}, status=404)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


# --- Bodies -------------------------------------------------------------------------------------

_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_BRACKET = re.compile(rb"[\[\]{}]")


def json_depth(raw: bytes) -> int:
    """How deeply a JSON text nests its arrays and objects (brackets inside strings do not count)."""
    depth = deepest = 0
    for match in _JSON_BRACKET.finditer(_JSON_STRING.sub(b'""', raw)):
        if match[0] in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, after checking the body's size and depth (400 with a clear message)."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if stream is None:
            raw = b""
        else:
            raw = stream.read() if limit is None else stream.read(limit + 1)
        if limit is not None and len(raw) > limit:
            raise exceptions.ParseError(_too_big())
        if json_depth(raw) > MAX_JSON_DEPTH:
            raise exceptions.ParseError(
                _("The request body nests deeper than %(depth)d levels.") % {"depth": MAX_JSON_DEPTH}
            )
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            return json.loads(raw.decode(encoding), parse_constant=_no_constant)
        except (ValueError, RecursionError) as exc:
            raise exceptions.ParseError(_("The request body is not valid JSON.")) from exc


def _too_big() -> str:
    return _("The request body is larger than %(limit)d bytes.") % {
        "limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    }


def _no_constant(name):
    raise ValueError(f"{name} is not valid JSON")
