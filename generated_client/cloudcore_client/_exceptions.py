# Copied verbatim from generator/runtime/_exceptions.py by `nox -s generate`: edit that file, not this one.
"""The exceptions of cloudcore_client: one hierarchy for every failure a caller can meet.

`CloudCore` and `AsyncCloudCore` raise them instead of returning error models, so that a caller
can catch exactly what it can handle (`except NotFoundError`) or everything (`except CloudCoreError`).
No message, attribute or repr holds the API key: the engine masks it before an exception is built.
"""

from __future__ import annotations

__all__ = [
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "CloudCoreError",
    "ConfigurationError",
    "ConflictError",
    "InternalServerError",
    "InvalidArgumentError",
    "NotFoundError",
    "RateLimitError",
    "ResponseTooLargeError",
    "UnexpectedStatusError",
]

#: How much of a body goes into a message: enough to diagnose, never a whole page.
EXCERPT_CHARS = 200


class CloudCoreError(Exception):
    """Base of every error the CloudCore client raises."""


class ConfigurationError(CloudCoreError, ValueError):
    """The client was built with an unusable argument: no or too short a key, a malformed base URL."""


class InvalidArgumentError(CloudCoreError, TypeError):
    """A method was called with an argument the client cannot send: a plain dict where a model is
    expected, a value JSON cannot carry. Nothing was sent."""


class APIConnectionError(CloudCoreError):
    """The API could not be reached, or the connection broke before an answer (after all retries)."""

    def __init__(self, message: str, *, operation: str | None = None) -> None:
        self.operation = operation
        super().__init__(f"{operation}: {message}" if operation else message)


class APITimeoutError(APIConnectionError):
    """No answer within the timeout, or the call's overall `deadline` passed (retries included)."""


class APIResponseValidationError(CloudCoreError):
    """A success status whose body is not the documented model (not JSON, wrong shape, field missing).

    Attributes:
        status_code: the HTTP status of the answer.
        operation: the method that was called, e.g. `get_order_info`.
        excerpt: the start of the body, key masked, for diagnosis.
    """

    def __init__(self, status_code: int, *, operation: str, reason: str, excerpt: str = "") -> None:
        self.status_code = status_code
        self.operation = operation
        self.excerpt = excerpt
        super().__init__(
            f"{operation}: HTTP {status_code} answer is not the documented model ({reason})"
            + (f": {excerpt!r}" if excerpt else "")
        )


class ResponseTooLargeError(APIResponseValidationError):
    """The answer's body is larger than the client's `max_response_bytes`; it was not read whole.

    Attributes:
        limit: the cap in bytes.
        size: the size known when the body was refused (its `Content-Length`, or the bytes counted).
    """

    def __init__(self, status_code: int, *, operation: str, limit: int, size: int) -> None:
        self.limit = limit
        self.size = size
        super().__init__(
            status_code,
            operation=operation,
            reason=f"the body exceeds max_response_bytes={limit} (at least {size} bytes); not read whole",
        )


class APIStatusError(CloudCoreError):
    """The API answered with a status that is not a success of the operation.

    Attributes:
        status_code: the HTTP status (204 when the API says "not found" with no content).
        error_type: the API's `error.type` (a snake_case code), or None when the body had none.
        info: the API's `error.info` (a human readable message), or None.
        content: the body (key masked), for diagnosis.
        operation: the method that was called, e.g. `get_order_info`.
    """

    def __init__(
        self,
        status_code: int,
        content: bytes = b"",
        *,
        error_type: str | None = None,
        info: str | None = None,
        operation: str | None = None,
    ) -> None:
        self.status_code = status_code
        self.content = content
        self.error_type = error_type
        self.info = info
        self.operation = operation
        super().__init__(self._message())

    def _message(self) -> str:
        where = f"{self.operation}: " if self.operation else ""
        if self.error_type is not None or self.info is not None:
            return f"{where}HTTP {self.status_code} {self.error_type or '-'}: {self.info or '-'}"
        preview = self.content[:EXCERPT_CHARS].decode(errors="replace")
        return f"{where}HTTP {self.status_code}" + (f": {preview}" if preview else "")


class BadRequestError(APIStatusError):
    """400: the request was invalid (missing or malformed parameters, business rule violated)."""


class AuthenticationError(APIStatusError):
    """403: the API key is missing or unknown."""


class NotFoundError(APIStatusError):
    """410 (order gone) or a 204 that the contract defines as "not found" (order log, product info)."""


class ConflictError(APIStatusError):
    """409: the order's state forbids the request (e.g. production has started)."""


class RateLimitError(APIStatusError):
    """429: still rate limited after all retries."""


class InternalServerError(APIStatusError):
    """5xx: the API failed, still after all retries."""


class UnexpectedStatusError(APIStatusError):
    """A status the contract does not document for the operation (a redirect included)."""
