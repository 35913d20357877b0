# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from .._values import (
    as_object,
    as_text,
)
from ..types import Unset

T = TypeVar("T", bound="CancelOrderRequest")


@_attrs_define
class CancelOrderRequest:
    apikey: str
    """API access key, created in the Cloudprinter admin system under CloudCore API Interface."""
    reference: str
    """The client's own order reference identifier."""

    def to_dict(self) -> dict[str, Any]:
        apikey = self.apikey

        reference = self.reference

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "apikey": apikey,
                "reference": reference,
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
                d = as_object(d, "CancelOrderRequest")
            cancel_order_request = object.__new__(cls)
            v = d["apikey"]
            cancel_order_request.apikey = v if type(v) is str else as_text(v, "apikey")
            v = d["reference"]
            cancel_order_request.reference = v if type(v) is str else as_text(v, "reference")
            models.append(cancel_order_request)
        return models

    def __repr__(self) -> str:
        """The fields that are set, and only those; an `apikey` (API or webhook key) shows as `***`."""
        fields: tuple[tuple[str, object], ...] = (
            ("apikey", "***"),
            ("reference", self.reference),
        )
        shown = [f"{name}={value!r}" for name, value in fields if not isinstance(value, Unset)]
        return f"{type(self).__name__}({', '.join(shown)})"
