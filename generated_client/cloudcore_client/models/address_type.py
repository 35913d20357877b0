# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
from __future__ import annotations

from enum import StrEnum

from .._values import as_text


class AddressType(StrEnum):
    """The type of address - valid values are "delivery".

    Tolerant: a value the contract does not list becomes a member too (`is_known` is False), so an
    answer with a new value never fails to decode.
    """

    DELIVERY = "delivery"

    @classmethod
    def decode(cls, value: object) -> AddressType:
        """The member for a value as it arrives in JSON: `AddressType(value)`, fast for listed values."""
        member = _MEMBERS.get(value)
        return member if member is not None else cls(value)  # type: ignore[arg-type]

    @classmethod
    def _missing_(cls, value: object) -> AddressType | None:
        if type(value) is int or type(value) is float:
            return cls(as_text(value, cls.__name__))  # a JSON number where the contract says string
        if not isinstance(value, str):
            return None
        unknown = str.__new__(cls, value)
        unknown._name_ = "UNKNOWN"
        unknown._value_ = value
        return unknown

    @property
    def is_known(self) -> bool:
        """Whether the contract lists this value."""
        return type(self)._member_map_.get(self._name_) is self

    def __str__(self) -> str:
        return str(self.value)


#: `AddressType._value2member_map_` itself (so aliases added by `_missing_` are in it), bound once:
#: looking an attribute up on an enum class costs more than the dict lookup.
_MEMBERS: dict[object, AddressType] = AddressType._value2member_map_  # type: ignore[assignment]
