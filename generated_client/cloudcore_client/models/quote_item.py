# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset, number_as_str

if TYPE_CHECKING:
    from ..models.item_option import ItemOption


T = TypeVar("T", bound="QuoteItem")


@_attrs_define
class QuoteItem:
    """
    Attributes:
        reference (str): A client's own reference identifier.
        product (str): The product reference.
        count (int | str): A positive quantity. The documentation writes counts as strings ("5"); the official SDKs
            send JSON integers (5). Both are accepted.
        options (list[ItemOption] | Unset): Array of option objects of the item.
    """

    reference: str
    product: str
    count: int | str
    options: list[ItemOption] | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        reference = self.reference

        product = self.product

        count: int | str
        count = self.count

        options: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.options, Unset):
            options = []
            for options_item_data in self.options:
                options_item = options_item_data.to_dict()
                options.append(options_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "reference": reference,
                "product": product,
                "count": count,
            }
        )
        if options is not UNSET:
            field_dict["options"] = options

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.item_option import ItemOption  # noqa: PLC0415

        d = src_dict
        reference = d["reference"]
        if type(reference) is not str:
            reference = number_as_str(reference)

        product = d["product"]
        if type(product) is not str:
            product = number_as_str(product)

        count = d["count"]

        _options = d.get("options", UNSET)
        options: list[ItemOption] | Unset = UNSET
        if _options is not UNSET:
            options = []
            for options_item_data in _options:
                options_item = ItemOption.from_dict(options_item_data)

                options.append(options_item)

        quote_item = cls(
            reference=reference,
            product=product,
            count=count,
            options=options,
        )

        return quote_item
