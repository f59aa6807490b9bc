"""The RGPD register (docs/rgpd.md) says what the code does: a real access-log line and the rate
limiter's key function and buckets are checked against it, and so are the retention settings it
quotes from the configuration files."""

from __future__ import annotations

import asyncio
import hashlib
import ipaddress
import json
import logging
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import yaml

from api.logs import ACCESS_LOGGER, AccessLogFormatter
from api.metrics import ApiMetrics
from api.middleware.observability import ObservabilityMiddleware
from api.middleware.rate_limit import (
    MAX_TRACKED_CLIENTS,
    Quota,
    RateLimitMiddleware,
    TokenBuckets,
    client_key,
)
from api.routing import Behaviour
from api.settings import ApiSettings

ROOT = Path(__file__).resolve().parents[2]
REGISTER = ROOT / "docs" / "rgpd.md"
CLIENT_V4 = "203.0.113.77"
CLIENT_V6 = "2001:db8:1234:5678::1"
PARTNER_KEY = "cle-du-partenaire-pour-le-test"
FREE_TEXT = "Jean Dupont"


def register_table(activity: str) -> dict[str, str]:
    """The 'rubrique | contenu' table of one activity of the register, by its title prefix."""
    text = REGISTER.read_text(encoding="utf-8")
    sections = re.split(r"^## ", text, flags=re.MULTILINE)
    [section] = [s for s in sections if s.startswith(activity)]
    rows = re.findall(r"^\| ([^|]+?) \| (.+) \|$", section, flags=re.MULTILINE)
    return {name: content for name, content in rows if name not in {"rubrique", "---"}}


def quoted(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


async def _ok(scope: Any, receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"{}"})


def _scope(client: str, headers: list[tuple[bytes, bytes]] | None = None) -> dict[str, Any]:
    return {
        "type": "http",
        "method": "GET",
        "path": "/trajets",
        "query_string": f"q={FREE_TEXT}".encode(),
        "headers": headers or [],
        "client": (client, 43210),
    }


async def _noop_receive() -> dict[str, Any]:
    return {"type": "http.request", "body": b""}


async def _discard(message: Any) -> None:
    return None


@pytest.fixture
def api() -> tuple[ObservabilityMiddleware, RateLimitMiddleware]:
    """The API's real observability and rate-limit middlewares around a trivial route."""
    digest = hashlib.sha256(PARTNER_KEY.encode()).hexdigest()
    settings = ApiSettings(database_url=None, api_keys=f"partenaire-x:{digest}")
    metrics = ApiMetrics("test")
    limiter = RateLimitMiddleware(
        _ok, settings=settings, metrics=metrics, behaviour=lambda _route: Behaviour()
    )
    outer = ObservabilityMiddleware(
        limiter, metrics=metrics, resolve_route=lambda path: path, access_log=True
    )
    return outer, limiter


