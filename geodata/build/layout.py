"""Plots inside the zones: the street grid, the subdivision of blocks into lots, utilities.

Each zone gets a perimeter green belt, a slightly irregular road grid and blocks cut into lots
(ILLUSTRATIVE, seeded random layout); the Gián Khẩu extension gets a belt, an access road and
three large lots. The plots of a zone are then noded together on the output grid so that
neighbours share exact edges and the zone outline is exactly their union.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import shapely
from shapely import affinity
from shapely.geometry import Polygon, box
from shapely.strtree import STRtree

from geodata.build.facts import ZONES
from geodata.build.geography import GK_EXTENSION_LOBE, ZONE_SHAPES, build_zone_outlines
from geodata.build.geometry import GRID, parts, to_ll, to_utm, width
from izagis.vocab import LandUse

# Plot layout per zone: road pitch across x and y (m), road width (m), perimeter green belt
# width (m), target industrial lot size (ha).
LAYOUT: dict[str, tuple[float, float, float, float, float]] = {
    "KP": (330, 270, 24, 12, 4.0),
    "GK": (320, 260, 24, 12, 3.5),
    "PS": (300, 250, 22, 10, 2.8),
    "TD1": (280, 240, 20, 10, 2.4),
    "KC": (280, 240, 20, 10, 2.4),
    "TD2": (380, 320, 26, 12, 6.0),
    "KS": (420, 340, 26, 15, 9.0),
    "PL": (440, 360, 30, 15, 9.0),
    "YB": (420, 350, 28, 15, 9.0),
    "XT": (420, 340, 26, 15, 9.0),
    "GK2": (440, 360, 30, 15, 9.0),
}


@dataclass
class Piece:
    """One plot under construction."""

    geom: Polygon
    use: LandUse
    key: tuple[int, float, float]  # ordering: (group, row, x)
    part: str = "main"  # "ext": the Gián Khẩu 35 ha extension
    area_ha: float = 0.0


def road_positions(lo: float, hi: float, pitch: float, rng: np.random.Generator) -> list[float]:
    """Centre lines of parallel roads across an extent, slightly irregular spacing."""
    out = []
    x = lo + pitch * rng.uniform(0.55, 0.8)
    while x < hi - pitch * 0.45:
        out.append(x)
        x += pitch * rng.uniform(0.85, 1.15)
    return out


def split_block(block: Polygon, weights: np.ndarray) -> list[Polygon]:
    """Cut a block across its longer side into lots with the given relative widths."""
    minx, miny, maxx, maxy = block.bounds
    cuts = np.concatenate([[0.0], np.cumsum(weights) / np.sum(weights)])
    along_x = (maxx - minx) >= (maxy - miny)
    lots: list[Polygon] = []
    for a, b in zip(cuts[:-1], cuts[1:], strict=True):
        if along_x:
            x0 = minx - 1 if a == 0 else minx + a * (maxx - minx)
            x1 = maxx + 1 if b == 1 else minx + b * (maxx - minx)
            cutter = box(x0, miny - 1, x1, maxy + 1)
        else:
            y0 = miny - 1 if a == 0 else miny + a * (maxy - miny)
            y1 = maxy + 1 if b == 1 else miny + b * (maxy - miny)
            cutter = box(minx - 1, y0, maxx + 1, y1)
        lots.extend(parts(block.intersection(cutter)))
    return lots


def layout_area(
    outline: Polygon,
    angle: float,
    params: tuple[float, ...],
    rng: np.random.Generator,
    part: str = "main",
) -> list[Piece]:
    """Lay out a zone: green perimeter belt, a road grid, blocks cut into lots."""
    pitch_x, pitch_y, road_w, belt_w, lot_ha = params
    origin = outline.centroid
    frame = affinity.rotate(outline, -angle, origin=origin)
    inner = frame.buffer(-belt_w, join_style="mitre")
    pieces = [Piece(g, LandUse.GREEN, (2, 0, 0.0)) for g in parts(frame.difference(inner))]
    minx, miny, maxx, maxy = inner.bounds
    strips = [
        box(x - road_w / 2, miny - 10, x + road_w / 2, maxy + 10)
        for x in road_positions(minx, maxx, pitch_x, rng)
    ]
    strips += [
        box(minx - 10, y - road_w / 2, maxx + 10, y + road_w / 2)
        for y in road_positions(miny, maxy, pitch_y, rng)
    ]
    grid = shapely.union_all(strips)
    pieces += [Piece(g, LandUse.ROAD, (3, 0, 0.0)) for g in parts(inner.intersection(grid))]
    for block in parts(inner.difference(grid)):
        n = round(block.area / (lot_ha * 1e4)) if block.area > 1.6 * lot_ha * 1e4 else 1
        for lot in split_block(block, rng.uniform(0.75, 1.25, max(n, 1))):
            c = lot.centroid
            pieces.append(Piece(lot, LandUse.INDUSTRIAL, (0, round((c.y - miny) / pitch_y), c.x)))
    for p in pieces:
        p.geom = affinity.rotate(p.geom, angle, origin=origin)
        p.part = part
    return pieces


def layout_extension(ext: Polygon, angle: float) -> list[Piece]:
    """The Gián Khẩu extension: belt, an access road along its south edge, three large lots.

    ``angle`` is the direction of the extension's south edge (degrees counter-clockwise).
    """
    origin = ext.centroid
    frame = affinity.rotate(ext, -angle, origin=origin)
    inner = frame.buffer(-10.0, join_style="mitre")
    pieces = [Piece(g, LandUse.GREEN, (2, 0, 0.0)) for g in parts(frame.difference(inner))]
    minx, miny, maxx, maxy = inner.bounds
    road = box(minx - 10, miny - 10, maxx + 10, miny + 22)
    pieces += [Piece(g, LandUse.ROAD, (3, 0, 0.0)) for g in parts(inner.intersection(road))]
    rest = max(parts(inner.difference(road)), key=lambda g: g.area)
    for i, lot in enumerate(split_block(rest, np.array([1.15, 1.0, 0.95]))):
        pieces.append(Piece(lot, LandUse.INDUSTRIAL, (1, i, 0.0)))
    for p in pieces:
        p.geom = affinity.rotate(p.geom, angle, origin=origin)
        p.part = "ext"
    return pieces


def tidy(pieces: list[Piece]) -> list[Piece]:
    """Turn odd industrial scraps green and merge slivers into their longest neighbour."""
    for p in pieces:
        if p.use == LandUse.INDUSTRIAL and (p.geom.area < 4000 or width(p.geom) < 25):
            p.use = LandUse.GREEN
    while True:
        slivers = [i for i, p in enumerate(pieces) if p.geom.area < 600 or width(p.geom) < 5]
        if not slivers:
            return pieces
        i = slivers[0]
        geoms = [p.geom for p in pieces]
        cand = [j for j in STRtree(geoms).query(geoms[i], predicate="intersects") if j != i]
        shared = [shapely.intersection(geoms[i].boundary, geoms[j].boundary).length for j in cand]
        if not cand or max(shared) <= 0:
            pieces.pop(i)  # isolated scrap: drop it (it leaves the zone outline)
            continue
        j = cand[int(np.argmax(shared))]
        merged = shapely.union(geoms[j], geoms[i])
        pieces[j].geom = max(parts(merged), key=lambda g: g.area)
        pieces.pop(i)


def node_zone(pieces: list[Piece]) -> tuple[list[Piece], Polygon]:
    """Convert a zone's plots to lon/lat on the 1e-7 grid, noded so neighbours share edges.

    Returns the plots (geometries replaced) and the zone outline as their exact union.
    """
    geoms_ll = to_ll(np.array([p.geom for p in pieces], dtype=object))
    lines = shapely.union_all(shapely.boundary(geoms_ll), grid_size=GRID)
    faces = np.array(parts(shapely.polygonize(shapely.get_parts(lines))), dtype=object)
    tree = STRtree(geoms_ll)
    owner = np.full(len(faces), -1)
    fi, pi = tree.query(shapely.point_on_surface(faces), predicate="intersects")
    for f, p in zip(fi, pi, strict=True):
        if owner[f] < 0:
            owner[f] = p
    by_piece: dict[int, list[Polygon]] = defaultdict(list)
    orphans: list[Polygon] = []
    for f, face in enumerate(faces):
        (by_piece[int(owner[f])] if owner[f] >= 0 else orphans).append(face)
    for face in orphans:  # fill gaps left by rounding: give them to the longest neighbour
        best = max(
            by_piece,
            key=lambda k: (
                shapely.union_all(by_piece[k]).boundary.intersection(face.boundary).length
            ),
        )
        by_piece[best].append(face)
    kept = []
    for k, piece in enumerate(pieces):
        if k not in by_piece:
            continue
        faces_k = by_piece[k]
        geom = faces_k[0] if len(faces_k) == 1 else shapely.coverage_union_all(faces_k)
        piece.geom = max(parts(geom), key=lambda g: g.area)
        kept.append(piece)
    zone = shapely.coverage_union_all([p.geom for p in kept])
    areas = shapely.area(to_utm(np.array([p.geom for p in kept], dtype=object))) / 1e4
    for piece, a in zip(kept, areas, strict=True):
        piece.area_ha = float(a)
    return kept, zone


def build_plots(rng: np.random.Generator) -> tuple[dict[str, list[Piece]], dict[str, Polygon]]:
    """All zones' plots (lon/lat, noded) and the zone outlines they tile."""
    outlines, ext = build_zone_outlines()
    plots: dict[str, list[Piece]] = {}
    zones: dict[str, Polygon] = {}
    for z in ZONES:
        angle = ZONE_SHAPES[z.code][2]
        pieces = tidy(layout_area(outlines[z.code], angle, LAYOUT[z.code], rng))
        if z.code == "GK":
            (x0, y0), (x1, y1) = GK_EXTENSION_LOBE[1], GK_EXTENSION_LOBE[0]
            south = angle + math.degrees(math.atan2(y1 - y0, x1 - x0))
            pieces += tidy(layout_extension(ext, south))
        plots[z.code], zones[z.code] = node_zone(pieces)
    return plots, zones


def pick_utilities(plots: dict[str, list[Piece]]) -> dict[str, list[Piece]]:
    """Turn a few small lots of each zone into utility land (water, wastewater, power)."""
    wanted = {"KP": 3, "GK": 3, "KC": 3, "PS": 2, "TD1": 2, "TD2": 2}
    utilities: dict[str, list[Piece]] = {}
    for code, pieces in plots.items():
        lots = [
            p
            for p in pieces
            if p.use == LandUse.INDUSTRIAL and p.part == "main" and p.area_ha >= 0.8
        ]
        lots.sort(key=lambda p: p.area_ha)
        chosen = lots[: wanted.get(code, 1)]
        for p in chosen:
            p.use = LandUse.UTILITY
        utilities[code] = chosen
    return utilities
