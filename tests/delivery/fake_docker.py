#!/usr/bin/env python3
"""A stand-in for the `docker` CLI (no engine on these machines) for the deploy script tests.

It keeps what a real stack would hold in a JSON file ($FAKE_DOCKER_STATE): the image tag
running, the warehouse's Alembic revision, the backups; and records every call. Behaviour:
FAKE_HEADS (JSON tag -> revision its migrate job upgrades to), FAKE_MISSING_TAGS (pull fails),
FAKE_DOWNGRADE_FAILS=1. `fake_docker.py smoke` is the smoke command: it fails for the tags in
FAKE_BROKEN_TAGS.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

STATE = Path(os.environ["FAKE_DOCKER_STATE"])


def load() -> dict[str, Any]:
    if STATE.exists():
        state: dict[str, Any] = json.loads(STATE.read_text())
        return state
    return {"tag": None, "revision": None, "backups": {}, "calls": []}


def main(argv: list[str]) -> int:
    state = load()
    tag = os.environ.get("IMAGE_TAG")
    if argv[:1] == ["smoke"]:
        state["calls"].append(["smoke", state["tag"]])
        STATE.write_text(json.dumps(state))
        return 1 if state["tag"] in os.environ.get("FAKE_BROKEN_TAGS", "").split(",") else 0
    state["calls"].append([tag, *argv])
    code, output = 0, ""
    assert argv[0] == "compose", argv
    words = [w for w in argv[1:] if not w.startswith("-") and w != ".env"]
    if words[0] == "pull":
        code = 1 if tag in os.environ.get("FAKE_MISSING_TAGS", "").split(",") else 0
    elif words[0] == "up" and words[1:] != ["postgres"]:
        state["tag"] = tag  # the migrate job of `tag` upgrades the schema to its head
        state["revision"] = json.loads(os.environ["FAKE_HEADS"])[tag]
    elif words[0] == "run":
        command = words[words.index("migrate") + 1 :]
        if command == ["db", "current"]:
            output = state["revision"] or "(empty database)"
        elif command[:2] == ["db", "backup"]:
            state["backups"][command[2]] = state["revision"]
        elif command[:2] == ["db", "restore"]:
            state["revision"] = state["backups"][command[2]]
        elif command[:2] == ["db", "downgrade"]:
            if os.environ.get("FAKE_DOWNGRADE_FAILS") == "1":
                code = 1
            else:
                state["revision"] = None if command[2] == "base" else command[2]
    STATE.write_text(json.dumps(state))
    if output:
        print(output)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
