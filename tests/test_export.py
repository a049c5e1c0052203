"""Exports of the public layers: every format, in WGS 84 and in VN-2000, read back with pyogrio
and moved back to WGS 84 with pyproj's own EPSG:6960, equal to what the database holds (codes,
attributes, geometries within 1 cm); known points land within 1 m of pyproj's EPSG:6960; the
GeoPackage carries a QGIS style per table coloured like the web map; KML in VN-2000 is refused;
the download route and the command line."""

from __future__ import annotations

import datetime as dt
import math
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import geopandas as gpd
import httpx
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely
from pyproj import Transformer
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from izagis import crs as izcrs
from izagis.cli import app as cli
from izagis.errors import InvalidInputError
from izagis.export import FORMATS, SHAPEFILE_NAMES, export_layer, format_of
from izagis.qml import FALLBACK, PALETTE, qml
from web.styles import FALLBACK as WEB_FALLBACK
from web.styles import STYLES

LAYERS = ("zones", "phases", "plots", "infrastructure", "constraints")
TABLES = {
    "zones": "zones",
    "phases": "zone_phases",
    "plots": "plots",
    "infrastructure": "infrastructure",
    "constraints": "constraint_areas",
}
EPSG_6960 = Transformer.from_pipeline("urn:ogc:def:coordinateOperation:EPSG::6960")
EPSG_5194 = Transformer.from_pipeline("urn:ogc:def:coordinateOperation:EPSG::5194")
UTM48 = Transformer.from_crs(4326, 32648, always_xy=True)
CENTIMETRE = 0.01
KML_COLUMNS = {"Name", "description", "timestamp", "begin", "end", "altitudeMode"}
KML_COLUMNS |= {"tessellate", "extrude", "visibility", "drawOrder", "icon", "id", "Name2"}


def to_wgs84(geoms: np.ndarray, code: int) -> np.ndarray:
    """Geometries in EPSG:code back to WGS 84 by pyproj's own EPSG:6960, apart from izagis:
    the plain conversion to geographic VN-2000, then VN-2000 to WGS 84 (2) (lat/lon order)."""
    if code == 4326:
        return geoms
    to_geographic = Transformer.from_crs(code, 4756, always_xy=True)

    def move(xy: np.ndarray) -> np.ndarray:
        lon, lat = (xy[:, 0], xy[:, 1]) if code == 4756 else to_geographic.transform(*xy.T)
        wlat, wlon = EPSG_6960.transform(lat, lon)
        return np.column_stack([wlon, wlat])

    return shapely.transform(geoms, move)


def metres(geoms: np.ndarray) -> np.ndarray:
    return shapely.transform(geoms, lambda xy: np.column_stack(UTM48.transform(*xy.T)))


def stored(engine: Engine, layer: str) -> dict[str, shapely.Geometry]:
    """Each feature's geometry as the database holds it, by code."""
    with engine.connect() as conn:
        rows = conn.execute(text(f"SELECT code, ST_AsBinary(geom) FROM {TABLES[layer]}")).all()
    return {code: shapely.from_wkb(bytes(wkb)) for code, wkb in rows}


@pytest.fixture(scope="module")
def published(api: httpx.Client) -> dict[str, dict[str, dict[str, Any]]]:
    """Each layer's features as the OGC API publishes them: code -> properties."""
    out = {}
    for layer in LAYERS:
        body = api.get(f"/ogc/collections/{layer}/items", params={"limit": 10000}).json()
        out[layer] = {f["id"]: f["properties"] for f in body["features"]}
    return out


def read_back(path: Path) -> gpd.GeoDataFrame:
    """Every table of an exported file as one frame, with its CRS."""
    tables = [str(t) for t in pyogrio.list_layers(path)[:, 0] if t != "layer_styles"]
    frames = [pyogrio.read_dataframe(path, layer=t) for t in tables]
    frame = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=frames[0].crs)
    if path.name.endswith(".shp.zip"):
        frame = frame.rename(columns={v: k for k, v in SHAPEFILE_NAMES.items()})
    if path.suffix == ".kml":
        frame = frame.drop(columns=[c for c in KML_COLUMNS if c in frame])
    return frame.drop(columns=["WKT"], errors="ignore")


