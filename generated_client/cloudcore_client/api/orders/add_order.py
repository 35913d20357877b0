from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.add_order_request import AddOrderRequest
from ...models.add_order_response import AddOrderResponse
from ...models.api_error import ApiError
from ...types import Response


def _get_kwargs(
    *,
    body: AddOrderRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/orders/add",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AddOrderResponse | ApiError | None:
    if response.status_code == 201:
        response_201 = AddOrderResponse.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = ApiError.from_dict(response.json())

        return response_400

    if response.status_code == 403:
        response_403 = ApiError.from_dict(response.json())

        return response_403

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AddOrderResponse | ApiError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: AddOrderRequest,
) -> Response[AddOrderResponse | ApiError]:
    """Add order

     Add a new order including one or more items, addresses, options and files.

    Files are added with a URL from where Cloudprinter can fetch the files when the order has
    been accepted. A TLS encrypted HTTPS connection, an access key in the query string and a
    network access control list are recommended.

    Each item carries either a `shipping_level` or a `quote` hash from `orders/quote`; an item
    that is a reorder (`reorder_cause` set) needs neither. The order `reference` must be unique
    among all orders of the account; item references are unique within the order.

    Args:
        body (AddOrderRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AddOrderResponse | ApiError]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: AddOrderRequest,
) -> AddOrderResponse | ApiError | None:
    """Add order

     Add a new order including one or more items, addresses, options and files.

    Files are added with a URL from where Cloudprinter can fetch the files when the order has
    been accepted. A TLS encrypted HTTPS connection, an access key in the query string and a
    network access control list are recommended.

    Each item carries either a `shipping_level` or a `quote` hash from `orders/quote`; an item
    that is a reorder (`reorder_cause` set) needs neither. The order `reference` must be unique
    among all orders of the account; item references are unique within the order.

    Args:
        body (AddOrderRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AddOrderResponse | ApiError
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: AddOrderRequest,
) -> Response[AddOrderResponse | ApiError]:
    """Add order

     Add a new order including one or more items, addresses, options and files.

    Files are added with a URL from where Cloudprinter can fetch the files when the order has
    been accepted. A TLS encrypted HTTPS connection, an access key in the query string and a
    network access control list are recommended.

    Each item carries either a `shipping_level` or a `quote` hash from `orders/quote`; an item
    that is a reorder (`reorder_cause` set) needs neither. The order `reference` must be unique
    among all orders of the account; item references are unique within the order.

    Args:
        body (AddOrderRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AddOrderResponse | ApiError]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: AddOrderRequest,
) -> AddOrderResponse | ApiError | None:
    """Add order

     Add a new order including one or more items, addresses, options and files.

    Files are added with a URL from where Cloudprinter can fetch the files when the order has
    been accepted. A TLS encrypted HTTPS connection, an access key in the query string and a
    network access control list are recommended.

    Each item carries either a `shipping_level` or a `quote` hash from `orders/quote`; an item
    that is a reorder (`reorder_cause` set) needs neither. The order `reference` must be unique
    among all orders of the account; item references are unique within the order.

    Args:
        body (AddOrderRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AddOrderResponse | ApiError
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
