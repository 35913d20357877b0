"""The eleven CloudCore operations: one handler per spec path, in :data:`HANDLERS`.

A handler receives a body that already passed the path's request schema, typed by the TypedDict
that datamodel-code-generator made from the same schema (``generated/models.py``), and the
account of its key. Business rules live in :mod:`orders`; handlers only pick the answer's shape.

When the spec gains an operation, add its handler here: until then the simulator answers it with
501 and logs a warning (see :func:`cloudcore_simulator.app.create_app`).

:data:`SIMULATOR_ONLY` serves what the official SDKs call beyond the contract: ``orders/quote/info``
(both SDKs' ``quoteInfo``, FACTS.md). The contract leaves it out: the documentation does not
describe it, and of its answer only one field is known (``quote``, which the Node SDK's test reads;
an unknown hash resolves without it). Its request schema is :data:`QUOTE_INFO_SCHEMA`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Final

from starlette.responses import Response

from .context import RequestContext
from .errors import ApiError
from .generated.models import (
    AddOrderRequest,
    CancelOrderRequest,
    ListOrdersRequest,
    ListProductsRequest,
    ListShippingCountriesRequest,
    ListShippingLevelsRequest,
    ListShippingStatesRequest,
    OrderInfoRequest,
    OrderLogRequest,
    ProductInfoRequest,
    QuoteRequest,
)
from .geography import country_code
from .responses import json_response, no_content, raw_json

__all__ = ["HANDLERS", "HANDLERS_MODULE", "QUOTE_INFO_SCHEMA", "SIMULATOR_ONLY", "Handler"]

Handler = Callable[[RequestContext, str, Any], Awaitable[Response]]
"""``(context, account, schema-valid body) -> response``; the body's type is the path's TypedDict."""

HANDLERS_MODULE: Final = "cloudcore_simulator/handlers.py"
"""Where a handler is added or removed, named in the errors about paths and handlers."""


async def list_orders(ctx: RequestContext, account: str, body: ListOrdersRequest) -> Response:
    summaries = await ctx.run(ctx.orders.list_orders, account)
    return json_response(summaries) if summaries else no_content()


async def order_info(ctx: RequestContext, account: str, body: OrderInfoRequest) -> Response:
    return json_response(await ctx.run(ctx.orders.info, account, body["reference"]))


async def add_order(ctx: RequestContext, account: str, body: AddOrderRequest) -> Response:
    return json_response(await ctx.run(ctx.orders.add, account, body), 201)


async def cancel_order(ctx: RequestContext, account: str, body: CancelOrderRequest) -> Response:
    answer = await ctx.run(ctx.orders.cancel, account, body["reference"])
    ctx.wake_webhooks()
    return json_response(answer)


async def order_log(ctx: RequestContext, account: str, body: OrderLogRequest) -> Response:
    rows = await ctx.run(ctx.orders.log, account, body["reference"])
    return no_content() if rows is None else json_response(rows)


async def quote_order(ctx: RequestContext, account: str, body: QuoteRequest) -> Response:
    return json_response(await ctx.run(ctx.orders.quote, account, body))


async def list_products(ctx: RequestContext, account: str, body: ListProductsRequest) -> Response:
    return raw_json(ctx.listings.products)


async def product_info(ctx: RequestContext, account: str, body: ProductInfoRequest) -> Response:
    info = ctx.listings.product_info.get(body["reference"])
    return no_content() if info is None else raw_json(info)


async def shipping_levels(ctx: RequestContext, account: str, body: ListShippingLevelsRequest) -> Response:
    return raw_json(ctx.listings.shipping_levels)


async def shipping_countries(ctx: RequestContext, account: str, body: ListShippingCountriesRequest) -> Response:
    return raw_json(ctx.listings.countries)


async def shipping_states(ctx: RequestContext, account: str, body: ListShippingStatesRequest) -> Response:
    country = body["country_reference"]
    states = ctx.listings.states.get(country_code(country))
    if states is None:
        raise ApiError(400, "invalid_country", f'country_reference: "{country}" is not a country')
    return raw_json(states)


async def quote_info(ctx: RequestContext, account: str, body: dict[str, Any]) -> Response:
    """The details of a quote hash still valid, or 204 (as ``orders/log`` and ``products/info`` answer a miss)."""
    answer = await ctx.run(ctx.orders.quote_info, account, str(body["quote"]))
    return no_content() if answer is None else json_response(answer)


HANDLERS: Final[Mapping[str, Handler]] = {
    "/orders/": list_orders,
    "/orders/info": order_info,
    "/orders/add": add_order,
    "/orders/cancel": cancel_order,
    "/orders/log": order_log,
    "/orders/quote": quote_order,
    "/products": list_products,
    "/products/info": product_info,
    "/shipping/levels": shipping_levels,
    "/shipping/countries": shipping_countries,
    "/shipping/states": shipping_states,
}

QUOTE_INFO_SCHEMA: Final[Mapping[str, Any]] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["apikey", "quote"],
    "properties": {"apikey": {"type": "string", "minLength": 1}, "quote": {"type": "string"}},
}
"""What both SDKs send to ``orders/quote/info``: the key and the hash (Node ``quoteInfo(quoteHash)``,
PHP ``OrderAction::quoteInfo``)."""

SIMULATOR_ONLY: Final[Mapping[str, tuple[Handler, Mapping[str, Any]]]] = {
    "/orders/quote/info": (quote_info, QUOTE_INFO_SCHEMA),
}
"""Paths the simulator serves beyond the contract: path -> (handler, request schema)."""