def same_value(read: Any, published: Any, kind: str) -> bool:
    """A value read back from a file equals the published one (files know fewer types)."""
    missing = published is None or published == []
    if read is None or read == "" or (isinstance(read, float) and math.isnan(read)):
        return missing
    if missing:
        return False
    if isinstance(published, list):
        return str(read) == ",".join(published)
    if isinstance(published, bool):  # CSV and KML hold a boolean as 1 or 0
        return str(read).lower() in (("true", "1") if published else ("false", "0"))
    if isinstance(published, bool | int | float) and not isinstance(published, bool):
        return math.isclose(float(read), float(published), rel_tol=1e-9)
    if kind == "updated_at":
        moment = pd.Timestamp(read)
        moment = moment.tz_localize("UTC") if moment.tzinfo is None else moment
        return bool(abs(moment - pd.Timestamp(published)) < pd.Timedelta(milliseconds=1))
    if isinstance(read, pd.Timestamp | dt.datetime | dt.date):
        return str(read)[:10] == str(published)
    return str(read) == str(published)


CASES = [
    (layer, fmt, code)
    for layer in LAYERS
    for fmt in FORMATS.values()
    for code in (4326, 5897, 3405, 4756)
    if code == 4326 or fmt.name != "kml"
    if code in (4326, 5897) or layer == "plots"
]


@pytest.mark.parametrize(("layer", "fmt_name", "code"), [(a, f.name, c) for a, f, c in CASES])
def test_round_trip_keeps_codes_attributes_and_geometry(
    engine: Engine,
    published: dict[str, dict[str, dict[str, Any]]],
    tmp_path: Path,
    layer: str,
    fmt_name: str,
    code: int,
) -> None:
    fmt = FORMATS[fmt_name]
    path = tmp_path / f"{layer}{fmt.suffix}"
    with engine.connect() as conn:
        result = export_layer(conn, layer, path, crs=code, batch=100)  # several batches
    assert result.features == len(published[layer]) and path.exists()
    assert [p.name for p in tmp_path.iterdir()] == [path.name], "nothing left beside it"
    frame = read_back(path)
    if fmt.name == "csv":  # a CSV file records no CRS: its WKT is in the CRS asked for
        assert frame.crs is None
    else:
        assert frame.crs is not None and frame.crs.to_epsg() == code
    # codes
    assert sorted(frame["code"]) == sorted(published[layer])
    # attributes: every published property, nothing else
    columns = set(frame.columns) - {"geometry"}
    first = next(iter(published[layer].values()))
    assert columns == set(first)
    for row in frame.drop(columns="geometry").to_dict("records"):
        want = published[layer][row["code"]]
        for name, value in row.items():
            assert same_value(value, want[name], name), (row["code"], name, value, want[name])
    # geometries: back in WGS 84 by pyproj's own EPSG:6960, within 1 cm of the stored ones
    db = stored(engine, layer)
    back = to_wgs84(np.asarray(frame.geometry.values), code)
    expected = np.array([db[c] for c in frame["code"]], dtype=object)
    gaps = shapely.hausdorff_distance(metres(back), metres(expected))
    assert float(np.max(gaps)) < CENTIMETRE, (path.name, float(np.max(gaps)))


