# Generated from openapi/cloudcore.yaml and generator/templates/ by `nox -s generate`: do not edit.
from enum import StrEnum


class ItemFileType(StrEnum):
    BOOK = "book"
    COVER = "cover"
    PRODUCT = "product"

    def __str__(self) -> str:
        return str(self.value)
