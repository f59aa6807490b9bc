"""Secrets never leave the process in clear: every log line and every error message goes through
`redact`, which masks passwords in connection URLs and conninfo strings, and every secret the
settings hold (`register_secret`, called by `ObrailSettings` for each of its SecretStr fields)."""

from __future__ import annotations

import re
import threading
from urllib.parse import quote

MASK = "***"

#: scheme://user:PASSWORD@host -> scheme://user:***@host
_URL_PASSWORD = re.compile(
    r"(?P<head>\b[a-z][a-z0-9+.-]*://[^:/?#@\s]*):(?P<secret>[^@/\s]+)@", re.I
)
#: password=PASSWORD or password='PASS WORD' in a libpq conninfo string
_CONNINFO_PASSWORD = re.compile(
    r"(?P<head>\bpassword\s*=\s*)(?P<secret>'(?:[^'\\]|\\.)*'|[^\s,;]+)", re.I
)
#: Shorter values would mask ordinary words; real secrets are long (openssl rand -hex 32).
MIN_SECRET_LENGTH = 6

_secrets: set[str] = set()
_lock = threading.Lock()


def register_secret(value: str | None) -> None:
    """Mask `value` (and its URL-encoded form) in everything `redact` sees from now on."""
    if value and len(value) >= MIN_SECRET_LENGTH:
        with _lock:
            _secrets.update({value, quote(value, safe="")})


def redact(text: str) -> str:
    text = _URL_PASSWORD.sub(rf"\g<head>:{MASK}@", text)
    text = _CONNINFO_PASSWORD.sub(rf"\g<head>{MASK}", text)
    if _secrets:
        with _lock:
            known = sorted(_secrets, key=len, reverse=True)
        for secret in known:
            text = text.replace(secret, MASK)
    return text
