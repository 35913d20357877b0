"""A stateful stand-in for the Cloudprinter CloudCore API v1.0, for tests and local runs."""

from __future__ import annotations

from .app import create_app
from .clock import VirtualClock
from .store import StoreError
from .webhooks import WebhookConfig

__all__ = ["StoreError", "VirtualClock", "WebhookConfig", "create_app"]
