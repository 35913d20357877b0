# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
"""The `shipping` operations: `Shipping` (sync), `AsyncShipping`, and their raw-response views.

Reached as `CloudCore.shipping` and `CloudCore.with_raw_response.shipping`. The `Operation` constants
are the table the engine (`_base_client.py`) reads: path, success decoder, documented errors.
"""

from collections.abc import Mapping
from typing import Any, Final

from .._base_client import AsyncRequester, SyncRequester
from .._engine import API_KEY_SLOT
from .._exceptions import AuthenticationError, BadRequestError
from .._operation import Operation, many
from .._raw_response import to_async_raw_response, to_raw_response
from ..models.list_shipping_countries_request import ListShippingCountriesRequest
from ..models.list_shipping_levels_request import ListShippingLevelsRequest
from ..models.list_shipping_states_request import ListShippingStatesRequest
from ..models.shipping_country import ShippingCountry
from ..models.shipping_level_info import ShippingLevelInfo
from ..models.shipping_state import ShippingState

LIST_SHIPPING_LEVELS: Final = Operation(
    name="list_shipping_levels",
    path="/shipping/levels",
    status=200,
    decode=many(ShippingLevelInfo._decode_each),
    errors={
        400: BadRequestError,
        403: AuthenticationError,
    },
)
LIST_SHIPPING_COUNTRIES: Final = Operation(
    name="list_shipping_countries",
    path="/shipping/countries",
    status=200,
    decode=many(ShippingCountry._decode_each),
    errors={
        400: BadRequestError,
        403: AuthenticationError,
    },
)
LIST_SHIPPING_STATES: Final = Operation(
    name="list_shipping_states",
    path="/shipping/states",
    status=200,
    decode=many(ShippingState._decode_each),
    errors={
        400: BadRequestError,
        403: AuthenticationError,
    },
)

#: This tag's operations by method name.
OPERATIONS: Final[Mapping[str, Operation[Any]]] = {
    "list_shipping_levels": LIST_SHIPPING_LEVELS,
    "list_shipping_countries": LIST_SHIPPING_COUNTRIES,
    "list_shipping_states": LIST_SHIPPING_STATES,
}


class Shipping:
    """The `shipping` operations of `CloudCore`: typed arguments, typed results, typed errors."""

    def __init__(self, requester: SyncRequester) -> None:
        self._requester = requester

    def list_shipping_levels(self) -> list[ShippingLevelInfo]:
        """List shipping levels

        Request a list of available shipping levels for the account.

        Raises:
            BadRequestError: HTTP 400.
            AuthenticationError: HTTP 403.
            APIStatusError: any other status (after retries for 429 and 5xx).
            APIResponseValidationError: a success answer that is not the documented model.
            APIConnectionError: the API could not be reached (after retries); APITimeoutError past the deadline.
            InvalidArgumentError: an argument that cannot be sent (a plain dict where a model is expected).
        """
        body = ListShippingLevelsRequest(
            apikey=API_KEY_SLOT,
        ).to_dict()
        return self._requester.request(LIST_SHIPPING_LEVELS, body)

    def list_shipping_countries(self) -> list[ShippingCountry]:
        """Shipping countries

        Request a list of available shipping countries for the account.

        Raises:
            BadRequestError: HTTP 400.
            AuthenticationError: HTTP 403.
            APIStatusError: any other status (after retries for 429 and 5xx).
            APIResponseValidationError: a success answer that is not the documented model.
            APIConnectionError: the API could not be reached (after retries); APITimeoutError past the deadline.
            InvalidArgumentError: an argument that cannot be sent (a plain dict where a model is expected).
        """
        body = ListShippingCountriesRequest(
            apikey=API_KEY_SLOT,
        ).to_dict()
        return self._requester.request(LIST_SHIPPING_COUNTRIES, body)

    def list_shipping_states(self, *, country_reference: str) -> list[ShippingState]:
        """Shipping states/regions

        Request the list of states (regions) of a shipping country.

        Args:
            country_reference (str): Country - ISO 3166-1 alpha-2 (`DE`). The documentation does not
                state the case, so `de` and
                `De` are accepted too, and every rule that depends on the country applies in any case.

        Raises:
            BadRequestError: HTTP 400.
            AuthenticationError: HTTP 403.
            APIStatusError: any other status (after retries for 429 and 5xx).
            APIResponseValidationError: a success answer that is not the documented model.
            APIConnectionError: the API could not be reached (after retries); APITimeoutError past the deadline.
            InvalidArgumentError: an argument that cannot be sent (a plain dict where a model is expected).
        """
        body = ListShippingStatesRequest(
            apikey=API_KEY_SLOT,
            country_reference=country_reference,
        ).to_dict()
        return self._requester.request(LIST_SHIPPING_STATES, body)


