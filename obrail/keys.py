"""The portal's API key, generated once instead of copied by hand.

`obrail portal-key FILE` (docker compose's `portal-key` init service) writes a random key to FILE
unless it is already there. The API reads the same file (OBRAIL_PORTAL_API_KEY_FILE) and accepts
the key's SHA-256 digest as the `portal` key; the portal reads it (OBRAIL_API_KEY_FILE) and sends
it. Nobody computes or copies a digest.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

KEY_BYTES = 32


def ensure_key_file(path: Path) -> bool:
    """Write a new random key to `path` unless it exists; True when one was written."""
    if path.exists():
        read_key(path)  # an existing file must hold a key
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o440)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secrets.token_hex(KEY_BYTES) + "\n")
    return True


def read_key(path: Path) -> str:
    """The key held by `path` (surrounding whitespace ignored)."""
    try:
        key = path.read_text(encoding="utf-8").strip()
    except OSError as error:
        raise ValueError(f"cannot read the key file {path}: {error.strerror}") from error
    if not key:
        raise ValueError(f"the key file {path} is empty")
    return key


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()
