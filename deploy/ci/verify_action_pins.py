#!/usr/bin/env python3
"""CI: every action is pinned by a full commit SHA, and that SHA is the commit of the tag its
comment names (`uses: owner/repo@<40 hex> # v1.2.3`). Asks the GitHub API through `gh`.

    GH_TOKEN=... python3 deploy/ci/verify_action_pins.py .github/workflows/*.yml

Exit 0: all pins verified; 1: a pin is malformed, unknown, or differs from its tag.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?:\s+#\s*(?P<tag>\S+))?\s*$")
PINNED = re.compile(r"^(?P<repo>[\w.-]+/[\w.-]+)(?P<path>/[\w./-]+)?@(?P<sha>[0-9a-f]{40})$")


@dataclass(frozen=True)
class Pin:
    file: str
    line: int
    repo: str
    sha: str
    tag: str


def read_pins(paths: list[Path]) -> tuple[list[Pin], list[str]]:
    """Pins of third-party actions, and problems (unpinned, no tag comment)."""
    pins, problems = [], []
    for path in paths:
        for number, text in enumerate(path.read_text().splitlines(), start=1):
            match = USES.match(text)
            if not match or match["ref"].startswith(("./", "docker://")):
                continue
            pinned = PINNED.match(match["ref"])
            where = f"{path}:{number}"
            if not pinned:
                problems.append(f"{where}: {match['ref']} is not pinned by a full commit SHA")
            elif not match["tag"]:
                problems.append(f"{where}: {match['ref']} has no `# tag` comment")
            else:
                pins.append(Pin(str(path), number, pinned["repo"], pinned["sha"], match["tag"]))
    return pins, problems


def gh_api(path: str) -> dict[str, object] | None:
    gh = shutil.which("gh")
    if gh is None:
        raise SystemExit("the GitHub CLI (gh) is not on PATH")
    result = subprocess.run([gh, "api", path], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        return None
    answer: dict[str, object] = json.loads(result.stdout)
    return answer


def tag_commit(repo: str, tag: str) -> str | None:
    """The commit a tag points to (annotated tags are followed)."""
    ref = gh_api(f"repos/{repo}/git/ref/tags/{tag}")
    target = ref.get("object") if ref else None
    while isinstance(target, dict) and target.get("type") == "tag":
        tag_object = gh_api(f"repos/{repo}/git/tags/{target['sha']}")
        target = tag_object.get("object") if tag_object else None
    return str(target["sha"]) if isinstance(target, dict) else None


def main(argv: list[str]) -> int:
    pins, problems = read_pins([Path(arg) for arg in argv[1:]])
    for repo, sha, tag in sorted({(p.repo, p.sha, p.tag) for p in pins}):
        actual = tag_commit(repo, tag)
        if actual is None:
            problems.append(f"{repo}: tag {tag} not found")
        elif actual != sha:
            problems.append(f"{repo}@{sha}: tag {tag} is commit {actual}")
    for problem in problems:
        print(f"::error::{problem}")  # noqa: T201
    print(f"{len(pins)} pins checked, {len(problems)} problems")  # noqa: T201
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
