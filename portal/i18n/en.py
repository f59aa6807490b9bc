"""Messages of the portal in English (the second language)."""

from __future__ import annotations

from typing import Final

from portal.i18n import explore, model

MESSAGES: Final[dict[str, str]] = {
    # navigation and layout
    "nav.home": "Home",
    "nav.trajets": "Journeys",
    "nav.stats": "Statistics",
    "nav.map": "Map",
    "nav.quality": "Data quality",
    "nav.health": "Service health",
    "nav.about": "About",
    "layout.page_title": "{page} – ObRail Observatory",
    "layout.switch_language": "Lire cette page en français",
    "layout.api_down": (
        "**The data service (API) is not answering right now.** Information that depends on it "
        "cannot be shown; the rest of the page still works. Please try again in a few minutes."
    ),
    "layout.api_slow": (
        "The data service is answering slowly right now ({seconds} s): pages may take longer "
        "than usual to appear."
    ),
    "layout.block_unavailable": "“{what}”: not available, the data service is not answering.",
    "layout.block_refused": "“{what}”: the request did not succeed ({detail}).",
    "layout.page_failed": (
        "This page could not be shown in full because of an internal error. The technical team "
        "has been told; the other pages are still available."
    ),
    "layout.new_tab": "{label} (opens a new tab)",
    "common.day": "Day",
    "common.night": "Night",
    "charts.period": "Period",
    "charts.show_table": "Show the chart's data as a table",
    # home
    "home.title": "ObRail Observatory of European rail",
    "home.intro": (
        "The ObRail Europe observatory gathers the open timetables of day and night trains in "
        "Europe, harmonises them and compares them with flying. It shows where the train is "
        "already a credible low-carbon alternative, and where links are missing."
    ),
    "home.figures": "Key figures",
    "home.metric_trajets": "Journeys",
    "home.metric_night_share": "Share of night trains",
    "home.metric_weekly": "Departures per week",
    "home.metric_operators": "Operators",
    "home.metric_countries": "Countries served",
    "home.metric_stations": "Stations",
    "home.figures_sentence": "Of which **{day}** day journeys and **{night}** night journeys.",
    "home.empty": "No data has been published yet: figures will appear after the first load.",
    "home.freshness": "Data freshness",
    "home.col_source": "Source",
    "home.col_valid_from": "Valid from",
    "home.col_valid_until": "Valid until",
    "home.validity_alt": "Validity period and status of each published timetable source",
    "home.explore": "Explore",
    "home.explore_text": "Look up a journey, compare volumes or browse the map of links:",
    "home.sources": "Data sources",
    "home.no_sources": "No source has been published yet.",
    "home.about_link": "Sources, licences and credits",
    # trajets
    "trajets.title": "Journeys",
    "trajets.intro": (
        "Search the published rail journeys. The filters are kept in the page address: copy it "
        "to share exactly this view."
    ),
    "filters.hints": (
        "Search: train number or name, station, city or operator. Stations: station or city name, "
        "or a station identifier. Country: journeys that call at one station or more in that "
        "country. End-to-end duration in hours, distance travelled in kilometres."
    ),
    "home.figures_note": (
        'Current editions of the sources, valid today or not (see "Data freshness"). A '
        "journey is a service: one train with all its running days, counted once; "
        "implausible journeys are left out. Departures per week: departure dates ÷ weeks of "
        "validity of the timetables."
    ),
    "health.metrics_note": (
        "Response time: measured just now by the portal. Database: as seen by the API, which "
        "reaches it in {latency} ms."
    ),
    "filters.title": "Filters",
    "filters.q": "Search",
    "filters.origin": "From station",
    "filters.destination": "To station",
    "filters.country": "Country served",
    "filters.any_country": "All countries",
    "filters.operator": "Operator",
    "filters.any_operator": "All operators",
    "filters.day_night": "Day or night",
    "filters.day_night_all": "All",
    "filters.day_night_day": "Day",
    "filters.day_night_night": "Night",
    "filters.duration": "Duration (hours)",
    "filters.distance": "Distance (km)",
    "filters.sort": "Sort by",
    "filters.sort_departure": "Departure time",
    "filters.sort_duration": "Shortest first",
    "filters.sort_duration_desc": "Longest first",
    "filters.sort_distance": "Distance, ascending",
    "filters.sort_distance_desc": "Distance, descending",
    "filters.sort_co2_saving_desc": "CO₂ saved compared with flying",
    "filters.sort_weekly_departures_desc": "Departures per week",
    "filters.sort_origin": "From station (A to Z)",
    "filters.sort_destination": "To station (A to Z)",
    "filters.apply": "Apply filters",
    "filters.reset": "Reset filters",
    "trajets.results": "Results",
    "trajets.count": "**{count}** journeys match these criteria.",
    "trajets.empty": "No journey matches these criteria. Widen the search or reset the filters.",
    "trajets.table_alt": "Journeys of this page: train, operator, stations, times, duration, distance and CO₂",
    "trajets.col_train": "Train",
    "trajets.col_operator": "Operator",
    "trajets.col_origin": "Departs (local time, station)",
    "trajets.col_destination": "Arrives (local time, station)",
    "trajets.col_duration": "Duration",
    "trajets.col_distance": "Distance (km)",
    "trajets.col_period": "Day / night",
    "trajets.col_days": "Days",
    "trajets.col_co2_train": "CO₂ train (kg)",
    "trajets.col_co2_plane": "CO₂ plane (kg)",
    "trajets.next_day": "{time} (day +{days})",
    "trajets.previous": "Previous page",
    "trajets.next": "Next page",
    "trajets.page_of": "Page {page} of {pages}",
    "trajets.csv": "Download these journeys (CSV)",
    "trajets.csv_failed": "The data service could not produce the CSV file. Please try again later.",
    "trajets.open": "Open a journey of this page",
    "trajets.open_none": "No journey open",
    "trajets.option": "{train}: {origin} → {destination} ({time})",
    # trajet detail
    "detail.title": "Journey {origin} → {destination}",
    "detail.title_unknown": "Requested journey",
    "detail.block": "journey details",
    "detail.close": "Close the journey",
    "detail.overview": (
        "**{train}** ({operator}), {period} train, from **{origin}** to **{destination}**: "
        "departs {departure}, arrives {arrival}, takes {duration}, {distance} km."
    ),
    "detail.service": "Runs: {days}, from {start} to {end} ({weekly} departures a week on average).",
    "detail.distance_method": "Distance: {method}.",
    "detail.distance_method_calls": "sum of the distances between successive calls",
    "detail.distance_method_source": "given by the source",
    "detail.co2_method_factor": "distance × emission factor",
    "detail.co2_method_source": "figure given by the source",
    "detail.fragment": "This journey is part of a longer train that the source describes separately.",
    "detail.calls": "Calls and times",
    "detail.calls_alt": "Calls of the journey in order, with arrival and departure times (local time)",
    "detail.town_position": "* Approximate position: no reference knows this station, it is placed at the centre of its town (GeoNames); distance and map use that position.",
    "detail.no_calls": "The source does not list the calls of this journey.",
    "detail.col_seq": "No.",
    "detail.col_station": "Station",
    "detail.col_country": "Country",
    "detail.col_arrival": "Arrives",
    "detail.col_departure": "Departs",
    "detail.co2": "CO₂ per passenger: train or plane",
    "detail.co2_train": "By train",
    "detail.co2_plane": "By plane",
    "detail.co2_saving": "CO₂ saved by train",
    "detail.co2_train_method": "Train: {method}; {factor}",
    "detail.co2_plane_method": (
        "Plane: flight {origin} → {destination} ({distance} km great-circle), {factor}"
    ),
    "detail.factor": "factor “{label}” of {value} kg CO₂e per passenger-km (source: {source}).",
    "detail.no_factor": "factor not stated.",
    "detail.no_plane": "No comparison with flying for this journey (no suitable airports, or too short).",
    "detail.co2_chart": "CO₂ emissions per passenger for this journey, by train and by plane",
    "detail.co2_summary": (
        "This journey emits **{train} kg** of CO₂ per passenger by train against **{plane} kg** "
        "by plane, about {ratio} times less by train."
    ),
    "detail.col_mode": "Mode",
    "detail.col_kg": "kg of CO₂ per passenger",
    "detail.mode_train": "Train",
    "detail.mode_plane": "Plane",
    "detail.source": "Source and licence",
    "detail.source_name": "Source: {name}, edition {edition}",
    "detail.source_publisher": "Publisher: {publisher}",
    "detail.source_licence": "Licence: {licence}",
    "detail.source_attribution": "Credit: {attribution}",
    "detail.source_historical": "Historical timetable (no longer current).",
    # statistics
    "stats.title": "Statistics",
    "stats.intro": (
        "Day and night trains in figures, for the current editions of the sources. A journey "
        "is a service: one train with all its days, counted once, implausible journeys left "
        "out. Each chart is summed up in a sentence and its data is available as a table."
    ),
    "stats.split": "Day and night",
    "stats.split_description": "Number of day and night journeys, as horizontal bars",
    "stats.split_summary": (
        "The **{night}** night journeys are **{share}** of all journeys and {weekly_share} of "
        "weekly departures."
    ),
    "stats.by_operator": "Volumes by operator",
    "stats.by_country": "Volumes by country",
    "stats.group_operator": "Operator",
    "stats.group_country": "Country",
    "stats.group_brand": "Brand",
    "stats.group_source": "Source",
    "stats.group_rail_category": "Category",
    "stats.volumes_description": "Day and night journeys by {group} ({top}), as stacked bars",
    "stats.volumes_summary": (
        "{count} values of “{group}”. First: **{top}**, with {top_trajets} journeys of which "
        "{top_night} at night."
    ),
    "stats.coverage": "Coverage",
    "stats.volumes_summary_uncovered": (
        "{count} values of “{group}”. First: **{top}**, with {top_trajets} journeys; its night "
        "trains are not covered."
    ),
    "stats.distributions": "Journeys by duration or distance",
    "stats.distribution_choice": "Show the distribution by",
    "stats.distribution_duration": "Journey durations",
    "stats.distribution_distance": "Journey distances",
    "stats.metric_duration": "Duration",
    "stats.metric_distance": "Distance",
    "stats.bin_hours": "{lower} to {upper} h",
    "stats.bin_km": "{lower} to {upper} km",
    "stats.bin_hours_more": "{lower} h and more",
    "stats.bin_km_more": "{lower} km and more",
    "stats.axis_share_of_period": "Share of the period's journeys",
    "stats.col_day_trajets": "Day journeys",
    "stats.col_day_share": "Share (day)",
    "stats.col_night_trajets": "Night journeys",
    "stats.col_night_share": "Share (night)",
    "stats.distribution_description": "Day and night journeys by {metric}",
    "stats.distribution_summary": (
        "Most frequent {metric}: {day} for day trains, {night} for night trains."
    ),
    "stats.co2": "CO₂: train or plane",
    "stats.co2_description": "Average CO₂ per passenger and journey, by train and by plane, day and night",
    "stats.co2_summary_row": (
        "By {period}, a journey emits on average **{train} kg** of CO₂ per passenger by train "
        "against **{plane} kg** by plane ({saving} kg saved)."
    ),
    "stats.factors_intro": "Emission factors used:",
    "stats.factor_line": "{label}: {value} kg CO₂e per passenger-km (source: {source})",
    "stats.axis_trajets": "Journeys",
    "stats.axis_kg": "kg of CO₂ per passenger",
    "stats.mode": "Mode",
    "stats.col_share": "Share",
    "stats.axis_value": "Number",
    "stats.col_share_trajets": "Share of journeys",
    "stats.col_share_weekly": "Share of departures",
    "stats.col_total": "Total",
    "stats.col_weekly": "Departures per week",
    "stats.col_train_kg": "Train (kg)",
    "stats.col_plane_kg": "Plane (kg)",
    "stats.col_saving_kg": "Saved (kg)",
    "stats.no_data": "No data for this chart.",
    # map
    "map.title": "Map of links",
    "map.intro": (
        "Day and night links across Europe (services of the current editions). Night links are "
        "blue and dashed, day links orange and solid; line width follows departures per week. A link served both "
        "ways is one line (↔): its journeys and departures count both directions."
    ),
    "map.routes": "Links",
    "map.description": "Map of Europe showing day and night rail links between stations",
    "map.summary": (
        "**{routes}** links shown: {day} by day and {night} by night. The most frequent is "
        "{top} ({top_weekly} departures a week)."
    ),
    "map.unlocated": "{count} links without coordinates are not drawn (they are in the table).",
    "map.table_note": "The table lists the {count} most frequent links.",
    "map.empty": "No link matches these criteria.",
    "map.col_link": "Link",
    "map.col_origin": "From",
    "map.col_destination": "To",
    "map.station": "Station",
    "map.weekly": "Departures per week",
    # quality
    "quality.title": "Data quality",
    "quality.intro": (
        "After every load, automatic checks validate the published data: completeness, consistent "
        "times and distances, references between tables. A critical failure blocks publication."
    ),
    "quality.latest": "Latest checks",
    "quality.empty": "No data-quality result has been published yet.",
    "quality.metric_result": "Result",
    "quality.metric_checks": "Checks",
    "quality.metric_failed": "Failed checks",
    "quality.passed": "Passed",
    "quality.failed": "Failed",
    "quality.run_text": (
        "Checks finished on {finished} on data version {version}: {critical} critical failure(s), "
        "{warnings} warning(s)."
    ),
    "quality.suites": "Details by set of checks",
    "quality.suite": "{suite} ({result})",
    "quality.col_check": "Check",
    "quality.col_severity": "Severity",
    "quality.col_result": "Result",
    "quality.col_unexpected": "Rows out of line",
    "quality.severity_critical": "Critical",
    "quality.severity_warning": "Warning",
    "quality.table_alt": "Results of the checks of set {suite}",
    # health
    "health.title": "Service health",
    "health.intro": "The state of the data service, how fresh the data is, and ongoing incidents.",
    "health.api": "Data service (API)",
    "health.metric_api": "API",
    "health.metric_latency": "Response time",
    "health.metric_database": "Database",
    "health.up": "Available",
    "health.down": "Unavailable",
    "health.degraded": "Degraded",
    "health.degraded_text": "The API answers but reports a problem: some data may be missing.",
    "health.api_down": "**The API is not answering** ({reason}). The rest of this page depends on it.",
    "health.reason_timeout": "timed out",
    "health.reason_unreachable": "cannot connect",
    "health.reason_server_error": "server error",
    "health.reason_rate_limited": "too many requests",
    "health.reason_unexpected_answer": "unreadable answer",
    "health.version": "API version: {version}.",
    "health.freshness": "Data freshness",
    "health.freshness_text": (
        "Data published on **{published}** (version {version}). Last successful load on "
        "**{etl}**, {age}."
    ),
    "health.etl": "Latest loads (ETL)",
    "health.no_runs": "No load has run yet.",
    "health.runs_alt": "Latest data loads: start, end, status, rows loaded and rejected",
    "health.col_started": "Started",
    "health.col_finished": "Finished",
    "health.col_status": "Status",
    "health.col_loaded": "Rows loaded",
    "health.col_rejected": "Rows rejected",
    "health.status_success": "Succeeded",
    "health.status_succeeded": "Succeeded",
    "health.status_failed": "Failed",
    "health.status_running": "Running",
    "health.status_refused": "Refused by the checks",
    "health.incidents": "Incidents",
    "health.monitoring_off": (
        "Monitoring is not running in this environment: incidents cannot be shown here."
    ),
    "health.no_incident": "No ongoing incident.",
    "health.incidents_count": "{count} ongoing incident(s).",
    "health.incident_line": "**{name}** ({severity}, since {since}): {summary}",
    "health.runbook": "runbook",
    # about
    "about.title": "About",
    "about.intro": (
        "ObRail Europe is an independent observatory of European rail. This portal shows "
        "harmonised open data; it does not sell tickets and does not replace operators' timetables."
    ),
    "about.sources": "Sources and licences",
    "about.sources_intro": (
        "All data comes from open datasets. Their licences apply to the derived data published "
        "here; please keep the credits below when you reuse it."
    ),
    "about.no_sources": "No source has been published yet.",
    "about.source_edition": "edition {edition}",
    "about.source_publisher": "publisher: {publisher}",
    "about.source_licence": "licence: {licence}",
    "about.source_attribution": "credit: {attribution}",
    "about.source_historical": "historical",
    "about.method": "Method",
    "about.method_text": (
        "A train is a “night train” when its source describes it as a sleeper or couchette "
        "service: every train of the Open Night Train Database, EuroNight / Nightjet products in "
        "the German timetables, Lunéa routes in the Intercités timetables. A day train may run "
        "late in the evening without being a night train.\n\n"
        "CO₂ per passenger by train is the source's own figure when it gives one, otherwise the "
        "distance times the ADEME Base Empreinte factor (via Impact CO₂) of the train's category. "
        "By plane: the great-circle distance between the airports nearest to the origin and the "
        "destination, times the ADEME factor of that distance band (contrails included). No "
        "comparison when both airports are less than 100 km apart."
    ),
    "about.privacy": "Personal data (GDPR)",
    "about.privacy_text": (
        "This portal asks for no personal data, sets no audience-measurement or advertising "
        "cookie and uses no third-party service; a technical session cookie only protects the "
        "exchanges with the server (XSRF protection) and identifies nobody. Only technical logs "
        "(date, page requested, "
        "processing time) are kept to run and secure the service, then deleted. You can exercise "
        "your rights of access, rectification and objection with ObRail Europe (contact below) "
        "and complain to the CNIL (cnil.fr) if you disagree."
    ),
    "about.accessibility": "Accessibility statement",
    "about.accessibility_text": (
        "ObRail Europe is committed to making this portal accessible under the French RGAA 4.1, "
        "which follows WCAG 2.1 level AA.\n\n"
        "**Compliance**: partially compliant. Every page is tested automatically (axe-core) in a "
        "real browser with no WCAG 2.1 A or AA error, and checked by hand against the audit grid "
        "published with the documentation.\n\n"
        "**Known issues**: a few internal labels of the Streamlit framework (skip link, menu "
        "button, texts of interactive charts) are in English; charts come with a summary and a "
        "data table.\n\n"
        "**Feedback**: if you cannot reach some content, write to us (contact below) and we will "
        "send you an accessible version. If our answer does not satisfy you, you can refer the "
        "matter to the French Défenseur des droits."
    ),
    "about.contact": "Contact",
    "about.contact_text": "ObRail Europe – observatory of European rail: contact@obrail.eu",
    "home.coverage_sentence": (
        "Coverage: day trains are covered in **{day}** countries ({day_partial} of them "
        'partly), night trains in **{night}** countries. Elsewhere figures are "not '
        'covered": unknown, not zero (details per country under Statistics).'
    ),
    "home.freshness_text": (
        "Data published on **{published}** (version {version}); last successful load on "
        "**{etl}**. Validity of the published timetables, as of {today}:"
    ),
    "home.col_status": "Status",
    "validity.expired": (
        "**Expired timetables.** None of the timetables shown is valid today: {editions}. "
        "The figures describe those timetables, not the trains running today."
    ),
    "validity.partly_expired": (
        "**Partly expired timetables.** {editions}. The other timetables shown are valid "
        "today: the figures mix valid and expired timetables."
    ),
    "validity.current": "Timetables valid today ({today}).",
    "validity.historical": "Historical timetables (past editions), not in current figures.",
    "validity.edition_expired": "{name}: expired since {since}",
    "validity.status_current": "valid",
    "validity.status_expired": "expired since {since}",
    "validity.status_upcoming": "not yet in force",
    "validity.status_historical": "historical",
    "coverage.covered": "covered",
    "coverage.partial": "partly covered",
    "coverage.none": "not covered",
    "trajets.flagged": "{train} (implausible, left out of statistics)",
    "trajets.days_period": "{days}, {start} to {end}",
    "trajets.days_exceptions": "{days} (+{extra} / −{removed} dates)",
    "detail.service_dates": (
        "{count} departure dates; {variants} trips of the source (calendar variants) grouped "
        "into this journey."
    ),
    "detail.service_extra": "Also on: {dates}.",
    "detail.service_removed": "No train on: {dates}.",
    "detail.run_dates": "Every departure date",
    "detail.implausible": (
        "**Journey flagged as implausible: it is shown but left out of every statistic.** Reasons:"
    ),
    "plausibility.speed_too_low": "average speed too low for its category",
    "plausibility.speed_too_high": "average speed too high for its category",
    "plausibility.duration_too_long": "longer than possible for its category",
    "plausibility.time_gap": "source times going backwards between two stops (read as the next day)",
    "plausibility.distance_detour": "distance unrelated to the straight line (misplaced station or wrong distance)",
    "plausibility.night_too_short": "a night train of less than 5 hours",
    "plausibility.night_not_overnight": "a night train never on its way between midnight and 5 am",
    "detail.source_expired": "Timetable expired since {since} (valid until {until}).",
    "stats.coverage_note": (
        'A "not covered" country has no source for those trains: its figure is unknown, not '
        'zero. "Partly covered": only some of those trains are published (for instance only '
        "the TGV in France, or trains coming from a neighbouring country)."
    ),
    "stats.col_day_coverage": "Coverage (day)",
    "stats.col_night_coverage": "Coverage (night)",
    "stats.co2_left_out": (
        "{period}: averages over {comparable} journeys whose train and plane CO₂ are both "
        "known; {missing} journeys are left out (distance or airports unknown)."
    ),
}

MESSAGES.update(explore.EN)
MESSAGES.update(model.EN)
