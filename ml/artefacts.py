"""Versioned model artefacts in a safe format, byte for byte reproducible.

An artefact is a zip holding `model.skops` (the estimator saved with skops: no pickle, loaded
only with the types the model declares trusted) and `metadata.json` (model, training data hash,
data version, metrics, code and library versions). Every zip entry has a fixed date and the
entries are sorted, so the same training gives the same bytes and the same SHA-256. Files are
named by that SHA-256 under `<model dir>/<model name>/`.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MODEL_ENTRY = "model.skops"
SKOPS_SCHEMA = "schema.json"
METADATA_ENTRY = "metadata.json"
FORMAT = "obrail-model-artefact/1"
_FIXED_DATE = (1980, 1, 1, 0, 0, 0)


class ArtefactError(RuntimeError):
    """An artefact is missing, altered or cannot be loaded safely."""


@dataclass(frozen=True)
class Artefact:
    sha256: str
    relative_path: str
    metadata: dict[str, Any]


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _deterministic_zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=_FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            archive.writestr(info, entries[name], compresslevel=9)
    return buffer.getvalue()


def _normalised_skops(estimator: Any) -> bytes:
    """skops' zip is not reproducible: its entries carry the current time and its arrays are
    named after Python object ids (memory addresses). Renumber the ids in the order they appear
    in the schema (the same object keeps one number) and rewrite the zip with fixed dates."""
    import skops.io

    raw = skops.io.dumps(estimator)
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    schema = json.loads(entries.pop(SKOPS_SCHEMA))
    numbers: dict[int, int] = {}
    renamed = _renumber(schema, numbers)
    files = {}
    for old_id, number in numbers.items():
        old_name = f"{old_id}.npy"
        if old_name in entries:
            files[f"{number}.npy"] = entries.pop(old_name)
    if entries:
        raise ArtefactError(f"unexpected entries in the skops file: {sorted(entries)}")
    files[SKOPS_SCHEMA] = canonical_json(renamed)
    return _deterministic_zip(files)


def _renumber(node: Any, numbers: dict[int, int]) -> Any:
    if isinstance(node, list):
        return [_renumber(item, numbers) for item in node]
    if not isinstance(node, dict):
        return node
    result: dict[str, Any] = {}
    for key, value in node.items():
        if key == "__id__" and isinstance(value, int):
            result[key] = numbers.setdefault(value, len(numbers) + 1)
        elif key == "file" and isinstance(value, str) and value.endswith(".npy"):
            old_id = int(value.removesuffix(".npy"))
            result[key] = f"{numbers.setdefault(old_id, len(numbers) + 1)}.npy"
        else:
            result[key] = _renumber(value, numbers)
    return result


def build(estimator: Any, metadata: dict[str, Any]) -> bytes:
    """The artefact's bytes (deterministic for a deterministic estimator and metadata)."""
    return _deterministic_zip(
        {
            MODEL_ENTRY: _normalised_skops(estimator),
            METADATA_ENTRY: canonical_json({"format": FORMAT, **metadata}),
        }
    )


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write(model_dir: Path, model_name: str, data: bytes) -> Artefact:
    """Write the artefact under its SHA-256 (an identical file already there is kept)."""
    digest = sha256(data)
    relative = f"{model_name}/{digest}.zip"
    path = model_dir / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if not (path.is_file() and sha256(path.read_bytes()) == digest):
        temporary = path.with_suffix(".tmp")
        temporary.write_bytes(data)
        temporary.replace(path)
    return Artefact(digest, relative, read_metadata(data))


def read_metadata(data: bytes) -> dict[str, Any]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            metadata: dict[str, Any] = json.loads(archive.read(METADATA_ENTRY))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ArtefactError(f"not a model artefact ({error})") from error
    if metadata.get("format") != FORMAT:
        raise ArtefactError(f"unknown artefact format {metadata.get('format')!r}")
    return metadata


def load(
    model_dir: Path, relative_path: str, expected_sha256: str, trusted_types: tuple[str, ...]
) -> tuple[Any, dict[str, Any]]:
    """The estimator and metadata of a registered artefact, after checking its SHA-256; only the
    trusted types are instantiated (skops refuses anything else)."""
    path = _inside(model_dir, relative_path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ArtefactError(
            f"artefact {relative_path} cannot be read ({error.strerror})"
        ) from error
    actual = sha256(data)
    if actual != expected_sha256:
        raise ArtefactError(
            f"artefact {relative_path} has SHA-256 {actual[:12]}…, the registry expects "
            f"{expected_sha256[:12]}… (altered or replaced)"
        )
    metadata = read_metadata(data)
    import skops.io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            model_bytes = archive.read(MODEL_ENTRY)
        untrusted = [
            t for t in skops.io.get_untrusted_types(data=model_bytes) if t not in trusted_types
        ]
        if untrusted:
            raise ArtefactError(f"artefact holds untrusted types: {', '.join(untrusted)}")
        estimator = skops.io.loads(model_bytes, trusted=list(trusted_types))
    except ArtefactError:
        raise
    except Exception as error:  # skops raises many kinds on a damaged payload
        raise ArtefactError(f"artefact {relative_path} cannot be loaded ({error})") from error
    return estimator, metadata


def _inside(model_dir: Path, relative_path: str) -> Path:
    base = model_dir.resolve()
    path = (base / relative_path).resolve()
    if base not in path.parents:
        raise ArtefactError(f"artefact path {relative_path!r} is outside the model directory")
    return path
