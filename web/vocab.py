"""Every vocabulary the pages show, with its labels in the page's language.

The core's vocabularies (``izagis.vocab``: values and English labels) are joined here by the
names the site search reports that are no core vocabulary: its soft criteria, the hard needs
that remove sites, and places a distance is measured to that are no infrastructure kind. The
page script gets them all in its config and has no list of values of its own.
"""

from __future__ import annotations

from typing import Final

from izagis.criteria import CRITERION_NAMES
from izagis.tables import IMPORT_LAYERS
from izagis.vocab import LABELS, NC_, VOCABULARIES
from web.i18n import translations

# The page's own vocabularies: name -> value -> English label (context = the name).
PAGE_LABELS: Final[dict[str, dict[str, str]]] = {
    "criterion": {
        "lease_price": NC_("criterion", "lease price"),
        "area_fit": NC_("criterion", "area difference"),
        "expressway_interchange": NC_("criterion", "to expressway interchange"),
        "seaport": NC_("criterion", "to seaport"),
        "river_port": NC_("criterion", "to river port"),
        "railway_station": NC_("criterion", "to railway station"),
        "national_road": NC_("criterion", "to national road"),
        "substation": NC_("criterion", "to substation"),
        "hanoi": NC_("criterion", "to Hanoi"),
        "labour_pool": NC_("criterion", "to town (labour)"),
        "utility_headroom": NC_("criterion", "utility capacity left"),
        "constraint_margin": NC_("criterion", "from protected areas"),
        "readiness": NC_("criterion", "readiness"),
    },
    # The keys of a site search's "excluded"; a distance need names its kind as {place}.
    "need": {
        "availability": NC_("need", "land status"),
        "zones": NC_("need", "zones chosen"),
        "exclude_zones": NC_("need", "zones left out"),
        "industry": NC_("need", "industry not admitted"),
        "max_lease_price_usd_m2": NC_("need", "lease price"),
        "power_mva": NC_("need", "power capacity"),
        "water_m3_day": NC_("need", "water supply"),
        "wastewater_m3_day": NC_("need", "wastewater capacity"),
        "area_ha": NC_("need", "area"),
        "leasable_by": NC_("need", "not leasable in time"),
        "max_distance_km": NC_("need", "too far ({place})"),
        "min_distance_km": NC_("need", "too close ({place})"),
    },
    "place": {
        "hanoi": NC_("place", "Hanoi"),
    },
}
# The order the page shows them in; the core's vocabularies keep their declaration order.
PAGE_ORDER: Final[dict[str, tuple[str, ...]]] = {
    "criterion": CRITERION_NAMES,
    "need": tuple(PAGE_LABELS["need"]),
    "place": tuple(PAGE_LABELS["place"]),
}

# The layers an admin imports on the staff page (``izagis.tables.IMPORT_LAYERS``): sent to that
# page only, so the public pages stay light.
IMPORT_LAYER_LABELS: Final[dict[str, str]] = {
    "zones": NC_("import_layer", "zones"),
    "plots": NC_("import_layer", "plots"),
    "projects": NC_("import_layer", "projects (tenants)"),
    "infrastructure": NC_("import_layer", "infrastructure"),
    "constraints": NC_("import_layer", "constraint areas"),
}

Vocabulary = list[dict[str, str]]


def import_layers(lang: str) -> Vocabulary:
    """The layers an import takes, in ``IMPORT_LAYERS``'s order, labels in ``lang``."""
    tr = translations(lang)
    return [
        {"value": v, "label": str(tr.pgettext("import_layer", IMPORT_LAYER_LABELS[v]))}
        for v in IMPORT_LAYERS
    ]


def vocabularies(lang: str) -> dict[str, Vocabulary]:
    """name -> [{value, label}] for every vocabulary, labels in ``lang``."""
    tr = translations(lang)

    def entries(name: str, values: tuple[str, ...], labels: dict[str, str]) -> Vocabulary:
        return [
            {"value": v, "label": str(tr.pgettext(name, labels[v])) if v in labels else v}
            for v in values
        ]

    out = {
        name: entries(name, tuple(m.value for m in enum), LABELS.get(name, {}))
        for name, enum in VOCABULARIES.items()
    }
    for name, values in PAGE_ORDER.items():
        out[name] = entries(name, values, PAGE_LABELS[name])
    return out
