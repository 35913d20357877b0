# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from .._values import as_list, as_object, as_text
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
    """
    Attributes:
        name (str): Product short name.
        note (str): Product long description.
        reference (str): Product API reference.
        options (list[ProductOption]): The product's options.
        specs (list[ProductSpec]): The product's specs.
        prices (list[ProductPrice] | Unset): Deprecated, to be removed after March 1, 2025; use price lookup for price
            calculation.
    """

    name: str
    note: str
    reference: str
    options: list[ProductOption]
    specs: list[ProductSpec]
    prices: list[ProductPrice] | Unset = UNSET
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
        from ..models.product_option import ProductOption  # noqa: PLC0415
        from ..models.product_price import ProductPrice  # noqa: PLC0415
        from ..models.product_spec import ProductSpec  # noqa: PLC0415

        d = src_dict
        if type(d) is not dict:
            d = as_object(d, "ProductInfo")
        name = d["name"]
        if type(name) is not str:
            name = as_text(name, "name")

        note = d["note"]
        if type(note) is not str:
            note = as_text(note, "note")

        reference = d["reference"]
        if type(reference) is not str:
            reference = as_text(reference, "reference")

        options = []
        _options = d["options"]
        if type(_options) is not list:
            _options = as_list(_options, "options")
        for options_item_data in _options:
            options_item = ProductOption.from_dict(options_item_data)

            options.append(options_item)

        specs = []
        _specs = d["specs"]
        if type(_specs) is not list:
            _specs = as_list(_specs, "specs")
        for specs_item_data in _specs:
            specs_item = ProductSpec.from_dict(specs_item_data)

            specs.append(specs_item)

        _prices = d.get("prices", UNSET)
        prices: list[ProductPrice] | Unset = UNSET
        if _prices is not UNSET:
            if type(_prices) is not list:
                _prices = as_list(_prices, "prices")
            prices = []
            for prices_item_data in _prices:
                prices_item = ProductPrice.from_dict(prices_item_data)

                prices.append(prices_item)

        product_info = cls(
            name=name,
            note=note,
            reference=reference,
            options=options,
            specs=specs,
            prices=prices,
        )

        if len(d) > 5:
            extra = {key: value for key, value in d.items() if key not in _KNOWN_KEYS}
        else:
            extra = {}
        product_info.additional_properties = extra
        return product_info

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
