"""OGC API - Features at /ogc against the requirements of its three parts, read by hand (the
official conformance suite cannot run here), and by GDAL's own OAPIF driver, which QGIS and
ogr2ogr use: Part 1 (landing page, conformance, collections, items with bbox, limit and
paging links, one item), Part 2 (CRS by reference: crs, bbox-crs, Content-Crs, axis order)
and Part 3 (queryables, CQL2 text and JSON filters), and datetime on updated_at."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import httpx
import numpy as np
import pytest
import shapely
from pyproj import Transformer
from sqlalchemy import Engine, text

from izagis import holds
from izagis.settings import Settings
from tests.conftest import LiveServer

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
EPSG = "http://www.opengis.net/def/crs/EPSG/0/{}"
GEOJSON = "application/geo+json"
COLLECTIONS = ("zones", "phases", "plots", "infrastructure", "constraints")
REGISTRY = {
    "zones": "/api/v1/zones",
    "phases": "/api/v1/phases",
    "plots": "/api/v1/plots?limit=10000",
    "infrastructure": "/api/v1/infrastructure",
    "constraints": "/api/v1/constraints",
}
DECLARED = {
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
    "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
}
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")


def items(api: httpx.Client, collection: str, **params: Any) -> dict[str, Any]:
    res = api.get(f"/ogc/collections/{collection}/items", params=params)
    assert res.status_code == 200, res.text
    assert res.headers["content-type"] == GEOJSON
    body: dict[str, Any] = res.json()
    return body


def every_feature(api: httpx.Client, collection: str, **params: Any) -> list[dict[str, Any]]:
    features: list[dict[str, Any]] = items(api, collection, limit=10000, **params)["features"]
    return features


def refused(res: httpx.Response, status: int = 400, field: str | None = None) -> str:
    assert res.status_code == status, res.text
    assert res.headers["content-type"] == "application/json"
    body = res.json()
    assert body["code"] == ("NotFound" if status == 404 else "InvalidParameterValue")
    if field is not None:
        assert body["field"] == field
    return str(body["description"])


def links(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {link["rel"]: link for link in doc["links"]}


# Part 1: landing page, conformance, collections ---------------------------------------------


def test_landing_page_links_self_api_conformance_and_data(api: httpx.Client) -> None:
    res = api.get("/ogc")
    assert res.status_code == 200 and res.headers["content-type"] == "application/json"
    rels = links(res.json())
    assert rels["self"]["type"] == "application/json"
    assert rels["service-desc"]["href"].endswith("/openapi.json")
    assert rels["service-desc"]["type"] == "application/vnd.oai.openapi+json;version=3.0"
    assert rels["conformance"]["href"].endswith("/ogc/conformance")
    assert rels["data"]["href"].endswith("/ogc/collections")
    for link in rels.values():
        assert api.get(link["href"]).status_code == 200, link
    paths = api.get("/openapi.json").json()["paths"]
    assert {"/ogc", "/ogc/conformance", "/ogc/collections/{collectionId}/items"} <= set(paths)


def test_conformance_declares_what_is_implemented(api: httpx.Client) -> None:
    declared = set(api.get("/ogc/conformance").json()["conformsTo"])
    assert declared == DECLARED
    assert not any(c.endswith("/conf/html") for c in declared), "no HTML views"


def test_collections_describe_extent_crs_and_links(api: httpx.Client) -> None:
    doc = api.get("/ogc/collections").json()
    assert links(doc)["self"]["href"].endswith("/ogc/collections")
    assert [c["id"] for c in doc["collections"]] == list(COLLECTIONS)
    for collection in doc["collections"]:
        rels = links(collection)
        assert rels["items"]["type"] == GEOJSON
        assert rels["items"]["href"].endswith(f"/ogc/collections/{collection['id']}/items")
        assert rels["http://www.opengis.net/def/rel/ogc/1.0/queryables"]["type"] == (
            "application/schema+json"
        )
        assert collection["itemType"] == "feature"
        assert collection["crs"][0] == CRS84
        assert {EPSG.format(4326), EPSG.format(5897), EPSG.format(3405)} <= set(collection["crs"])
        assert collection["storageCrs"] in collection["crs"]
        assert api.get(f"/ogc/collections/{collection['id']}").json() == collection
        # the spatial extent holds every feature; the temporal one spans updated_at
        (bbox,) = collection["extent"]["spatial"]["bbox"]
        shapes = [
            shapely.geometry.shape(f["geometry"]) for f in every_feature(api, collection["id"])
        ]
        bounds = shapely.total_bounds(shapes)
        assert np.allclose(bbox, bounds, atol=1e-6)
        assert collection["extent"]["spatial"]["crs"] == CRS84
        (interval,) = collection["extent"]["temporal"]["interval"]
        assert all(RFC3339.match(moment) for moment in interval)


def test_unknown_collection_and_feature_are_404(api: httpx.Client) -> None:
    refused(api.get("/ogc/collections/roads"), 404, "collectionId")
    refused(api.get("/ogc/collections/roads/items"), 404, "collectionId")
    refused(api.get("/ogc/collections/plots/items/NO-SUCH-PLOT"), 404, "featureId")


def test_unknown_or_invalid_parameters_are_400(api: httpx.Client) -> None:
    message = refused(api.get("/ogc/collections/plots/items", params={"colour": "red"}))
    assert "unknown query parameter 'colour'" in message
    refused(api.get("/ogc/collections", params={"f": "html"}), field="f")
    refused(api.get("/ogc/collections/plots/items", params={"limit": 0}), field="limit")
    refused(api.get("/ogc/collections/plots/items", params={"limit": 10001}), field="limit")
    refused(api.get("/ogc/collections/plots/items", params={"offset": -1}), field="offset")
    refused(api.get("/ogc/collections/plots/items", params={"bbox": "1,2,3"}), field="bbox")


# Words a message of the API must not show a user: a validator's pattern, pydantic's or lark's
# wording.
INTERNALS = ("pattern", "[0-9]", "\\", "should", "Input", "Token", "$END", "terminal", "col ")


@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        ({"limit": "0"}, "limit", "a whole number from 1 to 10,000"),
        ({"limit": "ten"}, "limit", "a whole number from 1 to 10,000"),
        ({"limit": "10001"}, "limit", "a whole number from 1 to 10,000"),
        ({"offset": "-1"}, "offset", "a whole number from 0"),
        ({"offset": "x"}, "offset", "a whole number from 0"),
        ({"bbox": "1,2,3"}, "bbox", "4 numbers separated by commas"),
        ({"bbox": "west,south,east,north"}, "bbox", "as in bbox=105.85,20.15,106.05,20.35"),
        ({"bbox": "200,0,210,1"}, "bbox", "out of range"),
        ({"crs": "WGS84"}, "crs", "EPSG:NNNN"),
        ({"bbox-crs": "4326", "bbox": "0,0,1,1"}, "bbox-crs", "EPSG:NNNN"),
        ({"filter-crs": "x"}, "filter-crs", "EPSG:NNNN"),
        ({"filter": "x" * 5000}, "filter", "longer than 4,096 characters"),
        ({"filter": "status = "}, "filter", "ends before its condition does"),
        ({"filter": "status = 'free"}, "filter", "never closed"),
        ({"filter": "status ! 'free'"}, "filter", "'!' at character 8 is not expected"),
        ({"filter": "{", "filter-lang": "cql2-json"}, "filter", "not JSON"),
        ({"filter-lang": "sql"}, "filter-lang", "cql2-text (the default) or cql2-json"),
        ({"datetime": "yesterday"}, "datetime", "RFC 3339"),
        ({"datetime": "2024-13-45"}, "datetime", "no real date"),
    ],
)
def test_refusals_say_what_a_parameter_takes_in_words(
    api: httpx.Client, params: dict[str, str], field: str, words: str
) -> None:
    message = refused(api.get("/ogc/collections/plots/items", params=params), field=field)
    assert words in message
    assert not [w for w in INTERNALS if w in message], message


def test_a_bad_datetime_says_what_datetime_takes(api: httpx.Client) -> None:
    """OGC API - Features - Part 1, 7.15.4: an RFC 3339 instant or an interval start/end with
    .. for an open end; said in words with examples, never as the validator's pattern."""
    message = refused(
        api.get("/ogc/collections/plots/items", params={"datetime": "yesterday"}), field="datetime"
    )
    assert message.startswith("datetime 'yesterday' is neither an instant nor an interval")
    for words in ("RFC 3339 date-time", "2026-11-01T08:30:00Z", "start/end", ".. (or nothing)"):
        assert words in message
    assert "2026-11-01T00:00:00Z/.." in message
    no_zone = refused(
        api.get("/ogc/collections/plots/items", params={"datetime": "2026-11-01T08:30:00/.."})
    )
    assert "without its time zone (Z or an offset such as +07:00)" in no_zone
    for minutes in ("2026-11-01T08:30", "2026-11-01T08:30Z"):
        no_seconds = refused(api.get("/ogc/collections/plots/items", params={"datetime": minutes}))
        assert "without its seconds (08:30:00, not 08:30)" in no_seconds, no_seconds


