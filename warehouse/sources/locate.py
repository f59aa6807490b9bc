"""Find a source's files: in the local mirror (OBRAIL_DATA_DIR) or by downloading them.

Downloads go to the project-local state folder (ignored by git) and are reused. A file URL
ending in `#member` names a member of a zip or tar archive at that URL. A source shipped in a
PyPI package is read from the installed package (offline), whatever the mirror.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import io
import tarfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import httpx

from warehouse.model import PackageData, SourceSpec
from warehouse.sources.errors import SourceUnavailable


@dataclass(frozen=True)
class LocatedSource:
    spec: SourceSpec
    directory: Path
    retrieved_from: str
    checksums: dict[str, str]

    def path(self, file: str) -> Path:
        return self.directory / file


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def locate(
    spec: SourceSpec, data_dir: Path | None, download_dir: Path, timeout_s: float = 60.0
) -> LocatedSource:
    """The source's files on disk, with their SHA-256; raises SourceUnavailable with the reason."""
    if spec.package is not None:
        directory = package_directory(spec, spec.package)
        retrieved_from = f"package:{spec.package.distribution}=={spec.edition}"
    elif data_dir is not None:
        directory = data_dir / spec.mirror_dir
        missing = [f for f in spec.files if not (directory / f).is_file()]
        if missing:
            raise SourceUnavailable(
                f"{spec.source_id}: {', '.join(str(directory / f) for f in missing)} "
                f"not found in the local mirror (OBRAIL_DATA_DIR={data_dir})"
            )
        retrieved_from = f"mirror:{spec.mirror_dir}"
    else:
        directory = download_dir / spec.mirror_dir
        for file in spec.files:
            target = directory / file
            if not target.is_file():
                _download(spec, file, target, timeout_s)
        retrieved_from = spec.public_url
    checksums = {f: sha256_of(directory / f) for f in spec.files}
    return LocatedSource(spec, directory, retrieved_from, checksums)


def package_directory(spec: SourceSpec, package: PackageData) -> Path:
    """The folder of an installed package's data files; its version must be the edition (the
    lock file pins it), so that the same edition always means the same files."""
    try:
        version = importlib.metadata.version(package.distribution)
    except importlib.metadata.PackageNotFoundError:
        version = None
    found = importlib.util.find_spec(package.module) if version else None  # does not import it
    if version is None or found is None or not found.submodule_search_locations:
        raise SourceUnavailable(
            f"{spec.source_id}: the package {package.distribution}=={spec.edition} is not "
            "installed (it ships the data; install the project with requirements.lock)"
        )
    if version != spec.edition:
        raise SourceUnavailable(
            f"{spec.source_id}: {package.distribution} {version} is installed, the ETL reads "
            f"edition {spec.edition} (pinned in requirements.lock)"
        )
    directory = Path(next(iter(found.submodule_search_locations))) / package.folder
    missing = [f for f in spec.files if not (directory / f).is_file()]
    if missing:
        raise SourceUnavailable(
            f"{spec.source_id}: {', '.join(missing)} not found in the installed package "
            f"{package.distribution} ({directory})"
        )
    return directory


def _download(spec: SourceSpec, file: str, target: Path, timeout_s: float) -> None:
    url = spec.url_of(file)
    archive_url, _, member = url.partition("#")
    try:
        response = httpx.get(archive_url, timeout=timeout_s, follow_redirects=True)
        response.raise_for_status()
    except httpx.HTTPError as error:
        raise SourceUnavailable(
            f"{spec.source_id}: cannot download {file} from {archive_url} ({error}). "
            "Set OBRAIL_DATA_DIR to a local mirror of the open data to load without network."
        ) from None
    content = _extract(response.content, member) if member else response.content
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(target.suffix + ".part")
    partial.write_bytes(content)
    partial.replace(target)


def _extract(archive: bytes, member: str) -> bytes:
    if zipfile.is_zipfile(io.BytesIO(archive)):
        with zipfile.ZipFile(io.BytesIO(archive)) as bundle:
            return bundle.read(member)
    with tarfile.open(fileobj=io.BytesIO(archive)) as bundle:
        extracted = bundle.extractfile(member)
        if extracted is None:
            raise SourceUnavailable(f"{member} is not a file in the downloaded archive")
        return extracted.read()
