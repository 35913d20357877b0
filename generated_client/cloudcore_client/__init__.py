# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
"""cloudcore_client: the typed client of the Cloudprinter CloudCore API v1.0.

`CloudCore` (sync) and `AsyncCloudCore` are the one way to call the API; every failure is a
`CloudCoreError`. `parse_signal` reads CloudSignal webhooks. Everything importable from here is
public API; modules whose names start with `_` are not.
"""

from ._api_key import MIN_KEY_LENGTH, ApiKey
from ._client import AsyncCloudCore, CloudCore
from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    CloudCoreError,
    ConfigurationError,
    ConflictError,
    InternalServerError,
    InvalidArgumentError,
    NotFoundError,
    RateLimitError,
    ResponseTooLargeError,
    UnexpectedStatusError,
)
from ._raw_response import RawResponse
from ._retry import NO_RETRIES, RetryPolicy
from ._settings import (
    DEFAULT_BASE_URL,
    DEFAULT_LIMITS,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_TIMEOUT,
    InsecureTransportWarning,
)
from ._version import __version__
from .webhooks import InvalidSignalError, Signal, WebhookKeyError, parse_signal

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_LIMITS",
    "DEFAULT_MAX_RESPONSE_BYTES",
    "DEFAULT_TIMEOUT",
    "MIN_KEY_LENGTH",
    "NO_RETRIES",
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "ApiKey",
    "AsyncCloudCore",
    "AuthenticationError",
    "BadRequestError",
    "CloudCore",
    "CloudCoreError",
    "ConfigurationError",
    "ConflictError",
    "InsecureTransportWarning",
    "InternalServerError",
    "InvalidArgumentError",
    "InvalidSignalError",
    "NotFoundError",
    "RateLimitError",
    "RawResponse",
    "ResponseTooLargeError",
    "RetryPolicy",
    "Signal",
    "UnexpectedStatusError",
    "WebhookKeyError",
    "__version__",
    "parse_signal",
]