def test_unknown_collection_and_feature_are_named_in_words(api: httpx.Client) -> None:
    message = refused(api.get("/ogc/collections/roads/items"), 404, "collectionId")
    assert message == (
        "no collection 'roads'; the collections are zones, phases, plots, infrastructure, "
        "constraints"
    )
    message = refused(api.get("/ogc/collections/plots/items/GK%01"), 404, "featureId")
    assert message == "no feature 'GK\\x01' in plots"


# Part 1: items -----------------------------------------------------------------------------


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_items_match_the_registry(api: httpx.Client, collection: str) -> None:
    page = items(api, collection)
    assert page["type"] == "FeatureCollection" and RFC3339.match(page["timeStamp"])
    assert page["numberReturned"] == len(page["features"]) == min(10, page["numberMatched"])
    registry = api.get(REGISTRY[collection]).json()["features"]
    assert page["numberMatched"] == len(registry)
    features = every_feature(api, collection)
    assert [f["id"] for f in features] == sorted(f["properties"]["code"] for f in registry)
    for feature in features:
        assert feature["id"] == feature["properties"]["code"]
        assert RFC3339.match(feature["properties"]["updated_at"])


def test_plots_carry_the_status_a_visitor_sees_and_public_fields_only(api: httpx.Client) -> None:
    registry = {f["properties"]["code"]: f for f in api.get(REGISTRY["plots"]).json()["features"]}
    for feature in every_feature(api, "plots"):
        public = registry[feature["id"]]["properties"]
        assert set(feature["properties"]) == set(public) | {"updated_at"}
        assert {k: feature["properties"][k] for k in public} == public
    statuses = {f["properties"]["status"] for f in every_feature(api, "plots")}
    assert "reserved" in statuses, "the reference data hold three plots"
    zone = every_feature(api, "zones")[0]["properties"]
    assert "investor" not in json.dumps(zone) and "holder" not in zone


