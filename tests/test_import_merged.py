"""The merged province's zones (``geodata/merged-2025``): the file is what its generator
writes, its codes are unique, its statuses the core's and its outlines valid and clear of one
another, every fact of a former Hà Nam or Nam Định zone names its page in SOURCES.md, and the
file imports into a running system (Ninh Bình's zones unchanged) with every feature of the file
counted in the stats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine

from geodata.build import merged
from izagis.stats import kpis
from tests.test_import import counts, errors, run

FOLDER = Path(merged.__file__).resolve().parent.parent / "merged-2025"


def test_the_files_are_the_generators() -> None:
    body = json.loads((FOLDER / "zones.geojson").read_text(encoding="utf-8"))
    assert body["features"] == json.loads(json.dumps(merged.features(), ensure_ascii=False))
    assert (FOLDER / "SOURCES.md").read_text(encoding="utf-8") == merged.sources()


def test_the_file_passes_the_generators_check() -> None:
    body = json.loads((FOLDER / "zones.geojson").read_text(encoding="utf-8"))
    merged.check(body["features"])
    assert len(body["features"]) == 11 + len(merged.ZONES)
    assert f"`zones.geojson` holds {len(body['features'])} zones" in merged.sources()


def test_the_check_refuses_overlaps_and_repeats() -> None:
    features = merged.features()
    with pytest.raises(AssertionError, match="codes used twice"):
        merged.check([*features, features[-1]])
    moved = json.loads(json.dumps(features[-1]))
    moved["properties"]["code"] = "XX-1"
    with pytest.raises(AssertionError, match="outlines that meet"):
        merged.check([*features, moved])
    odd = json.loads(json.dumps(moved))
    odd["properties"]["status"] = "building"
    with pytest.raises(AssertionError, match="statuses outside"):
        merged.check([*features[:-1], odd])


def test_every_fact_names_its_page() -> None:
    listed = (FOLDER / "SOURCES.md").read_text(encoding="utf-8")
    for zone in merged.ZONES:
        assert zone.status_source and zone.name_source, zone.code
        for value, url in (
            (zone.planned_area_ha, zone.area_source),
            (zone.developer, zone.developer_source),
            (zone.legal_basis, zone.legal_source),
        ):
            assert (value is None) == (not url), zone.code
        assert (
            f"| {zone.code} | {zone.name_en} | {zone.former} | outline | illustrative |" in listed
        )


def test_the_merged_zones_import_and_count(writable: Engine) -> None:
    in_file = len(json.loads((FOLDER / "zones.geojson").read_text(encoding="utf-8"))["features"])
    report = run(writable, "zones", FOLDER / "zones.geojson")
    assert report.applied, errors(report)
    assert counts(report) == {"added": in_file - 11, "unchanged": 11}
    with writable.connect() as conn:
        stats = kpis(conn, None)
    assert len(stats.zones) == in_file
