"""Builds the technical report (docs/rapport/) and the slides (docs/soutenance/) to HTML and PDF.

Standard library only, so `make docs` runs with any Python 3.11 (no project environment). The
external tools are Debian's pandoc and Chromium and the Node tools pinned in
docsbuild/package.json (Mermaid CLI, Marp CLI); see docs/rapport/README.md.

    python3 -m docsbuild [rapport|soutenance|tout] [--out build/docs]
"""