def test_paging_follows_next_and_prev_links(api: httpx.Client) -> None:
    everything = [f["id"] for f in every_feature(api, "plots")]
    seen: list[str] = []
    url: str | None = "/ogc/collections/plots/items?limit=100&filter=land_use%3D'industrial'"
    pages = []
    while url:
        page = api.get(url).json()
        pages.append(page)
        rels = links(page)
        assert rels["self"]["type"] == GEOJSON and rels["collection"]["type"] == "application/json"
        assert page["numberReturned"] == len(page["features"]) <= 100
        seen += [f["id"] for f in page["features"]]
        url = rels["next"]["href"] if "next" in rels else None
        if url:
            assert rels["next"]["type"] == GEOJSON and "filter=" in url
    industrial = [f["id"] for f in every_feature(api, "plots", filter="land_use='industrial'")]
    assert seen == industrial and len(set(seen)) == len(seen) == pages[0]["numberMatched"]
    assert set(seen) < set(everything)
    assert "prev" not in links(pages[0]) and "next" not in links(pages[-1])
    second = links(pages[1])["prev"]
    assert second["type"] == GEOJSON and "offset=0" in second["href"]
    assert api.get(second["href"]).json()["features"] == pages[0]["features"]


def test_zones_page_like_the_rest(api: httpx.Client) -> None:
    """Zones are read in one statement and paged afterwards; the answer is the same."""
    every = [f["id"] for f in every_feature(api, "zones")]
    first, last = items(api, "zones", limit=6), items(api, "zones", limit=6, offset=6)
    assert first["numberMatched"] == last["numberMatched"] == len(every) == 11
    assert [f["id"] for f in first["features"] + last["features"]] == every
    assert "next" in links(first) and "next" not in links(last) and "prev" in links(last)
    operating = items(api, "zones", filter="status = 'operating'", limit=2, offset=1)
    assert operating["numberReturned"] == 2
    assert all(f["properties"]["status"] == "operating" for f in operating["features"])


