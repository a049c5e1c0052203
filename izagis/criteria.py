"""The soft criteria of site search and the default weights per industry profile."""

from __future__ import annotations

from typing import Final

from izagis.mcda import Criterion

# Infrastructure kinds whose nearest distance is a criterion of its own (km, cost).
ACCESS_KINDS: Final = (
    "expressway_interchange",
    "seaport",
    "river_port",
    "railway_station",
    "national_road",
    "substation",
)

CRITERIA: Final = (
    Criterion("lease_price", "USD/m²", "cost"),
    Criterion("area_fit", "ha", "cost"),
    *(Criterion(kind, "km", "cost") for kind in ACCESS_KINDS),
    Criterion("hanoi", "km", "cost"),
    Criterion("labour_pool", "km", "cost"),
    Criterion("utility_headroom", "ratio", "benefit"),
    Criterion("constraint_margin", "km", "benefit"),
    Criterion("readiness", "index", "benefit"),
)
CRITERION_NAMES: Final = tuple(c.name for c in CRITERIA)

_BASE: Final = {
    "lease_price": 3.0,
    "area_fit": 2.0,
    "expressway_interchange": 2.0,
    "seaport": 1.0,
    "river_port": 0.5,
    "railway_station": 0.5,
    "national_road": 1.0,
    "substation": 1.0,
    "hanoi": 1.0,
    "labour_pool": 1.0,
    "utility_headroom": 1.0,
    "constraint_margin": 1.0,
    "readiness": 2.0,
}
# Industry profiles: VSIC 2018 divisions and how their weights differ from the base.
PROFILES: Final[dict[str, tuple[frozenset[str], dict[str, float]]]] = {
    "heavy": (
        frozenset({"17", "19", "20", "22", "23", "24", "25"}),
        {
            "seaport": 3.0,
            "river_port": 2.0,
            "substation": 2.0,
            "utility_headroom": 2.0,
            "constraint_margin": 2.0,
            "hanoi": 0.5,
        },
    ),
    "automotive": (
        frozenset({"28", "29", "30", "33"}),
        {"expressway_interchange": 3.0, "seaport": 2.0, "labour_pool": 2.0},
    ),
    "electronics": (
        frozenset({"26", "27"}),
        {"expressway_interchange": 3.0, "hanoi": 2.0, "labour_pool": 3.0, "utility_headroom": 2.0},
    ),
    "light": (
        frozenset({"10", "11", "13", "14", "15", "16", "18", "21", "31", "32"}),
        {"labour_pool": 3.0, "lease_price": 3.5},
    ),
    "logistics": (
        frozenset({"49", "50", "51", "52", "53"}),
        {
            "expressway_interchange": 3.0,
            "national_road": 2.0,
            "railway_station": 2.0,
            "seaport": 2.0,
            "river_port": 2.0,
        },
    ),
}


def profile_for(industry: str | None) -> str:
    division = (industry or "")[:2]
    return next((name for name, (divs, _) in PROFILES.items() if division in divs), "general")


def default_weights(industry: str | None) -> dict[str, float]:
    """The base weights with the industry profile's emphasis applied."""
    profile = profile_for(industry)
    overrides = PROFILES[profile][1] if profile in PROFILES else {}
    return {**_BASE, **overrides}
