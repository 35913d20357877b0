# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._values import (
    as_list,
    as_object,
    as_text,
    unknown_fields,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.product_option import ProductOption
    from ..models.product_price import ProductPrice
    from ..models.product_spec import ProductSpec


T = TypeVar("T", bound="ProductInfo")

#: The fields the contract names; any other field of an answer is kept in `additional_properties`.
_KNOWN_KEYS = frozenset(
    {
        "name",
        "note",
        "reference",
        "options",
        "specs",
        "prices",
    }
)


@_attrs_define
class ProductInfo:
    name: str
    """Product short name."""
    note: str
    """Product long description."""
    reference: str
    """Product API reference."""
    options: list[ProductOption]
    """The product's options."""
    specs: list[ProductSpec]
    """The product's specs."""
    prices: list[ProductPrice] | Unset = UNSET
    """Deprecated, to be removed after March 1, 2025; use price lookup for price calculation."""
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        note = self.note

        reference = self.reference

        options = []
        for options_item_data in self.options:
            options_item = options_item_data.to_dict()
            options.append(options_item)

        specs = []
        for specs_item_data in self.specs:
            specs_item = specs_item_data.to_dict()
            specs.append(specs_item)

        prices: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.prices, Unset):
            prices = []
            for prices_item_data in self.prices:
                prices_item = prices_item_data.to_dict()
                prices.append(prices_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "note": note,
                "reference": reference,
                "options": options,
                "specs": specs,
            }
        )
        if prices is not UNSET:
            field_dict["prices"] = prices

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
        from ..models.product_option import ProductOption  # noqa: PLC0415
        from ..models.product_price import ProductPrice  # noqa: PLC0415
        from ..models.product_spec import ProductSpec  # noqa: PLC0415

        models: list[T] = []
        for d in items:
            if type(d) is not dict:
                d = as_object(d, "ProductInfo")
            product_info = object.__new__(cls)
            v = d["name"]
            product_info.name = v if type(v) is str else as_text(v, "name")
            v = d["note"]
            product_info.note = v if type(v) is str else as_text(v, "note")
            v = d["reference"]
            product_info.reference = v if type(v) is str else as_text(v, "reference")
            v = d["options"]
            if type(v) is not list:
                v = as_list(v, "options")
            product_info.options = ProductOption._decode_each(v, consume)
            v = d["specs"]
            if type(v) is not list:
                v = as_list(v, "specs")
            product_info.specs = ProductSpec._decode_each(v, consume)
            v = d.get("prices", UNSET)
            if v is UNSET:
                product_info.prices = UNSET
            else:
                if type(v) is not list:
                    v = as_list(v, "prices")
                product_info.prices = ProductPrice._decode_each(v, consume)
            if consume and len(d) == 5 + (product_info.prices is not UNSET):
                d.clear()  # no unknown field: the emptied source object is the model's empty mapping of them
                product_info.additional_properties = d
            else:
                product_info.additional_properties = unknown_fields(d, _KNOWN_KEYS)
            models.append(product_info)
        return models

    def __repr__(self) -> str:
        """The fields that are set, and only those; an `apikey` (API or webhook key) shows as `***`."""
        fields: tuple[tuple[str, object], ...] = (
            ("name", self.name),
            ("note", self.note),
            ("reference", self.reference),
            ("options", self.options),
            ("specs", self.specs),
            ("prices", self.prices),
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
