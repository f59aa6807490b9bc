"""The shared settings kernel: database URL flavours and passwords kept out of URLs."""

from __future__ import annotations

from pydantic import SecretStr

from obrail.settings import libpq_url, sqlalchemy_url, url_with_password


def test_libpq_url():
    assert libpq_url("postgres://u@h/d") == "postgresql://u@h/d"
    assert libpq_url("postgresql+psycopg2://u@h/d") == "postgresql://u@h/d"
    assert libpq_url("host=h dbname=d") == "host=h dbname=d"


def test_sqlalchemy_url_uses_psycopg_3_whatever_the_flavour():
    for url in (
        "postgres://u@h/d",
        "postgresql://u@h/d",
        "postgresql+psycopg2://u@h/d",
        "postgresql+psycopg://u@h/d",
    ):
        assert sqlalchemy_url(url) == "postgresql+psycopg://u@h/d"


def test_password_is_quoted_into_the_url():
    url = url_with_password("postgresql://obrail@db:5432/obrail", SecretStr("p@ss:/w"))
    assert url == "postgresql://obrail:p%40ss%3A%2Fw@db:5432/obrail"
    assert (
        url_with_password("postgresql://obrail@db/obrail", None) == "postgresql://obrail@db/obrail"
    )
