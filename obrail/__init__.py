"""ObRail Observatory: the shared kernel (console command, logging, settings base)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("obrail")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"
