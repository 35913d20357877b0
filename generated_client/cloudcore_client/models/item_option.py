# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from .._values import (
    as_object,
    as_one_of,
    as_text,
)
from ..types import Unset

T = TypeVar("T", bound="ItemOption")


@_attrs_define
class ItemOption:
    type_: str
    """The option reference, e.g. `total_pages` (required for books) or a paper type such as `paper_130mcg`.

    A required text field; no length limit is documented or enforced by the SDKs."""
    count: int | str
    """The number of times the option is used per item.

    How many times an option is used per item: a whole number, zero included, as a digit string
    as documented ("36", also "036" or "36.0") or a JSON integer as the official SDKs send it
    (36). The Node SDK lets any value through (`count: Joi.required()`); the documentation's
    "number of times" is what makes it a whole, non-negative number."""

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        count: int | str
        count = self.count

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "type": type_,
                "count": count,
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
                d = as_object(d, "ItemOption")
            item_option = object.__new__(cls)
            v = d["type"]
            item_option.type_ = v if type(v) is str else as_text(v, "type")
            v = d["count"]
            item_option.count = (
                v
                if type(v)
                in (
                    str,
                    int,
                )
                else as_one_of(v, "count", "str or int")
            )
            models.append(item_option)
        return models

    def __repr__(self) -> str:
        """The fields that are set, and only those; an `apikey` (API or webhook key) shows as `***`."""
        fields: tuple[tuple[str, object], ...] = (
            ("type_", self.type_),
            ("count", self.count),
        )
        shown = [f"{name}={value!r}" for name, value in fields if not isinstance(value, Unset)]
        return f"{type(self).__name__}({', '.join(shown)})"
