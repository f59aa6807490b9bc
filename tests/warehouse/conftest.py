"""Feeds and references read once per test module, from the real mirror."""

from __future__ import annotations

import pytest

from warehouse.sources import catalogue
from warehouse.sources.locate import LocatedSource, locate


@pytest.fixture(scope="session")
def located(data_dir, tmp_path_factory) -> dict[str, LocatedSource]:
    downloads = tmp_path_factory.mktemp("downloads")
    return {s.source_id: locate(s, data_dir, downloads) for s in catalogue.ALL_SOURCES if s.files}
