"""deploy/ci/write_env_file.py: the .env the CD writes on the test host is complete, refuses a
missing secret, and is accepted by the real `docker compose config`."""

from __future__ import annotations

import secrets
import subprocess
import sys

import pytest

from tests.delivery.files import (
    COMPOSE_FILE,
    ENV_EXAMPLE,
    ROOT,
    required_variables,
    run_compose,
)
from tests.delivery.test_workflows import load_script, workflow


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


def deploy_env_step() -> dict[str, str]:
    """The `env:` of the CD step that writes the host's .env, as cd.yml gives it."""
    cd = workflow(ROOT / ".github" / "workflows" / "cd.yml")
    steps = cd["jobs"]["deploy-test"]["steps"]
    (step,) = [s for s in steps if "write_env_file.py" in s.get("run", "")]
    environment: dict[str, str] = step["env"]
    return environment


def test_the_cd_step_writes_a_complete_env_file_with_exactly_the_secrets_cd_passes(tmp_path):
    """Run the step's command as the runner would, with only what cd.yml passes (each secret and
    variable set, as the environment's documentation requires)."""
    environment = {"PATH": "/usr/bin:/bin"}
    for name, expression in deploy_env_step().items():
        assert expression.startswith("${{ ") and ("secrets." in expression or "vars." in expression)
        environment[name] = "ops@example.org" if name.endswith("_EMAIL") else secrets.token_hex(16)
    result = subprocess.run(
        [sys.executable, str(ROOT / "deploy/ci/write_env_file.py"), ".env.example"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    env_file = tmp_path / ".env"
    env_file.write_text(result.stdout)
    compose = run_compose(env_file, "config", "--quiet")
    assert compose.returncode == 0, compose.stderr
