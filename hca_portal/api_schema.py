"""The API's schema: drf-spectacular's, with every operation's error responses documented in one shape.

Apart from ``hca_portal.api`` because DRF imports that module while loading its settings.
"""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse

# The one error body: each key is a field path (`household_size`, `members[0].date_of_birth`),
# `non_field_errors`, or `detail` for the request as a whole.
ERROR_SCHEMA = {
    "type": "object",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "example": {
        "household_size": ["Ensure this value is greater than or equal to 1."],
        "members[0].date_of_birth": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."],
    },
}

ERRORS = {
    400: "Each key names a bad field by its path (`detail`: a malformed body).",
    401: "No valid credentials (`detail`).",
    403: "Signed in, but not allowed (`detail`).",
    404: "No such object, or not one you may see (`detail`): both answer alike.",
    429: "Too many requests; try again later (`detail`).",
}


def error_response(status: int) -> OpenApiResponse:
    return OpenApiResponse(ERROR_SCHEMA, description=ERRORS[status])


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema, with every error response an operation can give documented."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction=direction)
        for status in ERRORS:
            responses.setdefault(
                str(status),
                self._get_response_for_code(error_response(status), str(status), direction=direction),
            )
        return responses
