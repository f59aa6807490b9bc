"""The external tools of the build: pandoc, Chromium, and the pinned Node tools.

Every browser the build drives is the machine's Chromium (`OBRAIL_CHROMIUM`), by default
Debian's headless shell /usr/bin/chromium-headless-shell: the same Chromium build as the full
browser /usr/bin/chromium (which OBRAIL_CHROMIUM may name instead), for about a third less CPU.
It is started without a sandbox (the build may run as root, as in CI containers) and never
downloaded: `make docs-deps` installs the Node tools with PUPPETEER_SKIP_DOWNLOAD=1.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from docsbuild.paths import NODE_BIN

CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)


class ToolError(RuntimeError):
    """A tool is missing or failed; the message says which, and how to fix it."""


def chromium() -> str:
    path = os.environ.get("OBRAIL_CHROMIUM", "/usr/bin/chromium-headless-shell")
    if not Path(path).exists():
        raise ToolError(
            f"Chromium not found at {path}: run `make system-deps` or set OBRAIL_CHROMIUM"
        )
    return path


def node_tool(name: str) -> str:
    path = NODE_BIN / name
    if not path.exists():
        raise ToolError(f"{name} is not installed in {NODE_BIN.parent}: run `make docs-deps`")
    return str(path)


def system_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise ToolError(f"{name} is not installed: run `make system-deps` (Debian package)")
    return path


def browser_environment() -> dict[str, str]:
    """Environment for the Node tools: the system Chromium, no sandbox, no download."""
    return {
        **os.environ,
        "CHROME_PATH": chromium(),
        "CHROME_NO_SANDBOX": "1",
        "PUPPETEER_EXECUTABLE_PATH": chromium(),
        "PUPPETEER_SKIP_DOWNLOAD": "1",
    }


def puppeteer_config(directory: Path) -> Path:
    """The launch options Mermaid CLI passes to puppeteer."""
    path = directory / "puppeteer.json"
    config = {"executablePath": chromium(), "args": list(CHROMIUM_FLAGS), "headless": True}
    path.write_text(json.dumps(config), encoding="utf-8")
    return path


def run(
    command: Sequence[str],
    *,
    what: str,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    timeout_s: float = 120,
) -> str:
    """Run a tool; on failure raise ToolError with its output (never a bare traceback)."""
    try:
        completed = subprocess.run(
            list(command),
            cwd=cwd,
            env=dict(env) if env is not None else None,
            capture_output=True,
            text=True,
            timeout=timeout_s,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise ToolError(f"{what}: no answer after {timeout_s:.0f} s") from error
    if completed.returncode != 0:
        output = (completed.stderr or completed.stdout).strip()[-4000:]
        raise ToolError(f"{what} failed (exit {completed.returncode}):\n{output}")
    return completed.stdout


def print_to_pdf(html: Path, pdf: Path) -> None:
    """Print an HTML file to PDF with Chromium (page size, margins and numbers from its CSS)."""
    with tempfile.TemporaryDirectory(prefix="obrail-chromium-") as profile:
        run(
            [
                chromium(),
                "--headless",
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                "--no-pdf-header-footer",
                f"--print-to-pdf={pdf}",
                html.resolve().as_uri(),
            ],
            what=f"Chromium printing {html.name}",
        )
    if not pdf.exists() or pdf.stat().st_size == 0:
        raise ToolError(f"Chromium wrote no PDF for {html.name}")