def test_one_item_has_self_and_collection_links(api: httpx.Client) -> None:
    listed = every_feature(api, "plots")[5]
    res = api.get(f"/ogc/collections/plots/items/{listed['id']}")
    assert res.status_code == 200 and res.headers["content-type"] == GEOJSON
    assert res.headers["content-crs"] == f"<{CRS84}>"
    feature = res.json()
    rels = links(feature)
    assert rels["self"]["type"] == GEOJSON and rels["collection"]["href"].endswith("/plots")
    assert {k: v for k, v in feature.items() if k != "links"} == listed


def test_bbox_returns_what_intersects_it(api: httpx.Client) -> None:
    box = (105.90, 20.20, 106.00, 20.30)
    expected = {
        f["id"]
        for f in every_feature(api, "plots")
        if shapely.geometry.shape(f["geometry"]).intersects(shapely.box(*box))
    }
    got = every_feature(api, "plots", bbox=",".join(map(str, box)))
    assert {f["id"] for f in got} == expected and 0 < len(expected) < 462
    with_heights = every_feature(api, "plots", bbox="105.9,20.2,0,106.0,20.3,100")
    assert {f["id"] for f in with_heights} == expected
    message = refused(api.get("/ogc/collections/plots/items", params={"bbox": "105,91,106,92"}))
    assert "out of range" in message
    refused(api.get("/ogc/collections/plots/items", params={"bbox": "105,21,106,20"}))
    # west above east is a box across the antimeridian, far from Ninh Bình
    assert items(api, "plots", bbox="179,20,-179,21")["numberMatched"] == 0
    east = shapely.box(105.9, 20.2, 180, 20.3)
    across = {
        f["id"]
        for f in every_feature(api, "plots")
        if shapely.geometry.shape(f["geometry"]).intersects(east)
    }
    assert {f["id"] for f in every_feature(api, "plots", bbox="105.9,20.2,-179,20.3")} == across


# Part 2: CRS by reference -----------------------------------------------------------------


def test_epsg_4326_is_latitude_first_in_bbox_and_answers(api: httpx.Client) -> None:
    lon_lat = every_feature(api, "plots", bbox="105.9,20.2,106.0,20.3")
    lat_lon = api.get(
        "/ogc/collections/plots/items",
        params={
            "bbox": "20.2,105.9,20.3,106.0",
            "bbox-crs": EPSG.format(4326),
            "crs": EPSG.format(4326),
            "limit": 10000,
        },
    )
    assert lat_lon.headers["content-crs"] == f"<{EPSG.format(4326)}>"
    swapped = lat_lon.json()["features"]
    assert [f["id"] for f in swapped] == [f["id"] for f in lon_lat]
    first = lon_lat[0]["geometry"]["coordinates"][0][0][0]
    assert swapped[0]["geometry"]["coordinates"][0][0][0] == first[::-1]


EPSG_6960 = Transformer.from_pipeline("urn:ogc:def:coordinateOperation:EPSG::6960")


