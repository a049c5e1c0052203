"""The map of a fact sheet, drawn on the server from the database with geopandas and
matplotlib (no tiles from the internet): the zone and its neighbourhood, its plots by status,
roads and rail, protected areas, with a scale bar in metres."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import geopandas as gpd
from sqlalchemy import Connection, text

from izagis.errors import NotFoundError
from izagis.palette import FALLBACK, PALETTE
from izagis.plot_state import PLOTS_NOW
from izagis.vocab import LEASABLE_LAND_USES

if TYPE_CHECKING:
    from matplotlib.axes import Axes

MARGIN_M = 700.0
LINE_KINDS = ("expressway", "national_road", "railway")
LABEL_OFFSETS = ((-16, 14), (16, 14), (16, -14), (-16, -14), (0, 20), (0, -20))  # points


def _frame(conn: Connection, sql: str, params: dict[str, object]) -> gpd.GeoDataFrame:
    return gpd.read_postgis(text(sql), conn, geom_col="geom", params=params, crs=32648)


def draw(
    conn: Connection,
    *,
    zone_code: str,
    plot_code: str | None = None,
    size_in: tuple[float, float] = (7.0, 3.8),
) -> bytes:
    """A PNG of ``zone_code`` (``plot_code`` outlined in red), plots coloured as on the web map
    (``izagis.palette``): leasable land by the status a visitor sees, other land by its use."""
    box = conn.execute(
        text(
            "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM "
            "(SELECT ST_Expand(geom_m, :m) AS e FROM zones WHERE code = :z) t"
        ),
        {"z": zone_code, "m": MARGIN_M},
    ).one_or_none()
    if box is None:
        raise NotFoundError(f"no zone with code {zone_code!r}")
    sites = [("", [plot_code])] if plot_code is not None else []
    return _render(conn, tuple(box), [zone_code], sites, size_in)


def draw_sites(
    conn: Connection, sites: list[list[str]], size_in: tuple[float, float] = (7.0, 4.6)
) -> bytes:
    """A PNG of the zones holding ``sites`` (each a list of plot codes), each site outlined in
    red and numbered from 1 in the order given."""
    row = conn.execute(
        text(
            "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e), codes FROM (SELECT "
            "ST_Expand(ST_Extent(z.geom_m), :m) AS e, array_agg(DISTINCT z.code) AS codes "
            "FROM zones z JOIN plots p ON p.zone_id = z.id WHERE p.code = ANY(:plots)) t"
        ),
        {"plots": [code for site in sites for code in site], "m": MARGIN_M},
    ).one()
    if row[4] is None:
        raise NotFoundError("none of the sites' plots exists")
    labelled = [(str(n), site) for n, site in enumerate(sites, start=1)]
    return _render(conn, _fit(tuple(row[:4]), size_in), list(row[4]), labelled, size_in)


def draw_boundary(
    conn: Connection, geometry: str, size_in: tuple[float, float] = (7.0, 4.6)
) -> bytes:
    """A PNG of a proposed boundary (GeoJSON in WGS 84), outlined in red over the zones, roads
    and protected areas around it."""
    row = conn.execute(
        text(
            "WITH b AS (SELECT ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(:g), 4326), 32648) AS m) "
            "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e), "
            "(SELECT coalesce(array_agg(z.code), '{}') FROM zones z, b "
            " WHERE z.geom_m && ST_Expand(b.m, :m)) FROM (SELECT ST_Expand(m, :m) AS e FROM b) t"
        ),
        {"g": geometry, "m": MARGIN_M},
    ).one()
    outline = _frame(
        conn,
        "SELECT ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(:g), 4326), 32648) AS geom",
        {"g": geometry},
    )
    return _render(conn, _fit(tuple(row[:4]), size_in), list(row[4]), [], size_in, outline)


def _fit(box: tuple[float, ...], size_in: tuple[float, float]) -> tuple[float, ...]:
    """``box`` widened or heightened about its centre to the figure's proportions, so that
    sites far apart still fill the page's width."""
    x0, y0, x1, y1 = box
    aspect = size_in[0] / size_in[1]
    width, height = x1 - x0, y1 - y0
    if width < height * aspect:
        grow = (height * aspect - width) / 2
        return (x0 - grow, y0, x1 + grow, y1)
    grow = (width / aspect - height) / 2
    return (x0, y0 - grow, x1, y1 + grow)


