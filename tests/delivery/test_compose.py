"""docker-compose.yml, checked by the real Docker Compose v2 binary, the compose-spec schema and
the rules of the stack: required secrets, commands that are real `obrail` subcommands,
environment variables that are documented settings, networks, ports, volumes, start order."""

from __future__ import annotations

import ast
import importlib
import inspect
import os
import re
import secrets
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from obrail.keys import ensure_key_file
from obrail.settings import ObrailSettings
from tests.delivery.files import (
    BIN,
    COMPOSE_FILE,
    COMPOSE_OVERRIDES,
    DOCKERFILES,
    ENV_EXAMPLE,
    ROOT,
    dockerfile_instructions,
    env_example_values,
    parse_obrail_arguments,
    referenced_variables,
    required_variables,
    resolved_compose,
    run_compose,
    write_env_file,
)

#: Which settings classes each `obrail` subcommand builds (its healthcheck included).
SETTINGS_OF_SUBCOMMAND = {
    "db": ("warehouse.settings:WarehouseSettings",),
    "etl": ("warehouse.settings:WarehouseSettings", "quality.settings:QualitySettings"),
    "quality": ("quality.settings:QualitySettings", "warehouse.settings:WarehouseSettings"),
    "api": ("api.settings:ApiSettings",),
    "portal": ("portal.settings:PortalSettings",),
    "metabase": ("monitoring.metabase.settings:MetabaseSettings",),
    "portal-key": (),  # writes a key file, reads no settings
    "model": ("ml.settings:ModelSettings",),
}
#: The services of the contract (CONTRACT.md) and the issue, all in one compose file.
EXPECTED_SERVICES = {
    "postgres",
    "migrate",
    "etl",
    "scheduler",
    "quality",
    "api",
    "portal",
    "portal-key",
    "prometheus",
    "alertmanager",
    "pushgateway",
    "blackbox",
    "postgres-exporter",
    "grafana",
    "loki",
    "promtail",
    "metabase-db",
    "metabase",
    "metabase-provision",
    "model",
}
SECRET_WORDS = ("PASSWORD", "SECRET", "TOKEN", "ENCRYPTION_KEY")
MIRROR_ENV = {"OBRAIL_MIRROR_DIR": "/srv/mirror"}


@pytest.fixture(scope="module")
def env_file(tmp_path_factory) -> Path:
    return write_env_file(tmp_path_factory.mktemp("compose") / ".env")


@pytest.fixture(scope="module")
def stack(env_file) -> dict[str, Any]:
    return resolved_compose(env_file)


def settings_class(path: str) -> type[ObrailSettings]:
    module, _, name = path.partition(":")
    cls = getattr(importlib.import_module(module), name)
    assert issubclass(cls, ObrailSettings)
    return cls  # type: ignore[no-any-return]


@cache
def documented_fields(cls: type) -> frozenset[str]:
    """Fields followed by a docstring in the class body, in the class and its settings bases."""
    names: set[str] = set()
    for klass in cls.__mro__:
        if not (isinstance(klass, type) and issubclass(klass, ObrailSettings)):
            continue
        body = ast.parse(inspect.getsource(klass)).body[0]
        assert isinstance(body, ast.ClassDef)
        for statement, following in zip(body.body, body.body[1:], strict=False):
            if (
                isinstance(statement, ast.AnnAssign)
                and isinstance(statement.target, ast.Name)
                and isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
                and following.value.value.strip()
            ):
                names.add(statement.target.id)
    return frozenset(names)


def env_name(cls: type[ObrailSettings], field: str) -> str:
    return f"{cls.model_config.get('env_prefix', '')}{field}".upper()


def all_settings_variables() -> set[str]:
    """OBRAIL_<FIELD> of every field of every service's settings class."""
    for path in {p for paths in SETTINGS_OF_SUBCOMMAND.values() for p in paths}:
        settings_class(path)
    variables: set[str] = set()
    pending: list[type[ObrailSettings]] = [ObrailSettings]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        variables |= {env_name(cls, field) for field in cls.model_fields}
    return variables


