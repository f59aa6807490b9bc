"""Every station gets its city, and every name of that city (docs: "Villes et recherche").

A city is what a traveller types: 'München', 'Munich' or 'Muenchen' mean every station of
München (Hbf, Ost, Pasing...). Rules, in order, for each station:
1. the city a reference or the source gives (Trainline's city rows, DB addresses, the night-train
   database's city, the GeoNames town of a town-level position);
2. else the longest start of the station's name that is a known city of its country
   ('Zaragoza Delicias' -> Zaragoza, 'Montpellier Sud de France' -> Montpellier): known cities
   are the references' cities, the cities other stations got in step 1, and the GeoNames towns;
3. else a city of the references named inside the name ('Aéroport-Paris-Roissy-Charles-de-Gaulle
   CDG' -> Paris; Trainline gives that airport station itself as its city, which is ignored).
The station then carries every name of its city for search: the city's own, the localised ones
of the reference (Trainline `info:*`: Vienne, Vienna, Wien), the one-word localised names the
reference gives to stations of that city (München Ost is 'Munich' in English), and the usual
ASCII transliteration of each ('Muenchen', 'Koebenhavn'). Deterministic: stations in id order.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from warehouse.harmonise.stations import Station
from warehouse.harmonise.text import normalise, transliterate
from warehouse.model import RefCity, Town

_BRACKETS = re.compile(r"\s*\([^)]*\)")
_SEVERAL_WORDS = re.compile(r"[\s\-()/]")
MIN_INNER_CITY_LENGTH = 4
MAX_CITY_WORDS = 3


def city_key(name: str) -> str:
    return normalise(name.replace("'", "").replace("’", ""))


class CityNames:
    """Known cities per country: display name and every name, by normalised key (a name and its
    transliteration: 'København' is known as 'kobenhavn' and 'koebenhavn')."""

    def __init__(self, reference_cities: Iterable[RefCity], towns: Iterable[Town]) -> None:
        self.display: dict[tuple[str, str], str] = {}
        self.major: set[tuple[str, str]] = set()
        self.names: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
        self._alias: dict[tuple[str, str], tuple[str, str]] = {}
        for city in sorted(reference_cities, key=lambda c: (c.country, c.name)):
            key = self._register(city.country, city.name)
            self.major.add(key)
            self.names[key].update(city.names)
        self._towns = sorted({(t.country, t.name) for t in towns})

    def _register(self, country: str, name: str) -> tuple[str, str]:
        own = (country, city_key(name))
        key = self._alias.get(own, own)
        self.display.setdefault(key, name)
        self._alias.setdefault(own, key)
        spelled = transliterate(name)
        if spelled != name:
            self._alias.setdefault((country, city_key(spelled)), key)
        return key

    def add(self, country: str, name: str) -> tuple[str, str]:
        key = self._register(country, name)
        self.names[key].add((self.display[key], ""))
        return key

    def add_towns(self, countries: set[str]) -> None:
        """GeoNames towns of these countries are known cities too, after the references' own
        spellings (only the countries of stations still without a city: 68k towns are many)."""
        for country, name in self._towns:
            if country in countries:
                self._register(country, name)

    def from_name(self, country: str, station_name: str) -> tuple[str, str] | None:
        forms = _name_forms(country, station_name)
        for words in forms:
            # A long name is a station's, even where a reference lists it as a 'city'
            # (Trainline's 'Aéroport-Paris-Roissy-Charles-de-Gaulle CDG'): not its own city.
            longest = len(words) if len(words) <= MAX_CITY_WORDS else len(words) - 1
            for size in range(longest, 0, -1):
                prefix = " ".join(words[:size])
                key = self._alias.get((country, prefix)) if len(prefix) >= 3 else None
                if key is not None:
                    return key
        for words in forms:
            for start in range(1, len(words)):
                for size in range(len(words) - start, 0, -1):
                    inner = " ".join(words[start : start + size])
                    key = self._alias.get((country, inner))
                    if len(inner) >= MIN_INNER_CITY_LENGTH and key in self.major:
                        return key
        return None


#: 'St' abbreviates 'Saint' in French-speaking countries, 'Sankt' in German-speaking ones.
_SAINT = {"FR": "saint", "BE": "saint", "LU": "saint", "DE": "sankt", "AT": "sankt", "CH": "sankt"}
_PARTS = re.compile(r"\s+[/–—]\s+|\s+-\s+")


def _name_forms(country: str, name: str) -> list[list[str]]:
    """The ways a station name may start with its city: as written, its halves ('Campus
    Rabanales / Córdoba'), its bracket first ('Binz (Ostseebad)' -> 'Ostseebad Binz'), the part
    before a hyphen ('Alacant-Terminal'), 'St' written out ('St-Malo' -> 'Saint Malo')."""
    bracket = re.search(r"\(([^)]*)\)", name)
    texts = [name] + [part for part in _PARTS.split(name) if part != name]
    if bracket:
        texts.append(f"{bracket.group(1)} {_BRACKETS.sub('', name)}")
    forms = []
    for text in texts:
        words = city_key(_BRACKETS.sub("", text)).split()
        if words and words[0] == "st" and country in _SAINT:
            forms.append([_SAINT[country], *words[1:]])
        forms.append(words)
        first = city_key(_BRACKETS.sub("", text).split("-")[0]).split()
        if first and first != words:
            forms.append(first)
    return [f for f in forms if f]


def assign_cities(
    stations: list[Station], reference_cities: Iterable[RefCity], towns: Iterable[Town]
) -> None:
    """Set each station's city (display name) and add every name of its city to its names."""
    known = CityNames(reference_cities, towns)
    ordered = sorted(stations, key=lambda s: s.station_id)
    city_of: dict[str, tuple[str, str]] = {}
    for station in ordered:
        if station.city and _names_itself(station):
            station.city = None  # Trainline makes some airports a 'city' of their own (CDG)
        if station.city and station.country:
            city_of[station.station_id] = known.add(station.country, station.city)
    known.add_towns({s.country for s in ordered if s.country and s.station_id not in city_of})
    for station in ordered:
        if station.station_id in city_of or not station.country:
            continue
        key = known.from_name(station.country, station.name)
        if key is not None:
            city_of[station.station_id] = key
            known.names[key].add((known.display[key], ""))
    for station in ordered:  # one-word localised names of a city's stations: its exonyms
        key = city_of.get(station.station_id)
        if key is not None:
            known.names[key].update(
                (name, language)
                for name, language in station.names
                if language and not _SEVERAL_WORDS.search(name.strip())
            )
    for station in ordered:
        key = city_of.get(station.station_id)
        if key is not None:
            station.city = station.city or known.display[key]
            station.names.update(known.names[key])
        station.names = with_transliterations(station.names)


def _names_itself(station: Station) -> bool:
    """The 'city' is the station's own long name ('Aéroport-Paris-Roissy-Charles-de-Gaulle CDG')."""
    return city_key(station.city or "") == city_key(station.name) and len(station.name.split()) > 1


def with_transliterations(names: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """Each name plus its ASCII transliteration ('München' -> 'Muenchen'), same language."""
    out = set(names)
    out.update((transliterate(name), language) for name, language in names)
    return out
