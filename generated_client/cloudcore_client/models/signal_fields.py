# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._values import as_datetime, as_object, as_text
from ..types import Unset

T = TypeVar("T", bound="SignalFields")

#: The fields the contract names; any other field of an answer is kept in `additional_properties`.
_KNOWN_KEYS = frozenset(
    {
        "apikey",
        "order",
        "order_reference",
        "datetime",
    }
)


@_attrs_define
class SignalFields:
    """The fields every CloudSignal carries besides its `type`.

    Attributes:
        apikey (str): The webhook key (not the API key); the receiver checks it in constant time.
        order (str): Cloudprinter's own order id.
        order_reference (str): The client's own order reference.
        datetime_ (datetime.datetime): When it happened, ISO 8601.
    """

    apikey: str
    order: str
    order_reference: str
    datetime_: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        apikey = self.apikey

        order = self.order

        order_reference = self.order_reference

        datetime_ = self.datetime_.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "apikey": apikey,
                "order": order,
                "order_reference": order_reference,
                "datetime": datetime_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        if type(d) is not dict:
            d = as_object(d, "SignalFields")
        apikey = d["apikey"]
        if type(apikey) is not str:
            apikey = as_text(apikey, "apikey")

        order = d["order"]
        if type(order) is not str:
            order = as_text(order, "order")

        order_reference = d["order_reference"]
        if type(order_reference) is not str:
            order_reference = as_text(order_reference, "order_reference")

        datetime_ = as_datetime(d["datetime"])

        signal_fields = cls(
            apikey=apikey,
            order=order,
            order_reference=order_reference,
            datetime_=datetime_,
        )

        if len(d) > 4:
            extra = {key: value for key, value in d.items() if key not in _KNOWN_KEYS}
        else:
            extra = {}
        signal_fields.additional_properties = extra
        return signal_fields

    def __repr__(self) -> str:
        """The fields that are set, and only those; an `apikey` (API or webhook key) shows as `***`."""
        fields: tuple[tuple[str, object], ...] = (
            ("apikey", "***"),
            ("order", self.order),
            ("order_reference", self.order_reference),
            ("datetime_", self.datetime_),
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
