"""What imports retired, for harvesters: a public layer's retired features (code, geometry,
when) as GeoJSON, so that a client fetching what changed since its last visit also learns what
went."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, text

from izagis.layers import PublicLayer


def retired_geojson(
    conn: Connection, layer: PublicLayer, *, since: dt.datetime | None, limit: int
) -> str:
    """The features of ``layer`` retired at or after ``since`` (all without), oldest first."""
    return str(
        conn.execute(
            text(
                "SELECT json_build_object('type', 'FeatureCollection', 'features', "
                "coalesce(json_agg(json_build_object('type', 'Feature', 'id', r.code, "
                "'geometry', ST_AsGeoJSON(r.geom, 7)::json, 'properties', json_build_object("
                "'code', r.code, 'retired_at', r.retired_at)) ORDER BY r.retired_at, r.id), "
                "'[]'::json))::text FROM (SELECT * FROM retired_features WHERE layer = :layer "
                "AND (CAST(:since AS timestamptz) IS NULL OR retired_at >= :since) "
                "ORDER BY retired_at, id LIMIT :limit) r"
            ),
            {"layer": layer.value, "since": since, "limit": limit},
        ).scalar_one()
    )