def vn2000(code: int, lon: float, lat: float) -> tuple[float, float]:
    """WGS 84 lon/lat in EPSG:code by pyproj's own EPSG:6960 operation, built here apart from
    izagis.crs: the inverse of VN-2000 to WGS 84 (2) (lat/lon in and out), then the plain
    conversion from geographic VN-2000 (in that CRS's axis order)."""
    vlat, vlon = EPSG_6960.transform(lat, lon, direction="INVERSE")
    if code == 4756:
        return vlat, vlon
    x, y = Transformer.from_crs(4756, code, always_xy=True).transform(vlon, vlat)
    return x, y


@pytest.mark.parametrize("code", [5897, 3405, 9209, 4756])
def test_vn2000_answers_match_pyprojs_epsg_6960(api: httpx.Client, code: int) -> None:
    wgs84 = every_feature(api, "infrastructure")
    res = api.get(
        "/ogc/collections/infrastructure/items", params={"crs": EPSG.format(code), "limit": 100}
    )
    assert res.headers["content-crs"] == f"<{EPSG.format(code)}>"
    moved = {f["id"]: f for f in res.json()["features"]}
    tolerance = 1e-7 if code == 4756 else 0.01  # degrees (about 1 cm), metres
    for feature in wgs84:
        if feature["geometry"]["type"] != "Point":
            continue
        lon, lat = feature["geometry"]["coordinates"]
        expected = vn2000(code, lon, lat)
        got = moved[feature["id"]]["geometry"]["coordinates"]
        assert np.allclose(got, expected, atol=tolerance), (feature["id"], got, expected)


def test_bbox_in_a_projected_crs(api: httpx.Client) -> None:
    in_5897 = every_feature(api, "plots", crs=EPSG.format(5897))
    x, y = in_5897[0]["geometry"]["coordinates"][0][0][0]  # easting, northing (metres)
    corners = (x - 1500, y - 1500, x + 1500, y + 1500)
    box = shapely.box(*corners)
    expected = {f["id"] for f in in_5897 if shapely.geometry.shape(f["geometry"]).intersects(box)}
    got = every_feature(
        api, "plots", bbox=",".join(map(str, corners)), **{"bbox-crs": EPSG.format(5897)}
    )
    assert {f["id"] for f in got} == expected and 1 < len(expected) < 100


def test_unsupported_crs_is_400(api: httpx.Client) -> None:
    refused(api.get("/ogc/collections/plots/items", params={"crs": EPSG.format(3857)}), field="crs")
    refused(
        api.get(
            "/ogc/collections/plots/items",
            params={"bbox": "0,0,1,1", "bbox-crs": EPSG.format(3857)},
        ),
        field="bbox-crs",
    )


@pytest.mark.parametrize("form", ["EPSG:{}", "[EPSG:{}]", "epsg:{}"])
def test_crs_by_short_epsg_code_is_the_crs_of_its_uri(api: httpx.Client, form: str) -> None:
    """Exports and imports take EPSG:5897, so users try that first: crs, bbox-crs and
    filter-crs take it (and the safe CURIE [EPSG:5897]) as the URI, and the answer still
    declares its CRS by URI."""
    by_uri = api.get(
        "/ogc/collections/plots/items", params={"crs": EPSG.format(5897), "limit": 10000}
    )
    short = api.get(
        "/ogc/collections/plots/items", params={"crs": form.format(5897), "limit": 10000}
    )
    assert short.status_code == 200, short.text
    assert short.headers["content-crs"] == f"<{EPSG.format(5897)}>"
    assert short.json()["features"] == by_uri.json()["features"]
    x, y = by_uri.json()["features"][0]["geometry"]["coordinates"][0][0][0]
    box = ",".join(map(str, (x - 1500, y - 1500, x + 1500, y + 1500)))
    in_uri = every_feature(api, "plots", bbox=box, **{"bbox-crs": EPSG.format(5897)})
    in_short = every_feature(api, "plots", bbox=box, **{"bbox-crs": form.format(5897)})
    assert in_short == in_uri and 1 < len(in_uri) < 100
    lat_first = every_feature(api, "zones", crs=form.format(4326))  # the URI's axis order
    assert lat_first == every_feature(api, "zones", crs=EPSG.format(4326))
    one = api.get("/ogc/collections/plots/items/GK-069", params={"crs": form.format(5897)})
    assert one.headers["content-crs"] == f"<{EPSG.format(5897)}>"
    filtered = every_feature(
        api, "plots", filter="status = 'free'", **{"filter-crs": form.format(5897)}
    )
    assert filtered == every_feature(
        api, "plots", filter="status = 'free'", **{"filter-crs": EPSG.format(5897)}
    )
    assert every_feature(api, "zones", crs="OGC:CRS84") == every_feature(api, "zones")