@pytest.mark.parametrize("code", izcrs.VN2000_OUTPUT_CRS)
def test_known_points_land_within_a_metre_of_pyprojs_epsg_6960(
    engine: Engine, tmp_path: Path, code: int
) -> None:
    """Known WGS 84 points (the ports, stations, interchanges and towns) exported in every
    VN-2000 CRS land where pyproj's own EPSG:6960 puts them, not where EPSG:5194 would."""
    path = tmp_path / "infrastructure.gpkg"
    with engine.connect() as conn:
        export_layer(conn, "infrastructure", path, crs=code)
    points = pyogrio.read_dataframe(path, layer="infrastructure_points")
    wgs84 = stored(engine, "infrastructure")
    to_projected = Transformer.from_crs(4756, code, always_xy=True)
    for name, point in zip(points["code"], points.geometry, strict=True):
        lon, lat = wgs84[name].x, wgs84[name].y
        for operation, near in ((EPSG_6960, True), (EPSG_5194, False)):
            vlat, vlon = operation.transform(lat, lon, direction="INVERSE")
            x, y = (vlon, vlat) if code == 4756 else to_projected.transform(vlon, vlat)
            if code == 4756:  # degrees to metres, near enough at 20° N
                gap = math.hypot((point.x - x) * 104_600, (point.y - y) * 110_700)
            else:
                gap = math.hypot(point.x - x, point.y - y)
            assert (gap < 1.0) if near else (gap > 0.3), (name, code, near, gap)


def test_the_pinned_transformation_is_epsg_6960() -> None:
    for code in izcrs.VN2000_OUTPUT_CRS:
        forward = izcrs.pinned_transformer(4326, code)
        assert "VN-2000 to WGS 84 (2)" in forward.description
        assert "+x=-191.90441429" in forward.to_proj4()  # EPSG:6960's Helmert shift
        assert izcrs.VN2000_TO_WGS84 in izcrs.operation_codes(izcrs.pinned_transformer(code, 4326))
    assert izcrs.pinned_transformer(5897, 3405).accuracy == 0  # same datum: a conversion


def test_geopackage_has_a_qgis_style_for_each_table(engine: Engine, tmp_path: Path) -> None:
    cases = (
        ("zones", "status"),
        ("phases", "status"),
        ("plots", "status"),
        ("infrastructure", "kind"),
    )
    for layer, attribute in cases:
        path = tmp_path / f"{layer}.gpkg"
        with engine.connect() as conn:
            result = export_layer(conn, layer, path)
        styles = pyogrio.read_dataframe(path, layer="layer_styles")
        assert sorted(styles["f_table_name"]) == sorted(result.tables)
        tables = [str(t) for t in pyogrio.list_layers(path)[:, 0] if t != "layer_styles"]
        assert sorted(tables) == sorted(result.tables)
        for row in styles.to_dict("records"):
            assert row["useAsDefault"] and row["f_geometry_column"] == "geom"
            info = pyogrio.read_info(path, layer=row["f_table_name"])
            assert info["geometry_name"] == "geom"
            style = ET.fromstring(row["styleQML"].split("\n", 1)[1])
            renderer = style.find("renderer-v2")
            assert renderer is not None and f'"{attribute}"' in str(renderer.get("attr"))
            values = {c.get("value") for c in style.iter("category")}
            vocabulary = (
                "zone_status" if layer == "phases" else f"{layer.removesuffix('s')}_{attribute}"
            )
            assert set(PALETTE[vocabulary]) <= values
    assert sorted(result.tables) == ["infrastructure_lines", "infrastructure_points"]


def test_plot_colours_in_qgis_are_the_web_maps() -> None:
    def colours(styles: dict[str, Any]) -> dict[str, Any]:
        keys = ("color", "fillColor", "fillOpacity", "weight", "dashArray", "radius")
        return {k: styles[k] for k in keys if k in styles}

    for vocabulary, looks in STYLES.items():
        assert {v: colours(s) for v, s in looks.items()} == PALETTE[vocabulary]
        assert colours(WEB_FALLBACK[vocabulary]) == FALLBACK[vocabulary]
    path_qml = ET.fromstring(qml("plots", "polygons").split("\n", 1)[1])
    fills = {
        o.get("value")
        for o in path_qml.iter("Option")
        if o.get("name") == "color" and o.get("value")
    }
    assert "77,175,74,166" in fills  # free: #4daf4a at 0.65 opacity
    assert "242,242,242,230" in fills  # roads: #f2f2f2 at 0.9, whatever their status
    renderer = path_qml.find("renderer-v2")
    assert renderer is not None and '"land_use" IN (' in str(renderer.get("attr"))


