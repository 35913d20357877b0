# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._values import (
    as_datetime,
    as_list,
    as_object,
    as_text,
    parse_utc_time,
    unknown_fields,
)
from ..types import Unset

if TYPE_CHECKING:
    from ..models.quote_shipment import QuoteShipment
    from ..models.quote_subtotals import QuoteSubtotals


T = TypeVar("T", bound="Quote")

#: The fields the contract names; any other field of an answer is kept in `additional_properties`.
_KNOWN_KEYS = frozenset(
    {
        "price",
        "vat",
        "currency",
        "invoice_currency",
        "invoice_exchange_rate",
        "expire_date",
        "subtotals",
        "shipments",
    }
)


@_attrs_define
class Quote:
    price: str
    """The total product sum for the order, ex shipping and incl VAT.

    A number the documentation shows as a string (`"4.5412"`, `"1"`); live answers sometimes
    carry a JSON number instead (reported), so both are accepted. The client reads it as the
    documented string (a JSON number becomes its decimal text), so amounts never pass through
    a float and code can rely on one type: `Decimal(value)`."""
    vat: str
    """The VAT part of the total product sum.

    A number the documentation shows as a string (`"4.5412"`, `"1"`); live answers sometimes
    carry a JSON number instead (reported), so both are accepted. The client reads it as the
    documented string (a JSON number becomes its decimal text), so amounts never pass through
    a float and code can rely on one type: `Decimal(value)`."""
    currency: str
    """The currency of the price quote."""
    invoice_currency: str
    """The currency of the invoice for the order."""
    invoice_exchange_rate: str
    """The currency exchange rate between the quote currency and invoice currency.

    A number the documentation shows as a string (`"4.5412"`, `"1"`); live answers sometimes
    carry a JSON number instead (reported), so both are accepted. The client reads it as the
    documented string (a JSON number becomes its decimal text), so amounts never pass through
    a float and code can rely on one type: `Decimal(value)`."""
    expire_date: datetime.datetime
    """The quote expiration date, 48 hours after the request was made."""
    subtotals: QuoteSubtotals
    """The order's subtotals. The documentation's example shows an object; its return table
    types the field "array" (as it does `meta`, an object in every SDK). An array holding
    one subtotals object is accepted too, and the client reads it as that object; a longer
    one is in no source and would fail here."""
    shipments: list[QuoteShipment]
    """Shipments (item bundles)."""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        price = self.price

        vat = self.vat

        currency = self.currency

        invoice_currency = self.invoice_currency

        invoice_exchange_rate = self.invoice_exchange_rate

        expire_date = self.expire_date.isoformat()

        subtotals = self.subtotals.to_dict()

        shipments = []
        for shipments_item_data in self.shipments:
            shipments_item = shipments_item_data.to_dict()
            shipments.append(shipments_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "price": price,
                "vat": vat,
                "currency": currency,
                "invoice_currency": invoice_currency,
                "invoice_exchange_rate": invoice_exchange_rate,
                "expire_date": expire_date,
                "subtotals": subtotals,
                "shipments": shipments,
            }
        )

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
        from ..models.quote_shipment import QuoteShipment  # noqa: PLC0415
        from ..models.quote_subtotals import QuoteSubtotals  # noqa: PLC0415

        models: list[T] = []
        for d in items:
            if type(d) is not dict:
                d = as_object(d, "Quote")
            quote = object.__new__(cls)
            v = d["price"]
            quote.price = v if type(v) is str else as_text(v, "price")
            v = d["vat"]
            quote.vat = v if type(v) is str else as_text(v, "vat")
            v = d["currency"]
            quote.currency = v if type(v) is str else as_text(v, "currency")
            v = d["invoice_currency"]
            quote.invoice_currency = v if type(v) is str else as_text(v, "invoice_currency")
            v = d["invoice_exchange_rate"]
            quote.invoice_exchange_rate = v if type(v) is str else as_text(v, "invoice_exchange_rate")
            v = d["expire_date"]
            try:  # the common case inline (a time without an offset, read as UTC), the rest in `as_datetime`
                quote.expire_date = parse_utc_time(v + "Z")
            except (TypeError, ValueError):
                quote.expire_date = as_datetime(v)
            v = d["subtotals"]
            quote.subtotals = QuoteSubtotals._decode(v, consume)
            v = d["shipments"]
            if type(v) is not list:
                v = as_list(v, "shipments")
            quote.shipments = QuoteShipment._decode_each(v, consume)
            if consume and len(d) == 8:
                d.clear()  # no unknown field: the emptied source object is the model's empty mapping of them
                quote.additional_properties = d
            else:
                quote.additional_properties = unknown_fields(d, _KNOWN_KEYS)
            models.append(quote)
        return models

    def __repr__(self) -> str:
        """The fields that are set, and only those; an `apikey` (API or webhook key) shows as `***`."""
        fields: tuple[tuple[str, object], ...] = (
            ("price", self.price),
            ("vat", self.vat),
            ("currency", self.currency),
            ("invoice_currency", self.invoice_currency),
            ("invoice_exchange_rate", self.invoice_exchange_rate),
            ("expire_date", self.expire_date),
            ("subtotals", self.subtotals),
            ("shipments", self.shipments),
        )
        shown = [f"{name}={value!r}" for name, value in fields if not isinstance(value, Unset)]
        if self.additional_properties:
            shown.append(f"additional_properties={self.additional_properties!r}")
        return f"{type(self).__name__}({', '.join(shown)})"

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
