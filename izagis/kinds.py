"""The controlled vocabularies, used by the loader, the API and the site search alike."""

from typing import Final

ZONE_STATUSES: Final = ("operating", "developing", "planned", "proposed")
PLOT_STATUSES: Final = ("free", "reserved", "leased", "building", "operating", "delayed", "planned")
LAND_USES: Final = ("industrial", "warehouse", "utility", "green", "road")
PROJECT_STATUSES: Final = ("operating", "building", "delayed")
PROJECT_KINDS: Final = ("infrastructure", "secondary")
EVENT_KINDS: Final = (
    "certificate_issued",
    "certificate_adjusted",
    "capital_increase",
    "building_permit",
    "construction_start",
    "supervision",
)
INFRASTRUCTURE_KINDS: Final = (
    "expressway",
    "expressway_interchange",
    "national_road",
    "railway",
    "railway_station",
    "seaport",
    "river_port",
    "substation",
    "water_plant",
    "wastewater_plant",
    "city",
)
CONSTRAINT_KINDS: Final = (
    "heritage_property",
    "heritage_buffer",
    "national_park",
    "ramsar_wetland",
    "river",
    "residential",
)
# Land given to a tenant, whether or not the factory runs yet.
OCCUPIED_PLOT_STATUSES: Final = ("leased", "building", "operating", "delayed")
# Land that can be leased to tenants (roads, green and utility land cannot).
LEASABLE_LAND_USES: Final = ("industrial", "warehouse")