def test_kml_in_vn2000_is_refused_with_its_reason(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "plots.kml"
    with engine.connect() as conn, pytest.raises(InvalidInputError) as refusal:
        export_layer(conn, "plots", path, crs=5897)
    assert refusal.value.field == "crs"
    assert "KML holds WGS 84 longitude/latitude only" in refusal.value.message
    assert not path.exists() and list(tmp_path.iterdir()) == []
    with pytest.raises(InvalidInputError, match="extension must be one of"):
        format_of(Path("plots.xlsx"))
    with engine.connect() as conn, pytest.raises(InvalidInputError, match="not offered"):
        export_layer(conn, "plots", tmp_path / "plots.gpkg", crs=3857)
    with engine.connect() as conn, pytest.raises(InvalidInputError, match="no such folder"):
        export_layer(conn, "plots", tmp_path / "missing" / "plots.gpkg")


def _downloads() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("izagis-download-*")}


@pytest.mark.parametrize("fmt_name", list(FORMATS))
def test_download_route_streams_a_named_file(
    api: httpx.Client, tmp_path: Path, fmt_name: str
) -> None:
    fmt = FORMATS[fmt_name]
    before = _downloads()
    crs = "EPSG:4326" if fmt.name == "kml" else "EPSG:9209"
    res = api.get("/api/v1/export/plots", params={"format": fmt.name, "crs": crs})
    assert res.status_code == 200, res.text
    assert res.headers["content-type"].split(";")[0] == fmt.media_type
    name = "plots.kml" if fmt.name == "kml" else f"plots-EPSG9209{fmt.suffix}"
    assert res.headers["content-disposition"] == f'attachment; filename="{name}"'
    assert int(res.headers["content-length"]) == len(res.content) > 0
    path = tmp_path / name
    path.write_bytes(res.content)
    frame = read_back(path)
    assert len(frame) == 462
    if fmt.name == "shp":
        assert set(zipfile.ZipFile(path).namelist()) == {
            f"plots.{s}" for s in ("shp", "shx", "dbf", "prj", "cpg")
        }
    assert _downloads() == before, "the temporary file is gone"


def test_download_refuses_kml_in_vn2000(api: httpx.Client) -> None:
    res = api.get("/api/v1/export/zones", params={"format": "kml", "crs": "EPSG:5897"})
    assert res.status_code == 422
    assert res.json()["field"] == "crs" and "KML holds WGS 84" in res.json()["message"]
    assert api.get("/api/v1/export/roads").status_code == 422


@pytest.fixture()
def env(engine: Engine) -> Iterator[dict[str, str]]:
    yield {"IZAGIS_DATABASE_URL": engine.url.render_as_string(hide_password=False)}


def test_command_line_exports_with_progress(env: dict[str, str], tmp_path: Path) -> None:
    runner = CliRunner()
    path = tmp_path / "plots.shp.zip"
    done = runner.invoke(cli, ["export", "plots", str(path), "--crs", "EPSG:5897"], env=env)
    assert done.exit_code == 0, done.output
    assert "exported 462 plots" in done.output and "EPSG:5897" in done.output
    assert pyogrio.read_info(path)["crs"] == "EPSG:5897"
    refused = runner.invoke(
        cli, ["export", "plots", str(tmp_path / "p.kml"), "--crs", "EPSG:5897"], env=env
    )
    assert refused.exit_code == 1 and "KML holds WGS 84" in refused.output
    odd = runner.invoke(cli, ["export", "plots", str(tmp_path / "x.shp")], env=env)
    assert odd.exit_code == 1 and odd.output.startswith("error: x.shp: the extension must be")
    unknown = runner.invoke(cli, ["export", "roads", str(tmp_path / "r.gpkg")], env=env)
    assert unknown.exit_code != 0
