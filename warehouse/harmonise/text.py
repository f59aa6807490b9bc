"""Name normalisation for matching and search: case-, accent- and punctuation-insensitive."""

from __future__ import annotations

import re
import unicodedata

# Letters that Unicode does not decompose into a base letter plus an accent.
_SPECIAL_LETTERS = str.maketrans(
    {
        "ß": "ss",
        "ø": "o",
        "Ø": "o",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ı": "i",
        "þ": "th",
        "ð": "d",
        "ŀ": "l",
    }
)
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
#: The usual ASCII spellings of letters with umlauts or rings (German 'Muenchen', GeoNames
#: 'Moelndal', Danish 'Koebenhavn'): a second spelling of a name, never a replacement.
_TRANSLITERATIONS = str.maketrans(
    {
        "ä": "ae",
        "Ä": "Ae",
        "ö": "oe",
        "Ö": "Oe",
        "ü": "ue",
        "Ü": "Ue",
        "å": "aa",
        "Å": "Aa",
        "ø": "oe",
        "Ø": "Oe",
    }
)


def normalise(text: str) -> str:
    """'Wien Hbf' -> 'wien hbf'; 'Břeclav' -> 'breclav'; 'Halle (Saale) Hbf' -> 'halle saale hbf'."""
    if text.isascii():  # the same result without Unicode decomposition (most names, all GeoNames')
        return _NON_ALNUM.sub(" ", text.lower()).strip()
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL_LETTERS))
    without_accents = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_ALNUM.sub(" ", without_accents.casefold()).strip()


def slug(text: str) -> str:
    return normalise(text).replace(" ", "-")


def transliterate(text: str) -> str:
    """'München' -> 'Muenchen'; 'Mölndal' -> 'Moelndal'; 'København' -> 'Koebenhavn'."""
    return text.translate(_TRANSLITERATIONS)
