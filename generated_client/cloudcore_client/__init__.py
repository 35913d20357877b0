"""A client library for accessing Cloudprinter CloudCore API"""

from .client import (
    DEFAULT_BASE_URL,
    NO_RETRIES,
    ApiKey,
    AsyncCloudCore,
    AuthenticatedClient,
    Client,
    CloudCore,
    RetryPolicy,
)
from .errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    CloudCoreError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
    UnexpectedStatusError,
)

__all__ = (
    "DEFAULT_BASE_URL",
    "NO_RETRIES",
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "ApiKey",
    "AsyncCloudCore",
    "AuthenticatedClient",
    "AuthenticationError",
    "BadRequestError",
    "Client",
    "CloudCore",
    "CloudCoreError",
    "ConflictError",
    "InternalServerError",
    "NotFoundError",
    "RateLimitError",
    "RetryPolicy",
    "UnexpectedStatusError",
)