@pytest.mark.parametrize("field", ["crs", "bbox-crs", "filter-crs"])
def test_an_unsupported_crs_is_refused_with_the_served_ones_listed_short(
    api: httpx.Client, field: str
) -> None:
    params = {field: "EPSG:3857", "bbox": "0,0,1,1"}
    message = refused(api.get("/ogc/collections/plots/items", params=params), field=field)
    assert message.startswith(f"{field} 'EPSG:3857' is not a CRS served here")
    for code in ("EPSG:4326", "EPSG:4756", "EPSG:3405", "EPSG:3406", "EPSG:5897"):
        assert code in message
    assert "EPSG:9205 to EPSG:9218" in message and "OGC:CRS84" in message
    assert "http://www.opengis.net/def/crs/EPSG/0/NNNN" in message
    assert message.count("http://") == 2, "one URI pattern and CRS84's URI, not 20 URIs"
    uri = refused(api.get("/ogc/collections/plots/items", params={field: EPSG.format(3857)}))
    assert EPSG.format(3857) in uri and uri.count("http://") == 3
    # a code too long for a number is refused like any unknown one (it was a 500)
    long = refused(api.get("/ogc/collections/plots/items", params={field: "EPSG:" + "9" * 5000}))
    assert "is not a CRS served here" in long


# Part 3: queryables and CQL2 --------------------------------------------------------------


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_queryables_are_a_json_schema_of_usable_properties(
    api: httpx.Client, collection: str
) -> None:
    res = api.get(f"/ogc/collections/{collection}/queryables")
    assert res.status_code == 200
    assert res.headers["content-type"] == "application/schema+json"
    schema = res.json()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith(f"/ogc/collections/{collection}/queryables")
    assert schema["type"] == "object" and schema["additionalProperties"] is False
    assert {"code", "updated_at"} <= set(schema["properties"])
    assert schema["properties"]["updated_at"]["format"] == "date-time"
    for name in schema["properties"]:
        assert (
            items(api, collection, filter=f"{name} IS NULL OR {name} IS NOT NULL")["numberMatched"]
            == items(api, collection)["numberMatched"]
        )
    plain = api.get(
        f"/ogc/collections/{collection}/queryables", headers={"Accept": "application/json"}
    )
    assert plain.headers["content-type"] == "application/json" and plain.json() == schema


def _count(features: list[dict[str, Any]], keep: Any) -> int:
    return sum(1 for f in features if keep(f["properties"]))


def test_cql2_text_and_json_filter_alike(api: httpx.Client) -> None:
    plots = every_feature(api, "plots")
    free_large = _count(plots, lambda p: p["status"] == "free" and p["area_ha"] > 1)
    text_ = items(api, "plots", filter="status = 'free' AND area_ha > 1")
    as_json = {
        "op": "and",
        "args": [
            {"op": "=", "args": [{"property": "status"}, "free"]},
            {"op": ">", "args": [{"property": "area_ha"}, 1]},
        ],
    }
    json_ = items(api, "plots", filter=json.dumps(as_json), **{"filter-lang": "cql2-json"})
    assert text_["numberMatched"] == json_["numberMatched"] == free_large > 0
    assert all(f["properties"]["status"] == "free" for f in json_["features"])


