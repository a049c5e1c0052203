"""The floor: a hand-written PostGIS query over ``plot_access`` answering the benchmark's site
search (the same hard needs) with a weighted sum in SQL and the top 50 as GeoJSON. No
explanation, no value functions, no robustness: what the database alone costs."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, text

FLOOR_SQL = """
WITH c AS (
    SELECT p.id, p.code, z.code AS zone_code, p.area_m2 / 1e4 AS area_ha,
           0.3 * (1 - least(coalesce(z.lease_price_usd_m2, 142) / 142, 1))
         + 0.3 * (1 - least(a.d_expressway_interchange / 30000, 1))
         + 0.2 * (1 - least(coalesce(a.d_seaport, 1e6) / 100000, 1))
         + 0.2 * (1 - least(abs(p.area_m2 / 1e4 - 1.95) / 1.95, 1)) AS score
    FROM plots p JOIN zones z ON z.id = p.zone_id JOIN plot_access a ON a.plot_id = p.id
    WHERE p.land_use IN ('industrial', 'warehouse') AND p.status = 'free'
      AND NOT EXISTS (SELECT 1 FROM holds h WHERE h.plot_id = p.id AND h.during @> now())
      AND p.area_m2 / 1e4 BETWEEN 0.9 AND 3
      AND a.d_expressway_interchange <= 40000 AND a.d_national_road <= 20000
      AND (a.d_heritage_property IS NULL OR a.d_heritage_property > 0)
      AND (a.d_heritage_buffer IS NULL OR a.d_heritage_buffer > 0)
      AND (a.d_national_park IS NULL OR a.d_national_park > 0)
      AND (a.d_ramsar_wetland IS NULL OR a.d_ramsar_wetland > 0)
), top AS (
    SELECT * FROM c ORDER BY score DESC, id LIMIT 50
)
SELECT (SELECT count(*) FROM c),
       json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(
           json_build_object('type', 'Feature',
                             'geometry', ST_AsGeoJSON(p.geom, 7)::json,
                             'properties', json_build_object('code', top.code,
                                 'zone_code', top.zone_code, 'area_ha', top.area_ha,
                                 'score', top.score))
           ORDER BY top.score DESC, top.id), '[]'))::text
FROM top JOIN plots p ON p.id = top.id
"""


def floor(conn: Connection) -> tuple[int, dict[str, Any] | str]:
    """(plots that pass, the top 50 as GeoJSON text)."""
    passed, geojson = conn.execute(text(FLOOR_SQL)).one()
    return int(passed), geojson
