"""Interface languages: French first, English second. The language lives in the URL (`?lang=en`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, Literal, TypeGuard

from portal.i18n import en, fr

Language = Literal["fr", "en"]

DEFAULT_LANGUAGE: Final[Language] = "fr"
LANGUAGES: Final[tuple[Language, ...]] = ("fr", "en")
#: Each language's name written in that language (the language switch shows the other one).
LANGUAGE_NAMES: Final[Mapping[Language, str]] = {"fr": "Français", "en": "English"}

CATALOGUES: Final[Mapping[Language, Mapping[str, str]]] = {"fr": fr.MESSAGES, "en": en.MESSAGES}


def is_language(value: object) -> TypeGuard[Language]:
    return value in LANGUAGES


def parse_language(value: object) -> Language:
    """The language asked for in a URL, or French when missing or unknown."""
    return value if is_language(value) else DEFAULT_LANGUAGE


def other_language(language: Language) -> Language:
    return "en" if language == "fr" else "fr"


class Translator:
    """`t("key", name=value)`: the message of `key` in one language, with placeholders filled."""

    def __init__(self, language: Language) -> None:
        self.language: Language = language
        self._messages = CATALOGUES[language]

    def has(self, key: str) -> bool:
        return key in self._messages

    def __call__(self, key: str, /, **values: object) -> str:
        message = self._messages[key]
        return message.format(**values) if values else message
