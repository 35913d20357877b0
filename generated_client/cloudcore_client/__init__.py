"""A client library for accessing Cloudprinter CloudCore API"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