class AsyncShipping:
    """The `shipping` operations of `AsyncCloudCore`: the same methods as `Shipping`, awaited."""

    def __init__(self, requester: AsyncRequester) -> None:
        self._requester = requester

    async def list_shipping_levels(self) -> list[ShippingLevelInfo]:
        """List shipping levels

        Request a list of available shipping levels for the account.

        Raises:
            BadRequestError: HTTP 400.
            AuthenticationError: HTTP 403.
            APIStatusError: any other status (after retries for 429 and 5xx).
            APIResponseValidationError: a success answer that is not the documented model.
            APIConnectionError: the API could not be reached (after retries); APITimeoutError past the deadline.
            InvalidArgumentError: an argument that cannot be sent (a plain dict where a model is expected).
        """
        body = ListShippingLevelsRequest(
            apikey=API_KEY_SLOT,
        ).to_dict()
        return await self._requester.request(LIST_SHIPPING_LEVELS, body)

    async def list_shipping_countries(self) -> list[ShippingCountry]:
        """Shipping countries

        Request a list of available shipping countries for the account.

        Raises:
            BadRequestError: HTTP 400.
            AuthenticationError: HTTP 403.
            APIStatusError: any other status (after retries for 429 and 5xx).
            APIResponseValidationError: a success answer that is not the documented model.
            APIConnectionError: the API could not be reached (after retries); APITimeoutError past the deadline.
            InvalidArgumentError: an argument that cannot be sent (a plain dict where a model is expected).
        """
        body = ListShippingCountriesRequest(
            apikey=API_KEY_SLOT,
        ).to_dict()
        return await self._requester.request(LIST_SHIPPING_COUNTRIES, body)

    async def list_shipping_states(self, *, country_reference: str) -> list[ShippingState]:
        """Shipping states/regions

        Request the list of states (regions) of a shipping country.

        Args:
            country_reference (str): Country - ISO 3166-1 alpha-2 (`DE`). The documentation does not
                state the case, so `de` and
                `De` are accepted too, and every rule that depends on the country applies in any case.

        Raises:
            BadRequestError: HTTP 400.
            AuthenticationError: HTTP 403.
            APIStatusError: any other status (after retries for 429 and 5xx).
            APIResponseValidationError: a success answer that is not the documented model.
            APIConnectionError: the API could not be reached (after retries); APITimeoutError past the deadline.
            InvalidArgumentError: an argument that cannot be sent (a plain dict where a model is expected).
        """
        body = ListShippingStatesRequest(
            apikey=API_KEY_SLOT,
            country_reference=country_reference,
        ).to_dict()
        return await self._requester.request(LIST_SHIPPING_STATES, body)


class ShippingWithRawResponse:
    """`CloudCore.with_raw_response.shipping`: the same methods, each returning a `RawResponse`."""

    def __init__(self, shipping: Shipping) -> None:
        self.list_shipping_levels = to_raw_response(shipping.list_shipping_levels)
        self.list_shipping_countries = to_raw_response(shipping.list_shipping_countries)
        self.list_shipping_states = to_raw_response(shipping.list_shipping_states)


class AsyncShippingWithRawResponse:
    """`AsyncCloudCore.with_raw_response.shipping`: the same methods, each returning a `RawResponse`."""

    def __init__(self, shipping: AsyncShipping) -> None:
        self.list_shipping_levels = to_async_raw_response(shipping.list_shipping_levels)
        self.list_shipping_countries = to_async_raw_response(shipping.list_shipping_countries)
        self.list_shipping_states = to_async_raw_response(shipping.list_shipping_states)


__all__ = [
    "OPERATIONS",
    "AsyncShipping",
    "AsyncShippingWithRawResponse",
    "Shipping",
    "ShippingWithRawResponse",
]