@pytest.fixture
def access_lines() -> Any:
    """Lines written by the access logger, formatted by the API's own formatter."""
    lines: list[str] = []

    class Capture(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    handler = Capture()
    handler.setFormatter(AccessLogFormatter("api"))
    logger = logging.getLogger(ACCESS_LOGGER)
    saved = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield lines
    logger.removeHandler(handler)
    logger.setLevel(saved)


def _request(app: ObservabilityMiddleware, scope: dict[str, Any]) -> None:
    """One request through the middlewares, on an event loop of its own (in a thread: the
    session's Playwright driver may already run a loop in this one)."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        thread.submit(asyncio.run, app(scope, _noop_receive, _discard)).result()


def test_the_logged_fields_are_exactly_those_of_the_register(api, access_lines):
    outer, _ = api
    _request(outer, _scope(CLIENT_V4))
    [line] = access_lines
    logged = set(json.loads(line))
    cell = register_table("T1")["Données"]
    declared = {name for name in quoted(cell) if re.fullmatch(r"[a-z_]+", name)}
    assert logged == declared, (
        f"logged but not in the register: {sorted(logged - declared)}; "
        f"in the register but not logged: {sorted(declared - logged)}"
    )


def test_the_client_address_is_logged_as_the_network_the_register_names(api, access_lines):
    outer, _ = api
    _request(outer, _scope(CLIENT_V4))
    _request(outer, _scope(CLIENT_V6))
    cell = register_table("T1")["Données"]
    v4_prefix, v6_prefix = (int(p) for p in re.findall(r"`/(\d+)`", cell))
    v4, v6 = (json.loads(line) for line in access_lines)
    assert v4["client_net"] == str(ipaddress.ip_network(f"{CLIENT_V4}/{v4_prefix}", strict=False))
    assert v6["client_net"] == str(ipaddress.ip_network(f"{CLIENT_V6}/{v6_prefix}", strict=False))
    never = register_table("T1")["Jamais journalisé"]
    assert "adresse IP complète" in never and "valeurs des paramètres" in never
    for line in access_lines:
        assert CLIENT_V4 not in line and CLIENT_V6 not in line
        assert FREE_TEXT not in line and "Dupont" not in line


def test_a_partner_is_logged_by_name_never_by_key(api, access_lines):
    outer, _ = api
    _request(outer, _scope(CLIENT_V4, [(b"x-api-key", PARTNER_KEY.encode())]))
    [line] = access_lines
    assert json.loads(line)["api_key"] == "partenaire-x"
    assert PARTNER_KEY not in line
    assert "nom du partenaire, jamais la clé" in register_table("T1")["Données"]


def test_the_rate_limiter_keys_on_the_full_address_as_the_register_says(api):
    outer, limiter = api
    data = register_table("T2")["Données"]
    assert "adresse IP complète" in data and "le nom de sa clé à la place de l'adresse" in data
    scope = _scope(CLIENT_V4)
    assert client_key(scope, None) == f"ip:{CLIENT_V4}"
    assert client_key(scope, "partenaire-x") == "key:partenaire-x"
    _request(outer, scope)
    assert client_key(scope, None) in limiter.buckets, "the middleware counts under client_key"
    assert (
        "jamais écrite sur disque, dans un journal ou dans une métrique"
        in (register_table("T2")["Où"])
    )


def test_a_client_address_is_kept_no_longer_than_the_register_says():
    retention = register_table("T2")["Durée de conservation"]
    fields = ApiSettings.model_fields
    burst = fields["rate_limit_burst"].default
    per_minute = fields["rate_limit_per_minute"].default
    refill_s = burst / (per_minute / 60)
    stated = re.search(r"`(\d+(?:\.\d+)?)` secondes avec les réglages par défaut", retention)
    assert stated is not None, "the register gives the retention with the default settings"
    assert float(stated.group(1)) == refill_s
    assert (
        "`OBRAIL_RATE_LIMIT_BURST`" in retention and "`OBRAIL_RATE_LIMIT_PER_MINUTE`" in retention
    )
    assert f"`{MAX_TRACKED_CLIENTS}`" in retention

    buckets, quota = TokenBuckets(), Quota(per_minute, burst)
    for _ in range(burst):  # a client empties its bucket at once
        buckets.take(f"ip:{CLIENT_V4}", quota, now=0.0)
    buckets.take("ip:198.51.100.1", quota, now=refill_s - 0.01)
    assert f"ip:{CLIENT_V4}" in buckets
    buckets.take("ip:198.51.100.1", quota, now=refill_s)
    assert f"ip:{CLIENT_V4}" not in buckets, "forgotten once its bucket is full again"


def test_the_other_buckets_live_no_longer_than_the_register_says(api):
    _, limiter = api
    retention = register_table("T2")["Durée de conservation"]
    public, partner, wrong_keys = limiter.public, limiter.partner, limiter.invalid_keys
    assert partner.burst / partner.per_second <= public.burst / public.per_second
    stated = re.search(r"soit au plus `(\d+)` secondes", retention)
    assert stated is not None and "`OBRAIL_INVALID_KEY_RATE_LIMIT_PER_MINUTE`" in retention
    assert wrong_keys.burst / wrong_keys.per_second <= float(stated.group(1))
    assert "les tentatives avec une clé inconnue" in register_table("T2")["Données"]


def test_log_retention_is_the_one_configured():
    retention = register_table("T1")["Durée de conservation"]
    loki = yaml.safe_load((ROOT / "monitoring" / "loki" / "loki.yml").read_text(encoding="utf-8"))
    assert f"`retention_period: {loki['limits_config']['retention_period']}`" in retention
    assert loki["compactor"]["retention_enabled"] is True
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    options = next(
        service["logging"]["options"]
        for service in compose["services"].values()
        if service.get("logging", {}).get("driver") == "json-file"
    )
    assert f"`max-size: {options['max-size']}`" in retention
    assert f'`max-file: "{options["max-file"]}"`' in retention


def test_alert_and_tool_settings_are_those_of_the_stack():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert not any("--data.retention" in arg for arg in services["alertmanager"]["command"]), (
        "the register relies on Alertmanager's default retention"
    )
    assert "`120h`" in register_table("T5")["Durée de conservation"]
    tools = register_table("T6")
    quoted_settings = set(quoted(tools["Transferts hors de l'Union européenne"])) | set(
        quoted(tools["Mesures de sécurité"])
    )
    environment = {**services["grafana"]["environment"], **services["metabase"]["environment"]}
    for setting in sorted(s for s in quoted_settings if s.startswith(("GF_", "MB_"))):
        expected = "true" if setting == "GF_SECURITY_DISABLE_GRAVATAR" else "false"
        assert str(environment[setting]).lower() == expected, setting
    workflow = (ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    days = re.search(r"`retention-days: (\d+)`", register_table("T7")["Durée de conservation"])
    assert days is not None
    assert set(re.findall(r"retention-days: (\d+)", workflow)) == {days.group(1)}


def test_the_session_cookie_is_the_one_streamlit_sets():
    from streamlit.web.server.starlette import starlette_server_config

    assert starlette_server_config.XSRF_COOKIE_NAME == "_streamlit_xsrf"
    assert "`_streamlit_xsrf`" in register_table("T4")["Données"]
