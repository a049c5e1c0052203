"""A sustained mix of map, tile and search requests from concurrent clients against
``izagis serve --workers N`` (rate limits off), at the benchmark database:

    python -m bench.mixed_load --plots 1000000 --clients 20 --workers 2 --seconds 60

Each client sends one request after another (a closed loop; with ``--pause S`` it waits a
random time, S seconds on average, between two, as a person reading the map), drawn at random
(seeded) from ``MIX``: plot tiles at zoom 12-16 anywhere over the synthetic zones; the map's
layers (zones, infrastructure, constraints) for a view of about a z11 tile (``bbox=``), the
map page itself and a zone's fact sheet; and site searches. After a warm-up, every answer is
timed; an error is any answer other than 200/204/304 or a request that fails. Reports p50, p95
and the worst per kind and overall, the errors and the requests a second.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import random
import statistics
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
from pyproj import Transformer
from rich.console import Console
from sqlalchemy import Engine, text

from bench.generate import BENCH_DB, bench_engine, ensure
from bench.scale_data import GAP_M, ORIGIN, ZONE_M, ZONES_PER_ROW
from bench.server import served
from bench.tile_math import tile_bbox
from izagis.settings import Settings

# The searches of bench.run's table: 0.9-3 ha without and with assembly, 10-20 ha by assembly.
SEARCHES: tuple[dict[str, Any], ...] = (
    {
        "area_ha": {"min": 0.9, "max": 3},
        "max_distance_km": {"expressway_interchange": 40, "national_road": 20},
        "allow_assembly": False,
        "limit": 50,
    },
    {
        "area_ha": {"min": 0.9, "max": 3},
        "max_distance_km": {"expressway_interchange": 40, "national_road": 20},
        "limit": 50,
    },
    {"area_ha": {"min": 10, "max": 20}, "limit": 50},
)
# kind -> share of the requests.
MIX = {"tile": 0.70, "map": 0.15, "zone": 0.05, "search": 0.10}
MAP_LAYERS = ("zones", "infrastructure", "constraints")
OK = {200, 204, 304}


@dataclass
class Tally:
    """Latencies (ms) per kind and the errors seen."""

    ms: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in MIX})
    errors: dict[str, int] = field(default_factory=lambda: dict.fromkeys(MIX, 0))
    samples: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Area:
    """Where the synthetic zones lie: random points, tiles and views over them."""

    zones: int
    rng: random.Random
    to_wgs84: Transformer = field(
        default_factory=lambda: Transformer.from_crs(32648, 4326, always_xy=True)
    )

    def point(self) -> tuple[int, float, float]:
        """A synthetic zone's number and a lon/lat inside it."""
        i = self.rng.randrange(self.zones)  # SYN-0000 ...
        x = ORIGIN[0] + (i % ZONES_PER_ROW) * (ZONE_M + GAP_M) + self.rng.random() * ZONE_M
        y = ORIGIN[1] + (i // ZONES_PER_ROW) * (ZONE_M + GAP_M) + self.rng.random() * ZONE_M
        lon, lat = self.to_wgs84.transform(x, y)
        return i, lon, lat

    def tile(self, z: int) -> tuple[int, int, int]:
        _, lon, lat = self.point()
        n = 2**z
        y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
        return z, int((lon + 180) / 360 * n), int(y)


def requests(area: Area, count: int) -> list[tuple[str, str, str, dict[str, Any] | None]]:
    """``count`` requests (kind, method, path, JSON body), drawn from ``MIX``."""
    kinds = area.rng.choices(list(MIX), weights=list(MIX.values()), k=count)
    out: list[tuple[str, str, str, dict[str, Any] | None]] = []
    for kind in kinds:
        if kind == "tile":
            z, x, y = area.tile(area.rng.randint(12, 16))
            out.append((kind, "GET", f"/api/v1/tiles/plots/{z}/{x}/{y}.pbf", None))
        elif kind == "map":
            view = ",".join(f"{v:.5f}" for v in tile_bbox(*area.tile(11)))
            layer = area.rng.choice((*MAP_LAYERS, "page"))
            path = "/en" if layer == "page" else f"/api/v1/{layer}?bbox={view}"
            out.append((kind, "GET", path, None))
        elif kind == "zone":
            i, _, _ = area.point()
            out.append((kind, "GET", f"/api/v1/zones/SYN-{i:04d}", None))
        else:
            out.append((kind, "POST", "/api/v1/site-search", area.rng.choice(SEARCHES)))
    return out


async def _client(
    http: httpx.AsyncClient,
    plan: list[tuple[str, str, str, dict[str, Any] | None]],
    start_at: float,
    stop_at: float,
    tally: Tally,
    pauses: list[float],
) -> None:
    for (kind, method, path, body), pause in zip(plan, pauses, strict=True):
        await asyncio.sleep(pause)
        now = time.perf_counter()
        if now >= stop_at:
            return
        try:
            answer = await http.request(method, path, json=body)
            status = answer.status_code
        except httpx.HTTPError as exc:
            status, answer = 0, None
            if len(tally.samples) < 5:
                tally.samples.append(f"{method} {path}: {exc!r}")
        ms = (time.perf_counter() - now) * 1000
        if now < start_at:
            continue  # warming up
        tally.ms[kind].append(ms)
        if status not in OK:
            tally.errors[kind] += 1
            if len(tally.samples) < 5:
                text_ = answer.text[:200] if answer is not None else ""
                tally.samples.append(f"{method} {path}: {status} {text_}")


async def _run(
    base: str, area: Area, clients: int, seconds: float, warmup: float, pause: float
) -> Tally:
    tally = Tally()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as http:
        start_at = time.perf_counter() + warmup
        stop_at = start_at + seconds
        # Far more requests than a client can send in the time: it stops at stop_at.
        plans = [requests(area, 20_000) for _ in range(clients)]
        waits = [[area.rng.expovariate(1 / pause) if pause else 0.0 for _ in p] for p in plans]
        await asyncio.gather(
            *(
                _client(http, p, start_at, stop_at, tally, w)
                for p, w in zip(plans, waits, strict=True)
            )
        )
    return tally


def _p(values: list[float], q: int) -> float:
    """The ``q``-th percentile."""
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def measure(
    engine: Engine,
    *,
    clients: int = 20,
    workers: int = 2,
    seconds: float = 60,
    warmup: float = 10,
    pause: float = 0,
    seed: int = 0,
) -> dict[str, Any]:
    """Run the mix against ``izagis serve --workers workers``; the summary (ms)."""
    with engine.connect() as conn:
        zones = int(
            conn.execute(text("SELECT count(*) FROM zones WHERE code LIKE 'SYN-%'")).scalar_one()
        )
    area = Area(zones, random.Random(seed))
    with served(engine, workers=workers) as base:
        tally = asyncio.run(_run(base, area, clients, seconds, warmup, pause))
    every = [ms for values in tally.ms.values() for ms in values]
    kinds = {
        kind: {
            "requests": len(values),
            "p50_ms": _p(values, 50),
            "p95_ms": _p(values, 95),
            "max_ms": max(values, default=float("nan")),
            "errors": tally.errors[kind],
        }
        for kind, values in tally.ms.items()
    }
    return {
        "clients": clients,
        "workers": workers,
        "seconds": seconds,
        "pause_s": pause,
        "mix": MIX,
        "requests": len(every),
        "requests_per_s": len(every) / seconds,
        "p50_ms": _p(every, 50),
        "p95_ms": _p(every, 95),
        "max_ms": max(every, default=float("nan")),
        "errors": sum(tally.errors.values()),
        "error_samples": tally.samples,
        "kinds": kinds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--plots", type=int, default=100_000, help="synthetic plots wanted")
    parser.add_argument("--database", default=BENCH_DB)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2, help="izagis serve --workers")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--warmup", type=float, default=10)
    parser.add_argument("--pause", type=float, default=0, help="mean seconds between requests")
    args = parser.parse_args()
    engine = bench_engine(Settings(), args.database)
    ensure(engine, args.plots)
    result = measure(
        engine,
        clients=args.clients,
        workers=args.workers,
        seconds=args.seconds,
        warmup=args.warmup,
        pause=args.pause,
    )
    Console().print_json(json.dumps(result))


if __name__ == "__main__":
    main()