def dockerfile_of(service: dict[str, Any]) -> Path | None:
    """The Dockerfile an ObRail service's image comes from (None: a third-party image)."""
    image = service["image"].rsplit("/", 1)[-1].split(":")[0]
    if not image.startswith("obrail-"):
        return None
    path = ROOT / "docker" / f"{image.removeprefix('obrail-')}.Dockerfile"
    assert path in DOCKERFILES, f"{service['image']} has no {path.name}"
    return path


def obrail_services(stack: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: s for name, s in stack["services"].items() if dockerfile_of(s) is not None}


def test_compose_config_is_valid_for_the_real_compose_binary(env_file):
    for files in ((COMPOSE_FILE,), (COMPOSE_FILE, *COMPOSE_OVERRIDES)):
        result = run_compose(env_file, "config", "--quiet", files=files, extra_env=MIRROR_ENV)
        assert result.returncode == 0, result.stderr


def test_the_binary_does_reject_a_broken_file(env_file, tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "services:\n  api:\n    image: x\n    depends_on:\n      nowhere:\n        condition: service_healthy\n"
    )
    result = run_compose(env_file, "config", "--quiet", files=(broken,))
    assert result.returncode != 0 and "nowhere" in result.stderr


@pytest.mark.parametrize("path", [COMPOSE_FILE, *COMPOSE_OVERRIDES], ids=lambda p: p.name)
def test_files_match_the_compose_spec_schema(path):
    result = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.compose-spec", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_resolved_model_matches_the_schema_too(stack, tmp_path):
    resolved = tmp_path / "resolved.json"
    resolved.write_text(__import__("json").dumps(stack))
    result = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.compose-spec", str(resolved)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_service_of_the_stack_is_there(stack):
    assert set(stack["services"]) == EXPECTED_SERVICES


def test_every_secret_is_required_without_default():
    text = COMPOSE_FILE.read_text()
    for name in referenced_variables(text):
        if any(word in name for word in SECRET_WORDS):
            assert name in required_variables(text), f"{name} must be ${{{name}:?...}}"
    assert ":-" not in "".join(
        line
        for line in text.splitlines()
        if any(word in line for word in SECRET_WORDS) and "${" in line
    ), "no default value for a secret"


@pytest.mark.parametrize("variable", sorted(required_variables(COMPOSE_FILE.read_text())))
def test_compose_refuses_to_start_without_each_required_variable(variable, tmp_path):
    result = run_compose(write_env_file(tmp_path / ".env", omit=variable), "config", "--quiet")
    assert result.returncode != 0
    assert variable in result.stderr


def test_env_example_documents_every_variable_and_only_those():
    used = set().union(
        *(referenced_variables(p.read_text()) for p in (COMPOSE_FILE, *COMPOSE_OVERRIDES))
    )
    secrets_from_env = {
        s["environment"] for s in yaml.safe_load(COMPOSE_FILE.read_text())["secrets"].values()
    }
    documented = set(env_example_values())
    override_only = {"OBRAIL_MIRROR_DIR"}  # documented in docker-compose.mirror.yml, off by default
    assert documented == (used | secrets_from_env) - override_only
    commented = False  # each variable, or block of variables, comes right after its comment
    for line in ENV_EXAMPLE.read_text().splitlines():
        if line.startswith("#"):
            commented = True
        elif not line.strip():
            commented = False
        else:
            assert commented, f"{line.split('=')[0]} has no comment in .env.example"


def test_env_example_holds_no_secret_value():
    for name, value in env_example_values().items():
        if any(word in name for word in SECRET_WORDS):
            assert value == "", f"{name} must be empty in .env.example"


def test_obrail_services_run_real_obrail_subcommands(stack):
    services = obrail_services(stack)
    assert set(services) == {
        "migrate",
        "etl",
        "scheduler",
        "quality",
        "api",
        "portal",
        "portal-key",
        "metabase-provision",
        "model",
    }
    for name, service in services.items():
        try:
            parse_obrail_arguments(service["command"])
        except Exception as error:  # Typer's UsageError, BadParameter...
            pytest.fail(f"{name}: `obrail {' '.join(service['command'])}` does not parse: {error}")