@pytest.mark.parametrize(
    ("expression", "keep"),
    [
        (
            "status = 'free' OR status = 'reserved' AND zone_code = 'GK'",  # AND binds tighter
            lambda p: (
                p["status"] == "free" or (p["status"] == "reserved" and p["zone_code"] == "GK")
            ),
        ),
        (
            "NOT (status = 'free' AND zone_code = 'GK')",
            lambda p: not (p["status"] == "free" and p["zone_code"] == "GK"),
        ),
        ("code LIKE 'TD2-0_5'", lambda p: re.fullmatch(r"TD2-0.5", p["code"])),
        (
            "zone_code IN ('GK', 'TD2') AND land_use <> 'road'",
            lambda p: p["zone_code"] in ("GK", "TD2") and p["land_use"] != "road",
        ),
        ("area_ha BETWEEN 1 AND 2", lambda p: 1 <= p["area_ha"] <= 2),
        (
            "leasable_year IS NOT NULL AND leasable_year >= 2028",
            lambda p: p["leasable_year"] is not None and p["leasable_year"] >= 2028,
        ),
        ("2 < area_ha", lambda p: p["area_ha"] > 2),
        ("project_name IS NULL", lambda p: p["project_name"] is None),
        ("updated_at > TIMESTAMP('2000-01-01T00:00:00Z')", lambda p: True),
    ],
)
def test_cql2_text_means_what_cql2_says(api: httpx.Client, expression: str, keep: Any) -> None:
    expected = _count(every_feature(api, "plots"), keep)
    assert items(api, "plots", filter=expression)["numberMatched"] == expected


def test_cql2_strings_may_hold_quotes(api: httpx.Client) -> None:
    assert items(api, "zones", filter="name_en = 'Gian Khau''s zone'")["numberMatched"] == 0
    gk = items(api, "zones", filter="name_vi = 'KCN Gián Khẩu'")
    assert [f["id"] for f in gk["features"]] == ["GK"]


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"filter": "status = "}, "not valid cql2-text"),
        ({"filter": "colour = 'red'"}, "'colour' is not a queryable of plots"),
        ({"filter": "area_ha = 'big'"}, "area_ha is a number"),
        ({"filter": "S_INTERSECTS(geometry, POINT(106 20))"}, "spatial functions"),
        ({"filter": "area_ha = area_m2"}, "one queryable property and one literal"),
        ({"filter": '{"op": "="}', "filter-lang": "cql2-json"}, "not valid cql2-json"),
        ({"filter": "status = 'free'", "filter-lang": "sql"}, "filter-lang"),
    ],
)
def test_bad_filters_are_400_with_a_reason(
    api: httpx.Client, params: dict[str, str], words: str
) -> None:
    assert words in refused(api.get("/ogc/collections/plots/items", params=params))


# datetime on updated_at: what a harvester asks ------------------------------------------


@pytest.fixture()
def harvested(writable: Engine) -> Iterator[tuple[httpx.Client, Engine]]:
    settings = Settings(database_url=writable.url.render_as_string(hide_password=False))
    with LiveServer(settings) as server, httpx.Client(base_url=server.url, timeout=30) as client:
        yield client, writable


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def test_datetime_fetches_only_what_changed(harvested: tuple[httpx.Client, Engine]) -> None:
    api, engine = harvested
    loaded = items(api, "plots", limit=1)["features"][0]["properties"]["updated_at"]
    since = dt.datetime.now(dt.UTC)
    with engine.begin() as conn:  # a planner corrects one plot, staff hold another
        conn.execute(text("UPDATE plots SET leasable_year = 2031 WHERE code = 'GK-069'"))
        holds.place_hold(
            conn, plot_codes=["TD2-010"], holder="x", ends=since + dt.timedelta(days=3)
        )
    changed = every_feature(api, "plots", datetime=f"{_stamp(since)}/..")
    assert {f["id"] for f in changed} == {"GK-069", "TD2-010"}
    assert {f["id"]: f["properties"]["status"] for f in changed}["TD2-010"] == "reserved"
    zones = every_feature(api, "zones", datetime=f"{_stamp(since)}/..")
    assert {f["id"] for f in zones} == {"GK", "TD2"}, "their land accounts changed"
    assert every_feature(api, "infrastructure", datetime=f"{_stamp(since)}/..") == []
    before = items(api, "plots", datetime=f"../{_stamp(since)}")["numberMatched"]
    assert before == 462 - 2
    assert items(api, "plots", datetime=f"/{_stamp(since)}")["numberMatched"] == before
    assert items(api, "plots", datetime=loaded)["numberMatched"] == before  # an instant
    today = since.date().isoformat()
    assert items(api, "plots", datetime=today)["numberMatched"] == 462  # a day: all of it
    assert items(api, "plots", datetime=f"{today}/{today}")["numberMatched"] == 462
    assert items(api, "plots", datetime="2000-01-01/2000-12-31")["numberMatched"] == 0
    assert "ends before it starts" in refused(
        api.get("/ogc/collections/plots/items", params={"datetime": "2001-01-01/2000-01-01"})
    )
    refused(api.get("/ogc/collections/plots/items", params={"datetime": "2024-13-45"}))


