"""A service's view of the client: every operation, every error type, sync and async.

Type-checked with `mypy --strict` and run against the simulator by `test_against_simulator.py`:
`python every_operation.py BASE_URL` with the key in `CLOUDPRINTER_API_KEY`. Prints `ok` at the end.
"""

from __future__ import annotations

import asyncio
import socket
import sys
from collections.abc import Callable

from cloudcore_client import (
    NO_RETRIES,
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AsyncCloudCore,
    AuthenticationError,
    BadRequestError,
    CloudCore,
    ConflictError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
    RetryPolicy,
    UnexpectedStatusError,
)
from cloudcore_client.models import (
    AddOrderResponse,
    Address,
    AddressType,
    CancelOrderResponse,
    ItemFile,
    ItemFileType,
    ItemOption,
    OrderInfo,
    OrderItem,
    OrderLogEntry,
    OrderSummary,
    Product,
    ProductInfo,
    Quote,
    QuoteItem,
    ShippingCountry,
    ShippingLevelInfo,
    ShippingState,
)


def outcome(call: Callable[[], object]) -> str:
    """The name of what `call` raised (every error type has its own clause), or "ok"."""
    try:
        call()
    except BadRequestError as error:
        return f"bad-request:{error.error_type}"
    except AuthenticationError as error:
        return f"auth:{error.status_code}"
    except NotFoundError as error:
        return f"not-found:{error.status_code}"
    except ConflictError as error:
        return f"conflict:{error.error_type}"
    except RateLimitError:
        return "rate-limited"
    except InternalServerError:
        return "server-error"
    except UnexpectedStatusError as error:
        return f"unexpected:{error.status_code}"
    except APIStatusError as error:
        return f"status:{error.status_code}"
    except APITimeoutError:
        return "timeout"
    except APIConnectionError:
        return "connection"
    return "ok"


def expect(label: str, got: str) -> None:
    if got != label:
        raise SystemExit(f"expected {label}, got {got}")


def check(condition: bool) -> None:
    if not condition:
        raise SystemExit("an answer was not what the simulator should give")


def unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def order_items(reference: str) -> list[OrderItem]:
    files = [
        ItemFile(type_=ItemFileType.COVER, url="https://example.com/c.pdf", md5sum="4578c3ecf64e47581b175d542f8b0160"),
        ItemFile(type_=ItemFileType.BOOK, url="https://example.com/b.pdf", md5sum="1ef89e74e628e223ae94aa4586330833"),
    ]
    return [
        OrderItem(
            reference=f"{reference}-1",
            product="book_hardcover_21x30",
            count="5",
            shipping_level="cp_saver",
            files=files,
            options=[ItemOption(type_="total_pages", count="36")],
        )
    ]


ADDRESS = Address(
    type_=AddressType.DELIVERY,
    firstname="Ada",
    lastname="Lovelace",
    street1="Example street 1",
    zip_="99999",
    city="Berlin",
    country="DE",
    email="ada@example.com",
    phone="12345678",
)


def run_sync(base_url: str) -> None:
    with CloudCore(base_url=base_url, retry=RetryPolicy(max_retries=1, initial_delay=0.05)) as client:
        orders: list[OrderSummary] = client.orders.list_orders()
        products: list[Product] = client.products.list_products()
        product: ProductInfo = client.products.get_product_info(reference=products[0].reference)
        levels: list[ShippingLevelInfo] = client.shipping.list_shipping_levels()
        countries: list[ShippingCountry] = client.shipping.list_shipping_countries()
        states: list[ShippingState] = client.shipping.list_shipping_states(country_reference="US")
        quote: Quote = client.orders.quote_order(
            country="NL",
            items=[
                QuoteItem(
                    reference="q-1",
                    product="textbook_pb_a4_p_bw",
                    count=1,
                    options=[ItemOption(type_="total_pages", count="120")],
                )
            ],
        )
        added: AddOrderResponse = client.orders.add_order(
            reference="svc-1", email="support@example.com", addresses=[ADDRESS], items=order_items("svc-1")
        )
        info: OrderInfo = client.orders.get_order_info(reference=added.order)
        log: list[OrderLogEntry] = client.orders.get_order_log(reference=added.order)
        canceled: CancelOrderResponse = client.orders.cancel_order(reference=added.order)
        check(orders == [] and bool(product.name and levels and countries and states and quote.shipments))
        check(info.items[0].count == "5" and bool(log) and isinstance(canceled, CancelOrderResponse))

        expect("conflict:order_state_not_cancelable", outcome(lambda: client.orders.cancel_order(reference="svc-1")))
        expect("not-found:410", outcome(lambda: client.orders.get_order_info(reference="missing")))
        expect("not-found:204", outcome(lambda: client.orders.get_order_log(reference="missing")))
        expect("not-found:204", outcome(lambda: client.products.get_product_info(reference="missing")))
        taken = outcome(
            lambda: client.orders.add_order(
                reference="svc-1", email="support@example.com", addresses=[ADDRESS], items=order_items("svc-1")
            )
        )
        expect("bad-request:order_reference_not_unique", taken)
    with CloudCore("wrong-key", base_url=base_url) as stranger:
        expect("auth:403", outcome(stranger.orders.list_orders))
    nowhere = f"http://127.0.0.1:{unused_port()}/cloudcore/1.0"
    with CloudCore(base_url=nowhere, retry=NO_RETRIES) as lost:
        expect("connection", outcome(lost.shipping.list_shipping_levels))


async def run_async(base_url: str) -> None:
    async with AsyncCloudCore(base_url=base_url) as client:
        added = await client.orders.add_order(
            reference="svc-2", email="support@example.com", addresses=[ADDRESS], items=order_items("svc-2")
        )
        summaries, info = await asyncio.gather(
            client.orders.list_orders(), client.orders.get_order_info(reference=added.order)
        )
        check([s.reference for s in summaries] == ["svc-1", "svc-2"] and info.reference == "svc-2")
        try:
            await client.orders.get_order_log(reference="missing")
        except NotFoundError:
            pass
        else:
            raise SystemExit("expected NotFoundError")


def main() -> None:
    base_url = sys.argv[1]
    run_sync(base_url)
    asyncio.run(run_async(base_url))
    print("ok")


if __name__ == "__main__":
    main()
