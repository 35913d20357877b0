# ruff: noqa: E501  (a data table: one product or option per line reads best)
"""The simulated catalogue: 27 products across the documented categories, one of them a stock item.

Products are generated from a few families (binding, paper, finish) so that options, specs,
prices and weights stay consistent; the documented references (``textbook_cw_a6_p_bw``,
``textbook_pb_a4_p_bw``, ``book_hardcover_21x30`` ...) are among them, and the documented quote
example (``textbook_pb_a4_p_bw``, 120 pages, count 1: items 1.7912, weight 712 g) is reproduced.
"""

from __future__ import annotations

from decimal import Decimal
from types import MappingProxyType
from typing import Final

from .catalogue import PriceUnit, Product, ProductOption

__all__ = ["PRODUCTS"]

D = Decimal
BOOK_FILES: Final = frozenset({"cover", "book"})
FLAT_FILES: Final = frozenset({"product"})


def _opt(
    reference: str, note: str, type_: str, default: bool, price: str, unit: PriceUnit, weight: str = "0"
) -> ProductOption:
    return ProductOption(reference, note, type_, default, D(price), unit, D(weight))


def _book_paper(default: str) -> tuple[ProductOption, ...]:
    papers = (
        ("pageblock_80off", "Pageblock paper 80gsm Offset", "0.00001"),
        ("pageblock_130mcs", "Pageblock paper 130gsm Machine Coated Silk", "0.0040"),
        ("paper_130mcg", "Pageblock paper 130gsm Machine Coated Gloss", "0.0045"),
        ("gloss_pages_170g", "Pageblock paper 170gsm Gloss", "0.0070"),
    )
    return tuple(
        _opt(ref, note, "type_book_paper", ref == default, price, PriceUnit.PAGE) for ref, note, price in papers
    )


COVER_FINISH: Final = (
    _opt("cover_finish_matte", "Cover lamination Matte finish", "type_book_cover_finish", False, "0", PriceUnit.ITEM),
    _opt("cover_finish_gloss", "Cover lamination Gloss finish", "type_book_cover_finish", True, "0", PriceUnit.ITEM),
    _opt("gloss_laminate_cover", "Cover lamination Gloss laminate, extra durable", "type_book_cover_finish", False, "0.30", PriceUnit.ITEM),
)  # fmt: skip
COVER_PAPER: Final = (
    _opt("cover_130mcg", "Cover paper 130gsm Machine Coated Gloss", "type_book_cover_paper", True, "0", PriceUnit.ITEM),
    _opt("cover_300mcs", "Cover paper 300gsm Machine Coated Silk", "type_book_cover_paper", False, "0.20", PriceUnit.ITEM, "12"),
)  # fmt: skip


def _sheet_paper(type_: str, papers: tuple[tuple[str, str, str, str], ...]) -> tuple[ProductOption, ...]:
    return tuple(
        _opt(ref, note, type_, index == 0, price, PriceUnit.ITEM, weight)
        for index, (ref, note, price, weight) in enumerate(papers)
    )


FLAT_FINISH: Final = (
    _opt("finish_none", "No finish", "type_finish", True, "0", PriceUnit.ITEM),
    _opt("finish_gloss_laminate", "Gloss laminate, one side", "type_finish", False, "0.08", PriceUnit.ITEM),
    _opt("finish_matte_laminate", "Matte laminate, one side", "type_finish", False, "0.08", PriceUnit.ITEM),
)  # fmt: skip
ENVELOPES: Final = (
    _opt("envelope_none", "No envelope", "type_envelope", True, "0", PriceUnit.ITEM),
    _opt("envelope_white", "White envelope, 120gsm", "type_envelope", False, "0.12", PriceUnit.ITEM, "6"),
    _opt("envelope_kraft", "Kraft envelope, 120gsm", "type_envelope", False, "0.14", PriceUnit.ITEM, "6"),
)  # fmt: skip
CALENDAR_BINDING: Final = (
    _opt("wire_o_white", "Wire-O binding, white", "type_calendar_binding", True, "0", PriceUnit.ITEM),
    _opt("wire_o_black", "Wire-O binding, black", "type_calendar_binding", False, "0", PriceUnit.ITEM),
)  # fmt: skip

