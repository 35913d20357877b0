# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from .._values import (
    as_list,
    as_object,
    as_text,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.quote_item import QuoteItem


T = TypeVar("T", bound="QuoteRequest")


@_attrs_define
class QuoteRequest:
    apikey: str
    """API access key, created in the Cloudprinter admin system under CloudCore API Interface."""
    country: str
    """The country the order will ship to.

    Country - ISO 3166-1 alpha-2 (`DE`). The documentation does not state the case, so `de` and
    `De` are accepted too, and every rule that depends on the country applies in any case."""
    items: list[QuoteItem]
    """Array of the item objects of the order."""
    currency: str | Unset = "EUR"
    """The currency of the price quote - ISO 4217 - default EUR. Default: 'EUR'."""
    state: str | Unset = UNSET
    """End customer's state name - ANSI INCITS 38:2009 alpha-2 - required for US.

    State - documented as "state name - ANSI INCITS 38:2009 alpha-2" (`NY`); names such as
    `Berlin` are accepted, as the documentation's own `orders/info` example shows `Example state`."""

    def to_dict(self) -> dict[str, Any]:
        apikey = self.apikey

        country = self.country

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)

        currency = self.currency

        state = self.state

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "apikey": apikey,
                "country": country,
                "items": items,
            }
        )
        if currency is not UNSET:
            field_dict["currency"] = currency
        if state is not UNSET:
            field_dict["state"] = state

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        """The model of a JSON object with the API's field names; `src_dict` is left as it is."""
        return cls._decode(src_dict, consume=False)

    @classmethod
    def _decode(cls: type[T], d: Any, consume: bool = True) -> T:
        """`from_dict` for a fresh JSON parse, which `consume` lets it take apart (the engine's decoders)."""
        return cls._decode_each((d,), consume)[0]

    @classmethod
    def _decode_each(cls: type[T], items: Iterable[Any], consume: bool = True) -> list[T]:
        """`_decode` of every item, in one loop: a list of objects costs no call per object."""
        from ..models.quote_item import QuoteItem  # noqa: PLC0415

        models: list[T] = []
        for d in items:
            if type(d) is not dict:
                d = as_object(d, "QuoteRequest")
            quote_request = object.__new__(cls)
            v = d["apikey"]
            quote_request.apikey = v if type(v) is str else as_text(v, "apikey")
            v = d["country"]
            quote_request.country = v if type(v) is str else as_text(v, "country")
            v = d["items"]
            if type(v) is not list:
                v = as_list(v, "items")
            quote_request.items = QuoteItem._decode_each(v, consume)
            v = d.get("currency", UNSET)
            quote_request.currency = v if type(v) is str or v is UNSET else as_text(v, "currency")
            v = d.get("state", UNSET)
            quote_request.state = v if type(v) is str or v is UNSET else as_text(v, "state")
            models.append(quote_request)
        return models

    def __repr__(self) -> str:
        """The fields that are set, and only those; an `apikey` (API or webhook key) shows as `***`."""
        fields: tuple[tuple[str, object], ...] = (
            ("apikey", "***"),
            ("country", self.country),
            ("items", self.items),
            ("currency", self.currency),
            ("state", self.state),
        )
        shown = [f"{name}={value!r}" for name, value in fields if not isinstance(value, Unset)]
        return f"{type(self).__name__}({', '.join(shown)})"
