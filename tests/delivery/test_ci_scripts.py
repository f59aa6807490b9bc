"""deploy/ci/write_env_file.py: the .env the CD writes on the test host is complete, refuses a
missing secret, and is accepted by the real `docker compose config`."""

from __future__ import annotations

import secrets

import pytest

from tests.delivery.files import COMPOSE_FILE, ENV_EXAMPLE, required_variables, run_compose
from tests.delivery.test_workflows import load_script


@pytest.fixture(scope="module")
def writer():
    return load_script("write_env_file")


def job_environment() -> dict[str, str]:
    values = {name: secrets.token_hex(16) for name in required_variables(COMPOSE_FILE.read_text())}
    values["METABASE_ADMIN_EMAIL"] = "ops@example.org"
    return values


def test_the_env_file_of_the_host_passes_compose_config(writer, tmp_path):
    content = writer.env_file(
        ENV_EXAMPLE, COMPOSE_FILE, {**job_environment(), "IMAGE_TAG": "sha-abc"}
    )
    env_file = tmp_path / ".env"
    env_file.write_text(content)
    assert "IMAGE_TAG=sha-abc\n" in content and "HOST_BIND_ADDRESS=127.0.0.1\n" in content
    result = run_compose(env_file, "config", "--quiet")
    assert result.returncode == 0, result.stderr


def test_a_missing_secret_is_named_and_stops_the_deployment(writer):
    environment = job_environment()
    hidden = environment.pop("OBRAIL_OWNER_PASSWORD")
    with pytest.raises(ValueError, match="OBRAIL_OWNER_PASSWORD") as error:
        writer.env_file(ENV_EXAMPLE, COMPOSE_FILE, environment)
    assert hidden not in str(error.value)


def test_a_value_on_several_lines_is_refused(writer):
    environment = {**job_environment(), "OBRAIL_CORS_ORIGINS": "a\nPOSTGRES_PASSWORD=x"}
    with pytest.raises(ValueError, match="OBRAIL_CORS_ORIGINS"):
        writer.env_file(ENV_EXAMPLE, COMPOSE_FILE, environment)
