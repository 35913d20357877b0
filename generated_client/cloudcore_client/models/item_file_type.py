from __future__ import annotations

from enum import StrEnum


class ItemFileType(StrEnum):
    """The type of an item file.

    Tolerant: a value the contract does not list becomes a member too (`is_known` is False), so an
    answer with a new value never fails to decode.
    """

    BOOK = "book"
    COVER = "cover"
    PRODUCT = "product"

    @classmethod
    def _missing_(cls, value: object) -> ItemFileType | None:
        if type(value) is int or type(value) is float:
            return cls(str(value))  # a JSON number where the contract says string
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
