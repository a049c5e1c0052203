"""The default value functions of site search: for every soft criterion, the breakpoints that
turn a value in the criterion's own unit into a 0-1 value, each with the reason it sits where
it does, and the value a site gets when the criterion's value is missing.

A breakpoint is either backed by a source (``source`` is the address it comes from, and
``reason`` says which figure), or it is a modelling judgement (``source`` is None and
``reason`` starts with "Modelling judgement"): a choice of the authority's analysts that a
request may override (``value_functions`` in the request), or it keeps a criterion that is
already a 0-1 index "as it is". Between breakpoints the function is
linear, outside them flat (the first and last values hold).

A value that is missing (no lease price on file, no feature of a kind in the data) takes
``missing``: 0 unless the entry says otherwise, never a figure that depends on the other sites.
The lease prices of the reference dataset are illustrative (see geodata/README.md); the
breakpoints below are from published market reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class Breakpoint:
    x: float  # in the criterion's unit (area_fit: a share of the wanted area, see SCALED)
    value: float  # 0-1
    reason: str
    source: str | None = None  # None: a modelling judgement


@dataclass(frozen=True)
class DefaultFunction:
    breakpoints: tuple[Breakpoint, ...]
    missing: float = 0.0
    missing_reason: str = "Counted as the worst case: a site cannot gain from a gap in the data."


CUSHMAN_2022: Final = (
    "https://vietnamnet.vn/en/industrial-land-in-hcm-city-almost-twice-as-expensive-than-in-the"
    "-north-2024988.html"
)
CBRE_2024: Final = "https://dulongip.vn/en/handbook/industrial-land-for-lease-price.html"
SAVILLS_2020: Final = "https://www.digitimes.com/news/a20210420PD203.html"
ISSUE_9: Final = "Modelling judgement (the shape proposed in issue 9): "
JUDGEMENT: Final = "Modelling judgement: "

DEFAULTS: Final[dict[str, DefaultFunction]] = {
    "lease_price": DefaultFunction(
        (
            Breakpoint(
                34.0,
                1.0,
                "USD/m² per lease term: the average industrial land rent of central Vietnam in "
                "2022 (Cushman & Wakefield, via VietNamNet), the cheapest regional average "
                "found; land at or below it scores full value. (Northern Vietnam averaged 109, "
                "Hanoi 139.9 in the same report.)",
                CUSHMAN_2022,
            ),
            Breakpoint(
                142.0,
                0.0,
                "USD/m² per lease cycle: the northern Vietnam average in 2024 (CBRE, via Du "
                "Long IP), above Hanoi's 139.9 of 2022; land this dear scores nothing on price. "
                "The northern provinces' rents of 2020 (Savills, via DigiTimes: Hai Duong 76, "
                "Hung Yen 83, Bac Ninh 95, Hai Phong 96, Hanoi 129) fall inside the range, so "
                "the scale tells them apart; the investor's ceiling stays a hard need.",
                CBRE_2024,
            ),
        ),
        missing_reason="No lease price on file: counted as the dearest (0), never guessed.",
    ),
    "area_fit": DefaultFunction(
        (
            Breakpoint(
                0.0,
                1.0,
                JUDGEMENT + "a site exactly the middle of the wanted range fits best.",
            ),
            Breakpoint(
                0.5,
                0.0,
                JUDGEMENT + "a site that differs from the middle of the wanted range by half "
                "the wanted area (the x here is a share of it) fits no better than any other "
                "that meets the area need.",
            ),
        )
    ),
    "expressway_interchange": DefaultFunction(
        (
            Breakpoint(2.0, 1.0, ISSUE_9 + "within 2 km the distance makes no difference."),
            Breakpoint(30.0, 0.0, ISSUE_9 + "from 30 km on, no advantage is left."),
        )
    ),
    "seaport": DefaultFunction(
        (
            Breakpoint(50.0, 1.0, JUDGEMENT + "within 50 km a seaport is as good as next door."),
            Breakpoint(
                200.0, 0.0, JUDGEMENT + "from 200 km on, a seaport gives no advantage over none."
            ),
        )
    ),
    "river_port": DefaultFunction(
        (
            Breakpoint(2.0, 1.0, JUDGEMENT + "within 2 km the distance makes no difference."),
            Breakpoint(40.0, 0.0, JUDGEMENT + "from 40 km on, no advantage is left."),
        )
    ),
    "railway_station": DefaultFunction(
        (
            Breakpoint(2.0, 1.0, JUDGEMENT + "within 2 km the distance makes no difference."),
            Breakpoint(30.0, 0.0, JUDGEMENT + "from 30 km on, no advantage is left."),
        )
    ),
    "national_road": DefaultFunction(
        (
            Breakpoint(1.0, 1.0, JUDGEMENT + "within 1 km the distance makes no difference."),
            Breakpoint(10.0, 0.0, JUDGEMENT + "from 10 km on, no advantage is left."),
        )
    ),
    "substation": DefaultFunction(
        (
            Breakpoint(2.0, 1.0, JUDGEMENT + "within 2 km a connection is short either way."),
            Breakpoint(20.0, 0.0, JUDGEMENT + "from 20 km on, no advantage is left."),
        )
    ),
    "hanoi": DefaultFunction(
        (
            Breakpoint(30.0, 1.0, JUDGEMENT + "within 30 km a site counts as at the capital."),
            Breakpoint(150.0, 0.0, JUDGEMENT + "from 150 km on, no advantage is left."),
        )
    ),
    "labour_pool": DefaultFunction(
        (
            Breakpoint(2.0, 1.0, JUDGEMENT + "within 2 km of a town the distance is no burden."),
            Breakpoint(20.0, 0.0, JUDGEMENT + "from 20 km on, no advantage is left."),
        )
    ),
    "utility_headroom": DefaultFunction(
        (
            Breakpoint(
                0.0, 0.0, "As it is (issue 9): the ratio, no capacity left after the project is 0."
            ),
            Breakpoint(1.0, 1.0, "As it is (issue 9): the ratio, all of the capacity left is 1."),
        ),
        missing_reason="No capacity on file: counted as none left (0).",
    ),
    "constraint_margin": DefaultFunction(
        (
            Breakpoint(0.0, 0.0, JUDGEMENT + "touching a protected area is worth nothing."),
            Breakpoint(5.0, 1.0, JUDGEMENT + "from 5 km on, the margin cannot get any better."),
        ),
        missing=1.0,
        missing_reason="No protected area of any kind on file: nothing to keep away from (1).",
    ),
    "readiness": DefaultFunction(
        (
            Breakpoint(
                0.0, 0.0, "As it is (issue 9): the index, 0 for planned land ten years out or more."
            ),
            Breakpoint(1.0, 1.0, "As it is (issue 9): the index, 1 for free land, leasable now."),
        )
    ),
}
# Criteria whose default breakpoints are shares of the wanted area (the middle of the range,
# or its minimum when no maximum is given), turned into hectares for each request.
SCALED: Final = frozenset({"area_fit"})
