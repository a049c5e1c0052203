"""The suitability surface's time on the pre-2025 province (about 1,390 km², some 140,000
cells at 100 m) against the 20 s target:

    python -m bench.suitability [--database izagis_reference] [--repeat 3] [--cell 100]

The database (in the embedded cluster) is made and loaded with the reference data alone the
first time: the benchmark database's synthetic zones would mask land the province does not
have. Measured: the grid computed from the database (uncached, each run), the same call
answered from the cache, the Cloud-Optimized GeoTIFF's encoding, and heat tiles at zoom 12
and 14 drawn from the cached grid.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from functools import partial

import numpy as np
from pyproj import Transformer

from bench.generate import bench_engine
from izagis import suitability
from izagis.settings import Settings

TARGET_S = 20.0


def _timed(run: Callable[[], object], repeat: int) -> tuple[float, object]:
    """The median seconds of ``repeat`` runs, and the last run's result."""
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def _tiles(surface: suitability.Surface, z: int) -> list[tuple[int, int, int]]:
    """The XYZ tiles at zoom ``z`` over the grid's middle row of tiles (at most 12)."""
    rows, cols = surface.scores.shape
    to_mercator = Transformer.from_crs(suitability.UTM48N, 3857, always_xy=True)
    west, east = surface.west, surface.west + cols * surface.cell_m
    middle = surface.north - rows * surface.cell_m / 2
    (mx0, mx1), (my, _) = to_mercator.transform([west, east], [middle, middle])
    size = 2 * suitability.WEB_MERCATOR_HALF / 2**z
    y = int((suitability.WEB_MERCATOR_HALF - my) / size)
    xs = range(
        int((mx0 + suitability.WEB_MERCATOR_HALF) / size),
        int((mx1 + suitability.WEB_MERCATOR_HALF) / size) + 1,
    )
    return [(z, x, y) for x in list(xs)[:12]]


def _draw(surface: suitability.Surface, tiles: list[tuple[int, int, int]]) -> list[bytes]:
    return [suitability.tile(surface, *t) for t in tiles]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", default="izagis_reference", help="reference data only")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cell", type=float, default=suitability.CELL_M, help="metres")
    args = parser.parse_args()
    engine = bench_engine(Settings(), args.database)
    weights = suitability.parse_weights(None)
    with engine.connect() as conn:
        seconds, result = _timed(lambda: suitability.compute(conn, weights, args.cell), args.repeat)
        surface = result
        assert isinstance(surface, suitability.Surface)
        suitability.surface(conn, weights, args.cell)  # fills the cache
        cached, _ = _timed(lambda: suitability.surface(conn, weights, args.cell), args.repeat)
    engine.dispose()
    encoded, tif = _timed(lambda: suitability.geotiff(surface), args.repeat)
    assert isinstance(tif, bytes)
    rows, cols = surface.scores.shape
    live = int((surface.scores != suitability.NODATA).sum())
    print(f"grid: {rows} x {cols} cells of {args.cell:g} m, {live:,} scored (the rest masked or")
    print("outside the province); medians of", args.repeat, "runs")
    print(f"{'measure':<44} {'time':>10}")
    holds = "holds" if seconds <= TARGET_S else "DOES NOT HOLD"
    print(f"{'surface computed (uncached)':<44} {seconds:>9.2f}s  target {TARGET_S:g} s: {holds}")
    print(f"{'surface from the cache':<44} {cached * 1000:>8.2f}ms")
    print(f"{'GeoTIFF (COG) encoded, ' + f'{len(tif) / 1e6:.1f} MB':<44} {encoded:>9.2f}s")
    for z in (12, 14):
        tiles = _tiles(surface, z)
        per_tile, _ = _timed(partial(_draw, surface, tiles), args.repeat)
        label = f"heat tile z{z} from the cached grid (x{len(tiles)})"
        print(f"{label:<44} {per_tile / len(tiles) * 1000:>8.1f}ms each")
    print(f"score range {float(np.min(surface.scores[surface.scores >= 0])):.3f}-"
          f"{float(surface.scores.max()):.3f}")  # fmt: skip


if __name__ == "__main__":
    main()