SIZES: Final = {  # size category -> (width mm, height mm)
    "A6P": (105, 148), "A6L": (148, 105), "A5P": (148, 210), "A5L": (210, 148), "A4P": (210, 297),
    "A4L": (297, 210), "A3P": (297, 420), "A2P": (420, 594), "21x21": (210, 210), "21x30": (210, 300),
    "20x20": (200, 200), "DL": (99, 210), "85x55": (85, 55), "50x70": (500, 700),
}  # fmt: skip


def _specs(
    binding: str, size: str, colors: str, technology: str, sides: int, extra: tuple[tuple[str, str], ...] = ()
) -> tuple[tuple[str, str], ...]:
    width, height = SIZES[size]
    orientation = "Landscape" if width > height else "Portrait" if height > width else "Square"
    return (
        ("Binding method / technology", binding),
        ("Bleed in mm", "3"),
        ("Is the product orientation dependent", "Yes" if orientation != "Square" else "No"),
        ("Minimum order quantity", "1"),
        ("Number of printable sides", str(sides)),
        ("Orientation of the product", orientation),
        ("Per set order quantity", "1"),
        ("Size category", size),
        ("The exact height of the book in mm. after trimming" if sides > 2 else "The exact height in mm. after trimming", str(height)),
        ("The exact width of the book in mm. after trimming" if sides > 2 else "The exact width in mm. after trimming", str(width)),
        ("The page safety margin in mm", "10" if sides > 2 else "5"),
        ("Colors on the back of the page", colors),
        ("Colors on the front of the page", colors),
        ("Print technology", technology),
        *extra,
    )  # fmt: skip


def _book(
    reference: str, name: str, note: str, category: str, binding: str, size: str, color: bool,
    base: str, page: str, pages: tuple[int, int], paper: str, base_weight: str, page_weight: str,
) -> Product:  # fmt: skip
    colors = "Full color" if color else "Black/White"
    cover_extra: tuple[tuple[str, str], ...] = (
        (("Cover overlap in mm", "3"), ("Cover squeeze in mm", "5"), ("Cover wrap in mm", "18"))
        if binding.startswith("CW")
        else (("Cover spine per page in mm", "0.06"),)
    )
    specs = _specs(binding, size, colors, "Digital Inkjet" if color else "Digital Toner", 4, cover_extra)
    return Product(
        reference=reference, name=name, note=note, category=category, base_price=D(base),
        weight_g=D(base_weight), file_types=BOOK_FILES,
        options=_book_paper(paper) + COVER_FINISH + COVER_PAPER, specs=specs, page_price=D(page),
        page_weight_g=D(page_weight), min_pages=pages[0], max_pages=pages[1],
    )  # fmt: skip


def _flat(
    reference: str, name: str, note: str, category: str, size: str, sides: int, base: str, weight: str,
    options: tuple[ProductOption, ...], binding: str = "None - Loose sheet",
) -> Product:  # fmt: skip
    specs = _specs(binding, size, "Full color", "Digital Toner", sides)
    return Product(
        reference=reference, name=name, note=note, category=category, base_price=D(base),
        weight_g=D(weight), file_types=FLAT_FILES, options=options, specs=specs,
    )  # fmt: skip


FLYER_PAPER: Final = _sheet_paper(
    "type_flyer_paper",
    (
        ("paper_135mcg", "Flyer paper 135gsm Machine Coated Gloss", "0", "0"),
        ("paper_170mcs", "Flyer paper 170gsm Machine Coated Silk", "0.02", "1"),
        ("paper_250mcs", "Flyer paper 250gsm Machine Coated Silk", "0.05", "3"),
        ("paper_350mcs", "Flyer paper 350gsm Machine Coated Silk", "0.09", "5"),
    ),
)
POSTER_PAPER: Final = _sheet_paper(
    "type_poster_paper",
    (
        ("poster_paper_170mcs", "Poster paper 170gsm Machine Coated Silk", "0", "0"),
        ("poster_paper_200satin", "Poster paper 200gsm Satin photo", "1.20", "4"),
        ("poster_paper_250matte", "Poster paper 250gsm Matte fine art", "2.40", "9"),
    ),
)
CARD_PAPER: Final = _sheet_paper(
    "type_card_paper",
    (
        ("card_paper_300mcs", "Card paper 300gsm Machine Coated Silk", "0", "0"),
        ("card_paper_350uncoated", "Card paper 350gsm Uncoated natural", "0.06", "1"),
    ),
)
CALENDAR_PAPER: Final = _sheet_paper(
    "type_calendar_paper",
    (
        ("calendar_paper_170mcs", "Calendar paper 170gsm Machine Coated Silk", "0", "0"),
        ("calendar_paper_250mcs", "Calendar paper 250gsm Machine Coated Silk", "1.10", "60"),
    ),
)
BROCHURE_PAPER: Final = tuple(
    _opt(ref, note, "type_brochure_paper", index == 0, price, PriceUnit.PAGE)
    for index, (ref, note, price) in enumerate(
        (
            ("brochure_paper_130mcg", "Brochure paper 130gsm Machine Coated Gloss", "0"),
            ("brochure_paper_170mcs", "Brochure paper 170gsm Machine Coated Silk", "0.0030"),
        )
    )
)

