"""Both catalogues say the same things: same keys, same placeholders, no emoji."""

from __future__ import annotations

import re
import string
from pathlib import Path

from portal.i18n import Translator, en, fr, other_language, parse_language

#: Emoji and pictographs (no emoji font on many machines: they render as empty boxes).
EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\ufe0f]")
PORTAL = Path(__file__).resolve().parents[2] / "portal"


def _placeholders(message: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(message) if name}


def test_same_keys_and_placeholders() -> None:
    assert fr.MESSAGES.keys() == en.MESSAGES.keys()
    for key, message in fr.MESSAGES.items():
        assert _placeholders(message) == _placeholders(en.MESSAGES[key]), key


def test_every_literal_key_used_in_the_code_exists() -> None:
    used = set()
    for path in PORTAL.rglob("*.py"):
        used |= set(re.findall(r'\bt\(\s*"([a-z_]+\.[a-z0-9_]+)"', path.read_text()))
        used |= set(re.findall(r'"((?:nav|layout)\.[a-z_]+)"', path.read_text()))
    assert used, "no key found: the pattern is stale"
    assert used <= fr.MESSAGES.keys(), used - fr.MESSAGES.keys()


def test_no_emoji_anywhere_in_the_interface() -> None:
    for catalogue in (fr.MESSAGES, en.MESSAGES):
        for key, message in catalogue.items():
            assert not EMOJI.search(message), key
    for path in PORTAL.rglob("*.py"):
        assert not EMOJI.search(path.read_text()), path


def test_language_parsing_and_translation() -> None:
    assert parse_language("en") == "en"
    assert parse_language(None) == "fr"
    assert parse_language("de") == "fr"
    assert other_language("fr") == "en"
    assert Translator("en")("trajets.page_of", page=2, pages=3) == "Page 2 of 3"
