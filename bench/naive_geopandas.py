"""The naive way: a geopandas script that reads the free plots and the feature layers, measures
each distance with ``sjoin_nearest`` per kind, filters by the hard needs, scores with a
weighted sum, sorts and writes the top 50 as GeoJSON. What izagis is meant to beat."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
from sqlalchemy import Connection, text

PLOTS = """
    SELECT p.id, p.code, p.area_m2 / 1e4 AS area_ha, z.lease_price_usd_m2::float8 AS price,
           p.geom_m
    FROM plots p JOIN zones z ON z.id = p.zone_id
    WHERE p.land_use IN ('industrial', 'warehouse') AND p.status = 'free'
      AND NOT EXISTS (SELECT 1 FROM holds h WHERE h.plot_id = p.id AND h.during @> now())
"""
FEATURES = """
    SELECT kind, geom_m FROM infrastructure
    UNION ALL SELECT kind, geom_m FROM constraint_areas
"""
MAX_M = {"expressway_interchange": 40_000, "national_road": 20_000}
PROTECTED = ("heritage_property", "heritage_buffer", "national_park", "ramsar_wetland")


def naive(conn: Connection) -> tuple[int, str]:
    """(plots that pass, the top 50 as GeoJSON text)."""
    plots = gpd.read_postgis(text(PLOTS), conn, geom_col="geom_m", crs=32648)
    features = gpd.read_postgis(text(FEATURES), conn, geom_col="geom_m", crs=32648)
    for kind in (*MAX_M, "seaport", *PROTECTED):
        layer = features.loc[features["kind"] == kind, ["geom_m"]]
        if layer.empty:
            plots[f"d_{kind}"] = np.nan
            continue
        joined = gpd.sjoin_nearest(plots[["geom_m"]], layer, distance_col="d")
        plots[f"d_{kind}"] = joined.groupby(level=0)["d"].min()
    keep = plots["area_ha"].between(0.9, 3)
    for kind, m in MAX_M.items():
        keep &= plots[f"d_{kind}"] <= m
    for kind in PROTECTED:
        keep &= plots[f"d_{kind}"].isna() | (plots[f"d_{kind}"] > 0)
    passed = plots[keep].copy()
    passed["score"] = (
        0.3 * (1 - np.minimum(passed["price"].fillna(142) / 142, 1))
        + 0.3 * (1 - np.minimum(passed["d_expressway_interchange"] / 30_000, 1))
        + 0.2 * (1 - np.minimum(passed["d_seaport"].fillna(1e6) / 100_000, 1))
        + 0.2 * (1 - np.minimum((passed["area_ha"] - 1.95).abs() / 1.95, 1))
    )
    top = passed.sort_values(["score", "id"], ascending=[False, True]).head(50)
    return len(passed), top[["code", "area_ha", "score", "geom_m"]].to_crs(4326).to_json()
