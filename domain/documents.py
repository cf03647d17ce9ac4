"""The letterhead of the official documents: reading it, and checking what an admin stores in it.

The arms (lambang daerah) are an uploaded image: only PNG or JPEG, recognised by their first bytes
(not by the name or the declared type, which a browser or a person may get wrong), at most
:data:`MAX_ARMS_BYTES`. SVG is refused on purpose: it can carry script, and the image is served
from the app's own origin.
"""

from __future__ import annotations

from domain.errors import InvalidInput, Problem
from domain.models.letterhead import Letterhead

__all__ = ["ARMS_TYPES", "MAX_ARMS_BYTES", "arms_type", "check_letterhead_text", "government_name"]

MAX_ARMS_BYTES = 200 * 1024  # under the HTTP body limit (256 KiB); a printed arms needs far less
ARMS_TYPES = {"image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8\xff"}


def arms_type(data: bytes) -> str:
    """The image type of an upload of the arms, or ``InvalidInput`` saying what was wrong."""
    if not data:
        raise InvalidInput("the arms image is empty; send a PNG or JPEG file", key="input.arms_empty")
    if len(data) > MAX_ARMS_BYTES:
        raise InvalidInput(
            f"the arms image has {len(data)} bytes; at most {MAX_ARMS_BYTES} are accepted — save it smaller "
            "(about 600 px high is plenty for print)",
            key="input.arms_too_large",
            params={"size": len(data), "max": MAX_ARMS_BYTES},
        )
    for mime, magic in ARMS_TYPES.items():
        if data.startswith(magic):
            return mime
    raise InvalidInput(
        "the arms image is neither PNG nor JPEG (SVG and other formats are refused); convert it",
        key="input.arms_format",
    )


def check_letterhead_text(province_name: str, address: str, city: str) -> list[str]:
    """Problems with the letterhead's text, each saying what to do (empty: fine)."""
    problems: list[str] = []
    if not province_name.strip():
        text = 'give the province\'s name, e.g. "Banten" (printed as "PEMERINTAH PROVINSI BANTEN")'
        problems.append(Problem(text, key="input.letterhead_province_missing"))
    if province_name.strip().lower().startswith(("provinsi", "pemerintah")):
        text = 'give the province\'s name alone, e.g. "Banten": "Pemerintah Provinsi" is added when printed'
        problems.append(Problem(text, key="input.letterhead_province_prefix"))
    for label, value, limit in (("province name", province_name, 120), ("address", address, 250), ("city", city, 80)):
        if len(value) > limit:
            text = f"the {label} has {len(value)} characters; at most {limit}"
            params = {"field": label, "length": len(value), "max": limit}
            problems.append(Problem(text, key="input.letterhead_too_long", params=params))
    if not city.strip():
        problems.append(
            Problem('give the city of the place-and-date line, e.g. "Serang"', key="input.letterhead_city_missing")
        )
    return problems


def government_name(letterhead: Letterhead | None) -> str | None:
    """ "PEMERINTAH PROVINSI BANTEN" for the letterhead's first line (None without a letterhead)."""
    return f"PEMERINTAH PROVINSI {letterhead.province_name.upper()}" if letterhead else None
