"""What went wrong with one record of a batch, in words safe to store and show to staff.

A sweep or a batch task records why one row failed and goes on with the others ("one failing
record never stops a batch"). The reason names the fields a ``ValidationError`` complains about
(our messages name fields, never personal data) or else only the error's kind: an exception's
text may quote personal data, so it is never stored.
"""

from django.core.exceptions import ValidationError

MAX_LENGTH = 300


def reason_of(error: Exception) -> str:
    if isinstance(error, ValidationError):
        reason = (
            "; ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items())
            if hasattr(error, "error_dict")
            else " ".join(error.messages)
        )
    else:
        reason = type(error).__name__
    return reason[:MAX_LENGTH]
