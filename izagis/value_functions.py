"""Value functions: each soft criterion turned into a 0-1 value by a fixed, piecewise linear
function of its own unit, so that a site's value (and its weighted-sum score) does not depend
on which other sites happen to pass.

The defaults, and the reason for each breakpoint, are in ``izagis.value_function_defaults``; a
request may replace the function of any criterion (``value_functions``). A function is a list
of ``(x, value)`` breakpoints with x strictly ascending and values in 0-1, linear between them
and flat outside; a missing value (NaN) takes the function's fixed ``missing`` value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from izagis.criteria import CRITERIA
from izagis.value_function_defaults import DEFAULTS, SCALED

FloatArray = npt.NDArray[np.float64]
MAX_BREAKPOINTS = 20


@dataclass(frozen=True)
class ValueFunction:
    xs: tuple[float, ...]
    values: tuple[float, ...]
    missing: float

    def __call__(self, x: npt.ArrayLike) -> FloatArray:
        """The 0-1 values of ``x`` (NaN -> ``missing``)."""
        arr = np.asarray(x, dtype=np.float64)
        out = np.interp(arr, self.xs, self.values)
        return np.where(np.isnan(arr), self.missing, out)

    def breakpoints(self) -> list[list[float]]:
        return [[x, v] for x, v in zip(self.xs, self.values, strict=True)]


def check_breakpoints(points: Sequence[Sequence[float]]) -> str | None:
    """Why ``points`` is no value function, or None if it is one."""
    if not 2 <= len(points) <= MAX_BREAKPOINTS:
        return f"give 2 to {MAX_BREAKPOINTS} breakpoints"
    for point in points:
        if len(point) != 2:
            return "each breakpoint is [x, value]"
        x, value = point
        if not (np.isfinite(x) and np.isfinite(value)):
            return "breakpoints must be finite numbers"
        if not 0 <= value <= 1:
            return f"values must lie in 0-1, got {value:g}"
    xs = [p[0] for p in points]
    if any(b <= a for a, b in zip(xs, xs[1:], strict=False)):
        return "breakpoints must be in strictly ascending order of x"
    return None


def default_function(name: str, wanted_ha: float) -> ValueFunction:
    """The default function of criterion ``name``; area_fit's breakpoints, shares of the
    wanted area in the defaults file, are turned into hectares of ``wanted_ha``."""
    spec = DEFAULTS[name]
    scale = wanted_ha if name in SCALED else 1.0
    return ValueFunction(
        xs=tuple(b.x * scale for b in spec.breakpoints),
        values=tuple(b.value for b in spec.breakpoints),
        missing=spec.missing,
    )


def resolve(
    overrides: Mapping[str, Sequence[Sequence[float]]] | None, wanted_ha: float
) -> list[ValueFunction]:
    """The function of every criterion, in ``CRITERIA`` order: the request's own where it gives
    one (already checked), the default otherwise. An override keeps the default's missing
    value."""
    out = []
    for c in CRITERIA:
        base = default_function(c.name, wanted_ha)
        given = (overrides or {}).get(c.name)
        if given is not None:
            base = ValueFunction(
                xs=tuple(float(p[0]) for p in given),
                values=tuple(float(p[1]) for p in given),
                missing=base.missing,
            )
        out.append(base)
    return out


def apply(functions: Sequence[ValueFunction], values: FloatArray) -> FloatArray:
    """The (candidates x criteria) matrix of 0-1 values; ``values`` may hold NaN."""
    out = np.empty_like(values, dtype=np.float64)
    for j, f in enumerate(functions):
        out[:, j] = f(values[:, j])
    return out