def test_obrail_services_set_only_documented_settings_of_their_subcommand(stack):
    every_setting = all_settings_variables()
    for name, service in obrail_services(stack).items():
        classes = [settings_class(p) for p in SETTINGS_OF_SUBCOMMAND[service["command"][0]]]
        for variable in service.get("environment", {}):
            assert variable in every_setting, f"{name}: {variable} is no setting of any service"
            owners = [c for c in classes if variable in {env_name(c, f) for f in c.model_fields}]
            assert owners, f"{name}: {variable} is not read by `obrail {service['command'][0]}`"
            field = variable.removeprefix("OBRAIL_").lower()
            assert all(field in documented_fields(c) for c in owners), (
                f"{variable} has no docstring"
            )


def test_obrail_services_settings_validate_with_the_compose_values(stack, monkeypatch, tmp_path):
    """Each service's settings classes accept the environment compose gives it (production mode:
    the base class refuses placeholder secrets). The portal-key volume holds what the
    `portal-key` init service writes there."""
    for variable in [v for v in os.environ if v.startswith("OBRAIL_")]:
        monkeypatch.delenv(variable)
    key_volume = stack["services"]["portal-key"]["volumes"][0]["target"]
    key_file = tmp_path / "portal.key"
    ensure_key_file(key_file)
    for name, service in obrail_services(stack).items():
        environment = {k: str(v) for k, v in (service.get("environment") or {}).items()}
        if not SETTINGS_OF_SUBCOMMAND[service["command"][0]]:
            assert not environment, f"{name} reads no settings"
            continue
        assert environment.get("OBRAIL_ENVIRONMENT") == "production", name
        with monkeypatch.context() as patch:
            for variable, value in environment.items():
                patch.setenv(variable, value.replace(f"{key_volume}/portal.key", str(key_file)))
            for path in SETTINGS_OF_SUBCOMMAND[service["command"][0]]:
                settings_class(path)()


def test_the_database_tier_is_on_the_internal_network_only(stack):
    assert stack["networks"]["data"].get("internal") is True
    for name in ("postgres", "metabase-db"):
        assert set(stack["services"][name]["networks"]) == {"data"}, name
        assert not stack["services"][name].get("ports"), f"{name} publishes no port"
    database_clients = {n for n, s in stack["services"].items() if "data" in s.get("networks", {})}
    assert "portal" not in database_clients, "the portal speaks to the API only"


def test_published_ports_are_bound_to_loopback_by_default(stack):
    published = {
        name: [(p.get("host_ip"), p.get("published"), p["target"]) for p in s.get("ports", [])]
        for name, s in stack["services"].items()
        if s.get("ports")
    }
    assert set(published) == {"api", "portal", "grafana", "metabase", "prometheus", "alertmanager"}
    for name, ports in published.items():
        for host_ip, _, _ in ports:
            assert host_ip == "127.0.0.1", f"{name} is published on {host_ip}"
    assert published["metabase"] == [("127.0.0.1", "3001", 3000)]


def test_all_state_lives_on_named_volumes(stack):
    declared = set(stack["volumes"])
    used: set[str] = set()
    for name, service in stack["services"].items():
        for mount in service.get("volumes", []):
            if mount["type"] == "volume":
                assert mount["source"] in declared, f"{name}: {mount['source']}"
                used.add(mount["source"])
                continue
            assert mount["type"] == "bind", f"{name}: {mount}"
            assert mount.get("read_only"), f"{name}: bind mount {mount['source']} must be read-only"
            source = Path(mount["source"])
            if source == Path("/var/run/docker.sock"):
                assert name == "promtail"
                continue
            assert source.is_relative_to(ROOT), f"{name}: {source} is outside the repository"
            assert source.exists(), f"{name}: {source.relative_to(ROOT)} does not exist"
    assert used == declared, f"declared but unused: {declared - used}"
    for name in ("postgres", "metabase-db", "prometheus", "grafana", "loki", "alertmanager", "etl"):
        assert any(m["type"] == "volume" for m in stack["services"][name]["volumes"]), name


def has_healthcheck(service: dict[str, Any]) -> bool:
    if service.get("healthcheck", {}).get("test"):
        return not service["healthcheck"].get("disable", False)
    dockerfile = dockerfile_of(service)
    return dockerfile is not None and any(
        k == "HEALTHCHECK" for k, _ in dockerfile_instructions(dockerfile)
    )


