#!/usr/bin/env python3
"""CI: build the open-data mirror the tests read, from the pinned editions' public URLs.

    python deploy/ci/fetch_open_data.py TARGET_DIR

Same layout as the offline mirror (warehouse/sources/catalogue.py: `mirror_dir` of each source,
files downloaded by the ETL's own `locate`, archives unpacked the same way), plus a README.md
saying where it comes from (the test fixtures look for it). CI caches the folder, keyed on the
catalogue: it is downloaded again only when a source edition changes.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from warehouse.sources import catalogue
from warehouse.sources.locate import locate

DOWNLOAD_TIMEOUT_S = 300.0


def fetch(target: Path) -> list[str]:
    """Download every source with files into `target`; returns one line per source."""
    lines = []
    for spec in catalogue.ALL_SOURCES:
        if spec.files and spec.package is None:  # packaged sources come with pip install
            located = locate(spec, None, target, DOWNLOAD_TIMEOUT_S)
            lines.append(
                f"- {spec.source_id}: {located.directory.relative_to(target)} ({spec.public_url})"
            )
    return lines


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        sys.stderr.write(__doc__ or "")
        return 2
    target = Path(argv[1]).resolve()
    target.mkdir(parents=True, exist_ok=True)
    lines = fetch(target)
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    (target / "README.md").write_text(
        f"# ObRail open data, fetched by CI on {stamp}\n\n"
        "Pinned editions downloaded by deploy/ci/fetch_open_data.py (see docs/donnees/).\n\n"
        + "\n".join(lines)
        + "\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