_ALL: Final = (
    _book("book_hardcover_21x21", "Book Hardcover 21x21", "Photo book Casewrap 21x21 cm Square Full color", "Book", "CW - Casewrap", "21x21", True, "6.90", "0.0420", (24, 200), "gloss_pages_170g", "420", "4.4"),
    _book("book_hardcover_21x30", "Book Hardcover 21x30", "Photo book Casewrap 21x30 cm Portrait Full color", "Book", "CW - Casewrap", "21x30", True, "7.90", "0.0480", (24, 200), "paper_130mcg", "520", "5.9"),
    _book("book_softcover_a5_p_fc", "Book Softcover A5 P FC", "Book Perfect bound A5 Portrait Full color", "Book", "PB - Perfect bound", "A5P", True, "2.10", "0.0310", (32, 500), "paper_130mcg", "35", "2.3"),
    _book("book_hardcover_a4_l_fc", "Book Hardcover A4 L FC", "Photo book Casewrap A4 Landscape Full color", "Book", "CW - Casewrap", "A4L", True, "8.40", "0.0520", (24, 200), "gloss_pages_170g", "560", "6.2"),
    _book("photobook_sq_20x20", "Photobook 20x20", "Photobook Layflat 20x20 cm Square Full color", "Photobook", "LF - Layflat", "20x20", True, "11.50", "0.1100", (20, 100), "gloss_pages_170g", "610", "8.1"),
    _book("textbook_cw_a6_p_bw", "Textbook CW A6 P BW", "Textbook Casewrap (PUR, 3 mm board) A6 Portrait DIG BW 80OFF", "Textbook BW", "CW - Casewrap", "A6P", False, "2.90", "0.0060", (24, 800), "pageblock_80off", "110", "1.3"),
    _book("textbook_cw_a5_p_bw", "Textbook CW A5 P BW", "Textbook Casewrap (PUR, 3 mm board) A5 Portrait DIG BW 80OFF", "Textbook BW", "CW - Casewrap", "A5P", False, "3.90", "0.0080", (24, 800), "pageblock_80off", "190", "2.5"),
    _book("textbook_pb_a5_p_bw", "Textbook PB A5 P BW", "Textbook Perfect bound A5 Portrait DIG BW 80OFF", "Textbook BW", "PB - Perfect bound", "A5P", False, "0.30", "0.0090", (32, 800), "pageblock_80off", "25", "2.8"),
    _book("textbook_pb_a4_p_bw", "Textbook PB A4 P BW", "Textbook Perfect bound A4 Portrait DIG BW 80OFF", "Textbook BW", "PB - Perfect bound", "A4P", False, "0.35", "0.0120", (32, 800), "pageblock_80off", "40", "5.6"),
    _book("textbook_pb_a4_p_fc", "Textbook PB A4 P FC", "Textbook Perfect bound A4 Portrait DIG FC 90OFF", "Textbook FC", "PB - Perfect bound", "A4P", True, "0.45", "0.0390", (32, 600), "pageblock_130mcs", "45", "6.1"),
    _book("notebook_a5_pb", "Notebook A5 PB", "Notebook Perfect bound A5 Portrait, printed cover, lined pages", "Notebook", "PB - Perfect bound", "A5P", False, "1.20", "0.0050", (48, 240), "pageblock_80off", "30", "2.5"),
    Product(
        "brochure_a4_p_saddle", "Brochure A4 P Saddle", "Brochure Saddle stitched A4 Portrait Full color", "Brochure",
        D("0.60"), D("10"), FLAT_FILES, BROCHURE_PAPER + FLAT_FINISH,
        _specs("SS - Saddle stitch", "A4P", "Full color", "Digital Toner", 4), D("0.0350"), D("4.8"), 8, 64,
    ),
    Product(
        "brochure_a5_p_saddle", "Brochure A5 P Saddle", "Brochure Saddle stitched A5 Portrait Full color", "Brochure",
        D("0.40"), D("6"), FLAT_FILES, BROCHURE_PAPER + FLAT_FINISH,
        _specs("SS - Saddle stitch", "A5P", "Full color", "Digital Toner", 4), D("0.0200"), D("2.4"), 8, 64,
    ),
    _flat("flyer_a4_p", "Flyer A4 P", "Flyer A4 Portrait Full color double sided", "Flyer", "A4P", 2, "0.32", "8", FLYER_PAPER + FLAT_FINISH),
    _flat("flyer_a5_p", "Flyer A5 P", "Flyer A5 Portrait Full color double sided", "Flyer", "A5P", 2, "0.18", "4", FLYER_PAPER + FLAT_FINISH),
    _flat("flyer_a6_l", "Flyer A6 L", "Flyer A6 Landscape Full color double sided", "Flyer", "A6L", 2, "0.11", "2", FLYER_PAPER + FLAT_FINISH),
    _flat("flyer_dl", "Flyer DL", "Flyer DL 99x210 mm Full color double sided", "Flyer", "DL", 2, "0.12", "3", FLYER_PAPER + FLAT_FINISH),
    _flat("poster_a3_p", "Poster A3 P", "Poster A3 Portrait Full color single sided", "Poster", "A3P", 1, "2.40", "22", POSTER_PAPER),
    _flat("poster_a2_p", "Poster A2 P", "Poster A2 Portrait Full color single sided", "Poster", "A2P", 1, "4.10", "43", POSTER_PAPER),
    _flat("poster_50x70", "Poster 50x70", "Poster 50x70 cm Portrait Full color single sided", "Poster", "50x70", 1, "6.50", "60", POSTER_PAPER),
    _flat("card_greeting_a6_folded", "Greeting card A6 folded", "Greeting card A6 Portrait folded from A5, Full color", "Card", "A6P", 4, "0.95", "10", CARD_PAPER + ENVELOPES, "Folded"),
    _flat("card_post_a6_l", "Postcard A6 L", "Postcard A6 Landscape Full color double sided", "Card", "A6L", 2, "0.35", "5", CARD_PAPER + FLAT_FINISH),
    _flat("card_business_85x55", "Business card 85x55", "Business card 85x55 mm Full color double sided", "Card", "85x55", 2, "0.06", "2", CARD_PAPER + FLAT_FINISH),
    _flat("calendar_wall_a4_p", "Calendar Wall A4 P", "Wall calendar A4 Portrait 13 pages Wire-O Full color", "Calendar", "A4P", 2, "7.80", "180", CALENDAR_PAPER + CALENDAR_BINDING, "Wire-O"),
    _flat("calendar_wall_a3_p", "Calendar Wall A3 P", "Wall calendar A3 Portrait 13 pages Wire-O Full color", "Calendar", "A3P", 2, "12.40", "360", CALENDAR_PAPER + CALENDAR_BINDING, "Wire-O"),
    _flat("calendar_desk_a5_l", "Calendar Desk A5 L", "Desk calendar A5 Landscape 13 pages Wire-O on stand Full color", "Calendar", "A5L", 2, "6.20", "240", CALENDAR_PAPER + CALENDAR_BINDING, "Wire-O"),
    # A stock product (no print files): items of `"type": "stock"` need no `files` (official SDKs).
    Product(
        "stock_tote_bag", "Tote bag (stock)", "Cotton tote bag, natural, 38x42 cm, from stock", "Stock",
        D("3.20"), D("120"), frozenset(), (), (("Stock item", "Yes"), ("Size category", "38x42 cm")),
    ),
)  # fmt: skip

PRODUCTS: Final = MappingProxyType({product.reference: product for product in _ALL})
