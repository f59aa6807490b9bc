#!/usr/bin/env python3
"""CD: the .env of the deployment host, written from the job's environment (secrets, variables).

    python3 deploy/ci/write_env_file.py .env.example [docker-compose.yml] > deploy.env

Every variable of .env.example takes the job's value when set, else the example's default.
A variable the compose file requires (`${NAME:?}`) that ends up empty stops with exit 1 and its
name (never its value). Values holding a newline are refused (they would break the file).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

REQUIRED = re.compile(r"\$\{([A-Z][A-Z0-9_]*):\?")


def example_defaults(example: Path) -> dict[str, str]:
    defaults = {}
    for line in example.read_text().splitlines():
        if line and not line.startswith("#") and "=" in line:
            name, _, value = line.partition("=")
            defaults[name.strip()] = value
    return defaults


def env_file(example: Path, compose: Path, environment: dict[str, str]) -> str:
    defaults = example_defaults(example)
    required = set(REQUIRED.findall(compose.read_text()))
    values = {name: environment.get(name) or default for name, default in defaults.items()}
    missing = sorted(name for name in required if not values.get(name))
    if missing:
        raise ValueError(f"required and empty: {', '.join(missing)}")
    multiline = sorted(name for name, value in values.items() if "\n" in value)
    if multiline:
        raise ValueError(f"values on several lines: {', '.join(multiline)}")
    return "".join(f"{name}={value}\n" for name, value in values.items())


def main(argv: list[str]) -> int:
    example = Path(argv[1]) if len(argv) > 1 else Path(".env.example")
    compose = Path(argv[2]) if len(argv) > 2 else Path("docker-compose.yml")
    try:
        sys.stdout.write(env_file(example, compose, dict(os.environ)))
    except ValueError as error:
        sys.stderr.write(f"write_env_file: {error}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