def test_start_order_waits_on_health_or_completion(stack):
    services = stack["services"]
    for name, service in services.items():
        for dependency, rule in service.get("depends_on", {}).items():
            condition = rule["condition"]
            assert condition in {
                "service_healthy",
                "service_completed_successfully",
                "service_started",
            }
            if condition == "service_healthy":
                assert has_healthcheck(services[dependency]), (
                    f"{name} waits for {dependency}'s health"
                )
            if condition == "service_completed_successfully":
                assert services[dependency].get("restart", "no") == "no", f"{dependency} is a job"
    order = {
        "migrate": ("postgres", "service_healthy"),
        "etl": ("migrate", "service_completed_successfully"),
        "quality": ("etl", "service_completed_successfully"),
        "scheduler": ("etl", "service_completed_successfully"),
        "api": ("migrate", "service_completed_successfully"),
        "portal": ("api", "service_healthy"),
        "metabase-provision": ("metabase", "service_healthy"),
    }
    for name, (dependency, condition) in order.items():
        assert services[name]["depends_on"][dependency]["condition"] == condition, name


def test_long_running_services_have_a_healthcheck(stack):
    exempt = {"loki", "promtail"}  # their images ship no HTTP client (see docs/livraison)
    for name, service in stack["services"].items():
        if service.get("restart") != "no" and name not in exempt:
            assert has_healthcheck(service), name


def test_prometheus_targets_are_compose_services(stack):
    config = yaml.safe_load((ROOT / "monitoring/prometheus/prometheus.yml").read_text())
    targets = {
        target
        for job in config["scrape_configs"]
        for static in job.get("static_configs", [])
        for target in static["targets"]
    }
    for target in targets:
        host = target.split("://")[-1].split("/")[0].split(":")[0]
        assert host == "localhost" or host in stack["services"], (
            f"{target} is not a compose service"
        )


def test_obrail_images_are_built_from_the_repository_dockerfiles(stack):
    built = {s["build"]["dockerfile"] for s in stack["services"].values() if "build" in s}
    assert {f"docker/{p.name}" for p in DOCKERFILES} == built
    for service in obrail_services(stack).values():
        assert service["image"].startswith("obrail/obrail-") and service["image"].endswith(":local")


def documented_required_variables() -> list[str]:
    """The variables docs/livraison/installation.md tells a newcomer to set."""
    text = (ROOT / "docs" / "livraison" / "installation.md").read_text(encoding="utf-8")
    paragraph = text.split("Variables obligatoires", 1)[1].split("\n\n", 1)[0]
    return re.findall(r"`([A-Z][A-Z0-9_]*)`", paragraph)


def test_compose_starts_with_only_the_variables_the_installation_guide_lists(tmp_path):
    """A newcomer follows installation.md: sets exactly the listed variables, nothing else."""
    listed = documented_required_variables()
    assert "POSTGRES_PASSWORD" in listed
    values = {name: secrets.token_hex(16) for name in listed}
    values["METABASE_ADMIN_EMAIL"] = "admin@example.org"
    env_file = tmp_path / ".env"
    env_file.write_text("".join(f"{name}={value}\n" for name, value in values.items()))
    result = run_compose(env_file, "config", "--quiet")
    assert result.returncode == 0, result.stderr
    assert set(listed) == required_variables(COMPOSE_FILE.read_text())


def test_the_portal_and_the_api_share_the_key_the_init_service_writes(stack):
    services = stack["services"]
    job = services["portal-key"]
    assert job["command"][0] == "portal-key" and job.get("restart", "no") == "no"
    written = Path(job["command"][1])
    for name, variable in (
        ("api", "OBRAIL_PORTAL_API_KEY_FILE"),
        ("portal", "OBRAIL_API_KEY_FILE"),
    ):
        service = services[name]
        assert service["environment"][variable] == str(written), name
        mounts = {m["target"]: m for m in service["volumes"] if m["source"] == "portal-key"}
        assert mounts[str(written.parent)].get("read_only"), name
        assert service["depends_on"]["portal-key"]["condition"] == "service_completed_successfully"
    assert "OBRAIL_API_KEY" not in services["portal"]["environment"]
