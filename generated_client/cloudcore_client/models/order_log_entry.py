# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._values import (
    api_datetime_text,
    as_datetime,
    as_object,
    as_text,
    parse_utc_time,
    unknown_fields,
)
from ..models.order_state import _MEMBERS as _ORDER_STATE
from ..models.order_state import OrderState
from ..types import Unset

T = TypeVar("T", bound="OrderLogEntry")

#: The fields the contract names; any other field of an answer is kept in `additional_properties`.
_KNOWN_KEYS = frozenset(
    {
        "reference",
        "create_date",
        "state",
    }
)


@_attrs_define
class OrderLogEntry:
    reference: str
    """The client's own order reference identifier."""
    create_date: datetime.datetime
    """The date and time of the state change.

    A date and time as `YYYY-MM-DD HH:MM:SS`, without an offset (the documentation names no time zone). Example:
    2015-08-05 10:00:00."""
    state: OrderState
    """The numeric order state, documented as a string ("1"; also seen as a JSON number):
    1 new, 5 being verified, 6 verified, 7 verification error, 10 files downloading,
    11 download error, 15 files downloaded, 30 rendering, 31 render error, 32 rendered,
    33 being distributed, 34 distributed, 35 distribute error, 37 file being created,
    38 file created, 39 file create error, 40 files uploading, 41 upload error,
    45 files uploaded, 100 complete, 500 canceled, 501 sandbox processing done."""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        reference = self.reference

        create_date = api_datetime_text(self.create_date)

        state = self.state.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "reference": reference,
                "create_date": create_date,
                "state": state,
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
        models: list[T] = []
        for d in items:
            if type(d) is not dict:
                d = as_object(d, "OrderLogEntry")
            order_log_entry = object.__new__(cls)
            v = d["reference"]
            order_log_entry.reference = v if type(v) is str else as_text(v, "reference")
            v = d["create_date"]
            try:  # the common case inline (a time without an offset, read as UTC), the rest in `as_datetime`
                order_log_entry.create_date = parse_utc_time(v + "Z")
            except (TypeError, ValueError):
                order_log_entry.create_date = as_datetime(v)
            v = d["state"]
            try:  # a listed value: one subscript; anything else (and `true`, which hashes like 1) in `decode`
                order_log_entry.state = _ORDER_STATE[v] if type(v) is not bool else OrderState.decode(v)
            except (KeyError, TypeError):
                order_log_entry.state = OrderState.decode(v)
            if consume and len(d) == 3:
                d.clear()  # no unknown field: the emptied source object is the model's empty mapping of them
                order_log_entry.additional_properties = d
            else:
                order_log_entry.additional_properties = unknown_fields(d, _KNOWN_KEYS)
            models.append(order_log_entry)
        return models

    def __repr__(self) -> str:
        """The fields that are set, and only those; an `apikey` (API or webhook key) shows as `***`."""
        fields: tuple[tuple[str, object], ...] = (
            ("reference", self.reference),
            ("create_date", self.create_date),
            ("state", self.state),
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
