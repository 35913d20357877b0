"""The simulator's web page (``GET /_simulator/``) and API reference (``GET /_simulator/docs``).

A developer tool in the spirit of Stripe's test-mode dashboard or Mailpit: per account (chosen by
its API key) the orders with their timelines, the valid quotes and the webhook deliveries, and
buttons that call the control routes. ``generated/`` is written by ``nox -s generate``.
"""

from __future__ import annotations

from .routes import PAGE, web_routes

__all__ = ["PAGE", "web_routes"]
