from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CloudSignal")


@_attrs_define
class CloudSignal:
    """Any signal, including types this contract does not know yet: a receiver parses an unknown
    type into this generic shape and answers 200, never an error, so Cloudprinter does not retry
    it for a week.

        Attributes:
            apikey (str): The webhook key (not the API key); the receiver checks it in constant time.
            order (str): Cloudprinter's own order id.
            order_reference (str): The client's own order reference.
            datetime_ (str): When it happened, ISO 8601.
            type_ (str): The signal type, e.g. `ItemShipped`.
            item (str | Unset): Cloudprinter's own item id (item signals).
            item_reference (str | Unset): The client's own item reference (item signals).
    """

    apikey: str
    order: str
    order_reference: str
    datetime_: str
    type_: str
    item: str | Unset = UNSET
    item_reference: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        apikey = self.apikey

        order = self.order

        order_reference = self.order_reference

        datetime_ = self.datetime_

        type_ = self.type_

        item = self.item

        item_reference = self.item_reference

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "apikey": apikey,
                "order": order,
                "order_reference": order_reference,
                "datetime": datetime_,
                "type": type_,
            }
        )
        if item is not UNSET:
            field_dict["item"] = item
        if item_reference is not UNSET:
            field_dict["item_reference"] = item_reference

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        apikey = d.pop("apikey")

        order = d.pop("order")

        order_reference = d.pop("order_reference")

        datetime_ = d.pop("datetime")

        type_ = d.pop("type")

        item = d.pop("item", UNSET)

        item_reference = d.pop("item_reference", UNSET)

        cloud_signal = cls(
            apikey=apikey,
            order=order,
            order_reference=order_reference,
            datetime_=datetime_,
            type_=type_,
            item=item,
            item_reference=item_reference,
        )

        cloud_signal.additional_properties = d
        return cloud_signal

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
