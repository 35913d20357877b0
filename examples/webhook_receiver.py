"""A CloudSignal receiver in a few lines: Starlette, with the client's `parse_signal`.

Run: CLOUDPRINTER_WEBHOOK_KEY=... uvicorn examples.webhook_receiver:app --host 127.0.0.1 --port 9000
"""

from __future__ import annotations

import os

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from cloudcore_client.webhooks import InvalidSignalError, Signal, WebhookKeyError, parse_signal

WEBHOOK_KEY = os.environ["CLOUDPRINTER_WEBHOOK_KEY"]
received: list[Signal] = []  # stand-in for your queue or database


async def cloudsignal(request: Request) -> Response:
    try:
        signal = parse_signal(await request.body(), WEBHOOK_KEY)
    except WebhookKeyError:
        return Response(status_code=403)  # not from Cloudprinter
    except InvalidSignalError:
        return Response(status_code=400)  # not a signal at all
    # Deliveries can repeat: store idempotently, keyed by (type, order, item, datetime).
    received.append(signal)
    return Response(status_code=204)  # any known or unknown type: never make Cloudprinter retry


app = Starlette(routes=[Route("/cloudsignal", cloudsignal, methods=["POST"])])
