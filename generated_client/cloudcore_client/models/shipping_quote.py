from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ShippingQuote")


@_attrs_define
class ShippingQuote:
    """
    Attributes:
        quote (str): A quote hash from `orders/quote` (64 hexadecimal digits).
        service (str): The shipping service level name.
        shipping_level (str): The shipping service level reference.
        shipping_option (str): Text description of the specific shipping option.
        price (str): The price of the shipment incl VAT.
        vat (str): The VAT part of the shipment.
        currency (str): The currency of the price quote.
    """

    quote: str
    service: str
    shipping_level: str
    shipping_option: str
    price: str
    vat: str
    currency: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        quote = self.quote

        service = self.service

        shipping_level = self.shipping_level

        shipping_option = self.shipping_option

        price = self.price

        vat = self.vat

        currency = self.currency

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "quote": quote,
                "service": service,
                "shipping_level": shipping_level,
                "shipping_option": shipping_option,
                "price": price,
                "vat": vat,
                "currency": currency,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        quote = d.pop("quote")

        service = d.pop("service")

        shipping_level = d.pop("shipping_level")

        shipping_option = d.pop("shipping_option")

        price = d.pop("price")

        vat = d.pop("vat")

        currency = d.pop("currency")

        shipping_quote = cls(
            quote=quote,
            service=service,
            shipping_level=shipping_level,
            shipping_option=shipping_option,
            price=price,
            vat=vat,
            currency=currency,
        )

        shipping_quote.additional_properties = d
        return shipping_quote

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
