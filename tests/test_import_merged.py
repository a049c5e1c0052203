"""The merged province's zones (``geodata/merged-2025``): the file is what its generator
writes, every fact of a former Hà Nam or Nam Định zone names its page in SOURCES.md, and the
file imports into a running system (Ninh Bình's zones unchanged) with the zone count in the
stats."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Engine

from geodata.build import merged
from izagis.stats import kpis
from tests.test_import import counts, errors, run

FOLDER = Path(merged.__file__).resolve().parent.parent / "merged-2025"


def test_the_files_are_the_generators() -> None:
    body = json.loads((FOLDER / "zones.geojson").read_text(encoding="utf-8"))
    assert body["features"] == json.loads(json.dumps(merged.features(), ensure_ascii=False))
    assert (FOLDER / "SOURCES.md").read_text(encoding="utf-8") == merged.sources()


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
    report = run(writable, "zones", FOLDER / "zones.geojson")
    assert report.applied, errors(report)
    assert counts(report) == {"added": len(merged.ZONES), "unchanged": 11}
    with writable.connect() as conn:
        stats = kpis(conn, None)
    assert len(stats.zones) == 11 + len(merged.ZONES)