# GDAL's OAPIF driver, as QGIS and ogr2ogr read the service -------------------------------

# GDAL holds the GIL while it fetches, and the test server runs in this process: GDAL reads in
# a process of its own.
READER = """
import json, sys
import pyogrio
source, layer, options = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
if layer == "":
    print(json.dumps([str(name) for name in pyogrio.list_layers(source)[:, 0]]))
    sys.exit()
frame = pyogrio.read_dataframe(source, layer=layer, **options)
print(json.dumps({
    "codes": sorted(str(c) for c in frame["code"]),
    "crs": list(frame.crs.to_authority()) if frame.crs is not None else None,
    "points": {str(c): [g.x, g.y] for c, g in zip(frame["code"], frame.geometry)
               if g.geom_type == "Point"},
}))
"""


def gdal(server: LiveServer, layer: str = "", cql_text: bool = False, **options: str) -> Any:
    """What GDAL's OAPIF driver reads from the server (layer names when no layer is given).
    GDAL (up to 3.12 at least) sends CQL text only when told so (OGR_OAPIF_ALLOW_CQL_TEXT);
    it then sends what it can write of an OGR SQL filter (comparisons, LIKE, IS NULL, AND, OR,
    NOT) to the server."""
    env = {**os.environ, "OGR_OAPIF_ALLOW_CQL_TEXT": "YES" if cql_text else "NO"}
    source = f"OAPIF:{server.url}/ogc"
    done = subprocess.run(
        [sys.executable, "-c", READER, source, layer, json.dumps(options)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_gdal_reads_every_collection_in_full(api: httpx.Client, live_server: LiveServer) -> None:
    assert gdal(live_server) == list(COLLECTIONS)
    for collection in COLLECTIONS:
        read = gdal(live_server, collection)
        assert len(read["codes"]) == items(api, collection)["numberMatched"]
        assert read["codes"] == [f["id"] for f in every_feature(api, collection)]
        assert read["crs"] == ["OGC", "CRS84"]


def test_gdal_filters_on_the_server_with_cql2(api: httpx.Client, live_server: LiveServer) -> None:
    where = "(status = 'free' OR status = 'reserved') AND area_ha > 1 AND zone_code <> 'GK'"
    read = gdal(live_server, "plots", cql_text=True, where=where)
    assert len(read["codes"]) == items(api, "plots", filter=where)["numberMatched"] > 0
    # CQL2's LIKE is case-sensitive and OGR SQL's is not: nothing back proves the server did it.
    assert gdal(live_server, "plots", cql_text=True, where="code LIKE 'gk%'")["codes"] == []
    upper = gdal(live_server, "plots", cql_text=True, where="code LIKE 'GK%'")["codes"]
    assert len(upper) == items(api, "plots", filter="code LIKE 'GK%'")["numberMatched"] > 60


def test_gdal_reads_vn2000_by_reference(api: httpx.Client, live_server: LiveServer) -> None:
    read = gdal(live_server, "infrastructure", CRS="EPSG:5897")
    assert read["crs"] == ["EPSG", "5897"]
    wgs84 = {f["id"]: f for f in every_feature(api, "infrastructure")}
    assert read["points"]
    for code, point in read["points"].items():
        expected = vn2000(5897, *wgs84[code]["geometry"]["coordinates"])
        assert np.allclose(point, expected, atol=0.01)
