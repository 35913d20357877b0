# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
from __future__ import annotations

from enum import IntEnum


class OrderState(IntEnum):
    """The numeric order state, documented as a string ("1"; also seen as a JSON number):
    1 new, 5 being verified, 6 verified, 7 verification error, 10 files downloading,
    11 download error, 15 files downloaded, 30 rendering, 31 render error, 32 rendered,
    33 being distributed, 34 distributed, 35 distribute error, 37 file being created,
    38 file created, 39 file create error, 40 files uploading, 41 upload error,
    45 files uploaded, 100 complete, 500 canceled, 501 sandbox processing done.

    Tolerant: a code the contract does not list becomes a member too (`is_known` is False), so an
    answer with a new code never fails to decode. A code may arrive as a JSON number or as its
    decimal string: `OrderState("5") is OrderState(5)`.
    """

    NEW = 1
    BEING_VERIFIED = 5
    VERIFIED = 6
    VERIFICATION_ERROR = 7
    FILES_DOWNLOADING = 10
    DOWNLOAD_ERROR = 11
    FILES_DOWNLOADED = 15
    RENDERING = 30
    RENDER_ERROR = 31
    RENDERED = 32
    BEING_DISTRIBUTED = 33
    DISTRIBUTED = 34
    DISTRIBUTE_ERROR = 35
    FILE_BEING_CREATED = 37
    FILE_CREATED = 38
    FILE_CREATE_ERROR = 39
    FILES_UPLOADING = 40
    UPLOAD_ERROR = 41
    FILES_UPLOADED = 45
    COMPLETE = 100
    CANCELED = 500
    SANDBOX_DONE = 501

    @classmethod
    def decode(cls, value: object) -> OrderState:
        """The member for a code as it arrives in JSON: `OrderState(value)`, fast for listed codes."""
        member = _MEMBERS.get(value)
        if member is None or type(value) is bool:
            if type(value) is bool:  # `true` hashes like 1: no code
                raise TypeError(f"{cls.__name__}: expected a code, got a boolean")
            return cls(value)  # type: ignore[arg-type]
        return member

    @classmethod
    def _missing_(cls, value: object) -> OrderState | None:
        if isinstance(value, str):
            if not (value.isascii() and value.isdigit() and len(value) <= 20):
                return None  # only the digit string of a code: not " 5", "5_0" or "-5"
            number = int(value)
            member = cls(number)
            if member.is_known and value == str(number):
                # The documented string form of a known code becomes a lookup alias (bounded: one per member).
                cls._value2member_map_[value] = member
            return member
        if type(value) is float and value.is_integer():
            return cls(int(value))  # JSON Schema counts 500.0 as an integer too
        if type(value) is not int:
            return None
        unknown = int.__new__(cls, value)
        unknown._name_ = "UNKNOWN"
        unknown._value_ = value
        return unknown

    @property
    def is_known(self) -> bool:
        """Whether the contract lists this code."""
        return type(self)._member_map_.get(self._name_) is self

    def __str__(self) -> str:
        return str(self.value)


#: `OrderState._value2member_map_` itself (so aliases added by `_missing_` are in it), bound once:
#: looking an attribute up on an enum class costs more than the dict lookup.
_MEMBERS: dict[object, OrderState] = OrderState._value2member_map_  # type: ignore[assignment]
