"""ApiSettings: environment parsing, hashed keys, and refusals."""

from __future__ import annotations

import hashlib

import pytest
from pydantic import ValidationError

from api.settings import ApiSettings


def test_lists_and_keys_come_from_comma_separated_variables(monkeypatch):
    digest = hashlib.sha256(b"k1").hexdigest()
    other = hashlib.sha256(b"k2").hexdigest()
    monkeypatch.setenv("OBRAIL_API_KEYS", f"portal:{digest}, {other.upper()}")
    monkeypatch.setenv("OBRAIL_CORS_ORIGINS", "https://a.example, https://b.example,")
    monkeypatch.setenv("OBRAIL_DATABASE_URL", "postgresql+psycopg://obrail_api@db:5432/obrail")
    settings = ApiSettings()
    assert settings.api_keys == {digest: "portal", other: "key-2"}
    assert settings.cors_origins == ("https://a.example", "https://b.example")
    assert settings.database_url == "postgresql://obrail_api@db:5432/obrail"


def test_keys_must_be_sha256_digests():
    with pytest.raises(ValidationError, match="SHA-256"):
        ApiSettings(api_keys="portal:my-clear-text-key")


def test_production_refuses_placeholder_passwords():
    with pytest.raises(ValidationError, match="OBRAIL_DATABASE_PASSWORD"):
        ApiSettings(environment="production", database_password="changeme")


def test_database_url_is_required_to_serve():
    with pytest.raises(RuntimeError, match="OBRAIL_DATABASE_URL"):
        ApiSettings(database_url=None).require_database_url()
