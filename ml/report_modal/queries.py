"""SQL of the modal-shift model, on the warehouse's read-only `api` views."""

from __future__ import annotations

from typing import Final

#: The training table, in a stable order (its hash identifies the training data).
TRAINING: Final = """
SELECT observation_id, origin_city, origin_country, destination_city, destination_country,
       year, rail_time_min, rail_share::float8 AS rail_share, denominator,
       share_publication_id, rail_time_publication_id
FROM api.market_shares
ORDER BY observation_id
"""

FEATURE_COLUMNS: Final = """
pair_id, place_a, country_a, latitude_a, longitude_a, place_b, country_b, latitude_b, longitude_b,
distance_km::float8 AS distance_km, rail_time_min, fastest_trajet_id, fastest_day_night,
weekly_departures::float8 AS weekly_departures, trajets, day_trajets, night_trajets
"""

#: One pair from two place names in either order, matched on the normalised place name (the
#: same normalisation as station names: no accents, case or punctuation).
PAIR: Final = f"""
SELECT {FEATURE_COLUMNS}
FROM api.city_pair_features
WHERE (place_a_key = %(first)s AND place_b_key = %(second)s)
   OR (place_a_key = %(second)s AND place_b_key = %(first)s)
ORDER BY weekly_departures DESC, pair_id
LIMIT 1
"""  # noqa: S608 -- reviewed: FEATURE_COLUMNS is a constant column list, values are bound

#: Every pair, optionally of one country (either end) or of one place (either end).
PAIRS: Final = f"""
SELECT {FEATURE_COLUMNS}
FROM api.city_pair_features
WHERE (%(country)s::text IS NULL OR country_a = %(country)s OR country_b = %(country)s)
  AND (%(place)s::text IS NULL OR place_a_key = %(place)s OR place_b_key = %(place)s)
  AND (%(day_only)s IS FALSE OR day_trajets > 0)
ORDER BY pair_id
"""  # noqa: S608 -- reviewed: FEATURE_COLUMNS is a constant column list, values are bound