def _render(
    conn: Connection,
    box: tuple[float, ...],
    zone_codes: list[str],
    sites: list[tuple[str, list[str]]],
    size_in: tuple[float, float],
    outline: gpd.GeoDataFrame | None = None,
) -> bytes:
    """Draw the area ``box`` (EPSG:32648): the plots of ``zone_codes``, roads, rail and
    protected areas, and each site of ``sites`` (label, plot codes) or the ``outline``
    outlined in red."""
    env: dict[str, object] = {"x0": box[0], "y0": box[1], "x1": box[2], "y1": box[3]}
    within = "geom_m && ST_MakeEnvelope(:x0, :y0, :x1, :y1, 32648)"
    zones = _frame(conn, f"SELECT code, geom_m AS geom FROM zones WHERE {within}", env)
    plots = _frame(
        conn,
        f"SELECT p.code, p.status_now AS status, p.land_use, p.geom_m AS geom FROM {PLOTS_NOW} p "
        f"JOIN zones z ON z.id = p.zone_id WHERE z.code = ANY(:z)",
        {"z": zone_codes},
    )
    lines = _frame(
        conn,
        f"SELECT kind, geom_m AS geom FROM infrastructure WHERE {within} AND kind = ANY(:kinds)",
        {**env, "kinds": list(LINE_KINDS)},
    )
    protected = _frame(
        conn,
        f"SELECT kind, geom_m AS geom FROM constraint_areas WHERE {within} "
        "AND kind <> 'residential'",
        env,
    )
    # A Figure of its own, not pyplot's global state: sheets are drawn in several threads at
    # once, and matplotlib is loaded with the first sheet, not at start-up.
    from matplotlib.figure import Figure

    fig = Figure(figsize=size_in, dpi=150)
    ax = fig.subplots()
    if not protected.empty:
        protected.plot(ax=ax, color="#bf812d", alpha=0.25, linewidth=0)
    if not plots.empty:
        plots.plot(
            ax=ax,
            color=[
                _fill("plot_status", s) if use in LEASABLE_LAND_USES else _fill("land_use", use)
                for s, use in zip(plots["status"], plots["land_use"], strict=True)
            ],
            edgecolor="#444444",
            linewidth=0.2,
        )
    if not zones.empty:  # a proposal may lie away from every zone
        zones.boundary.plot(ax=ax, color="#1f3b73", linewidth=1.2)
    if not lines.empty:
        lines.plot(ax=ax, color="#d7301f", linewidth=1.0)
    if outline is not None:
        outline.boundary.plot(ax=ax, color="#e31a1c", linewidth=2.0)
    for label, codes in sites:
        chosen = plots[plots["code"].isin(codes)]
        if len(chosen) != len(set(codes)):
            raise NotFoundError(f"no plot {', '.join(codes)} in zone {', '.join(zone_codes)}")
        chosen.dissolve().boundary.plot(ax=ax, color="#e31a1c", linewidth=2.0)
        if label:
            # Labels stand off their site, each in another direction, so that neighbours'
            # numbers never cover each other.
            point = chosen.dissolve().representative_point().iloc[0]
            dx, dy = LABEL_OFFSETS[(int(label) - 1) % len(LABEL_OFFSETS)]
            ax.annotate(
                label,
                (point.x, point.y),
                xytext=(dx, dy),
                textcoords="offset points",
                color="white",
                fontsize=8,
                fontweight="bold",
                ha="center",
                va="center",
                bbox={"boxstyle": "circle,pad=0.2", "fc": "#e31a1c", "ec": "none"},
                arrowprops={"arrowstyle": "-", "color": "#e31a1c", "linewidth": 0.8},
            )
    ax.set_xlim(box[0], box[2])
    ax.set_ylim(box[1], box[3])
    ax.set_aspect("equal")
    ax.set_axis_off()
    _scale_bar(ax, box[0], box[1], box[2] - box[0])
    out = io.BytesIO()
    fig.savefig(out, format="png", bbox_inches="tight")
    return out.getvalue()


def _fill(vocabulary: str, value: str) -> str:
    look = PALETTE[vocabulary].get(value) or FALLBACK[vocabulary] or FALLBACK["plot_status"]
    return str(look["fillColor"])


def _scale_bar(ax: Axes, x0: float, y0: float, width_m: float) -> None:
    length = 5000.0 if width_m > 20000 else 1000.0 if width_m > 4000 else 500.0
    x, y = x0 + width_m * 0.04, y0 + width_m * 0.04
    ax.plot([x, x + length], [y, y], color="black", linewidth=2)
    ax.text(x + length / 2, y + width_m * 0.01, f"{length:.0f} m", ha="center", fontsize=7)
