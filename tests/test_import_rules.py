"""Import rules: refusals with their messages (no CRS, a wrong CRS with the one the numbers
fit, swapped axes), per-feature findings of which any one refuses the whole file, the planner's
round trip (a VN-2000 Shapefile with two plots edited and one deleted: the dry run reports
exactly those three, the import applies them, the audit history names the file), retirement
that keeps held and occupied plots, statuses taken only for new plots and dated by the file,
the Vietnamese default mapping and a mapping file."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely
import shapely.affinity
from pyproj import Transformer
from shapely.geometry import Polygon
from sqlalchemy import Engine, text

from izagis.errors import DatasetError
from izagis.export import export_layer
from izagis.import_report import ImportReport
from tests.test_import import AS_OF, counts, errors, run

TM3 = 5897
TO_TM3 = Transformer.from_crs(4326, TM3, always_xy=True)
EPSG_6960 = Transformer.from_pipeline("urn:ogc:def:coordinateOperation:EPSG::6960")
UTM48 = Transformer.from_crs(4326, 32648, always_xy=True)


def exported(engine: Engine, layer: str, path: Path, crs: int = 4326) -> gpd.GeoDataFrame:
    with engine.connect() as conn:
        export_layer(conn, layer, path, crs=crs)
    return gpd.read_file(path, engine="pyogrio")


def state(engine: Engine) -> tuple[Any, ...]:
    """Everything an import may touch, to compare before and after."""
    with engine.connect() as conn:
        return tuple(
            conn.execute(text(sql)).all()
            for sql in (
                "SELECT code, zone_id, land_use, status, leasable_year, project_id, updated_at,"
                " ST_AsBinary(geom) FROM plots ORDER BY code",
                "SELECT code, updated_at FROM zones ORDER BY code",
                "SELECT count(*) FROM plot_events",
                "SELECT count(*) FROM holds",
                "SELECT count(*) FROM audit_log",
                "SELECT version FROM data_version",
                "SELECT count(*) FROM plot_access",
            )
        )


# -- refusals of the whole file ------------------------------------------------------------


def test_a_csv_without_crs_is_refused_naming_the_crs_its_numbers_fit(
    writable: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "zones.csv"
    with writable.connect() as conn:
        export_layer(conn, "zones", path, crs=TM3)
    with pytest.raises(
        DatasetError,
        match=r"declares no coordinate reference system; give its "
        r"CRS .*the numbers fit EPSG:5897 \(VN-2000 / TM-3 zone 482",
    ):
        run(writable, "zones", path)
    assert run(writable, "zones", path, crs=TM3, dry_run=True).ok


def test_metres_claimed_as_degrees_are_refused_with_the_crs_they_fit(
    writable: Engine, tmp_path: Path
) -> None:
    zones = exported(writable, "zones", tmp_path / "zones.gpkg", TM3)
    zones.set_crs(4326, allow_override=True).to_file(tmp_path / "claimed.geojson")
    with pytest.raises(
        DatasetError,
        match="do not fall in Vietnam under the declared EPSG:4326; the numbers fit EPSG:5897",
    ):
        run(writable, "zones", tmp_path / "claimed.geojson")


@pytest.mark.parametrize("crs", [4326, TM3])
def test_swapped_axes_are_refused_as_such(writable: Engine, tmp_path: Path, crs: int) -> None:
    zones = exported(writable, "zones", tmp_path / "zones.gpkg", crs)
    swapped = zones.set_geometry(shapely.transform(zones.geometry.values, lambda xy: xy[:, ::-1]))
    swapped.to_file(tmp_path / "swapped.gpkg")
    with pytest.raises(
        DatasetError,
        match=f"do not fall in Vietnam under EPSG:{crs}, but do "
        "with x and y swapped: the axes look exchanged",
    ):
        run(writable, "zones", tmp_path / "swapped.gpkg")


def test_one_stray_feature_is_refused_by_itself_and_named(writable: Engine, tmp_path: Path) -> None:
    """One feature with its axes swapped (or far away) among many right ones: the file is read,
    and that feature is the finding, by number and code; nothing is imported."""
    zones = exported(writable, "zones", tmp_path / "zones.gpkg")
    geoms = zones.geometry.values.copy()
    geoms[5] = shapely.transform(geoms[5], lambda xy: xy[:, ::-1])
    geoms[7] = shapely.affinity.translate(geoms[7], xoff=40)  # in the Pacific
    zones.set_geometry(list(geoms)).set_crs(4326, allow_override=True).to_file(
        tmp_path / "stray.gpkg"
    )
    report = run(writable, "zones", tmp_path / "stray.gpkg", dry_run=True)
    found = [(i.feature, i.source_id, i.problem) for i in report.issues if i.severity == "error"]
    assert [(n, code) for n, code, _ in found] == [(6, zones["code"][5]), (8, zones["code"][7])]
    assert found[0][2].startswith("lies outside Vietnam (around 20.")
    assert found[0][2].endswith("x and y look swapped (longitude/easting must come first)")
    assert "swapped" not in found[1][2]
    assert report.summary().endswith("refused (2 errors); nothing is imported")


def test_a_crs_option_that_contradicts_the_file_and_odd_files_are_refused(
    writable: Engine, tmp_path: Path
) -> None:
    exported(writable, "zones", tmp_path / "zones.gpkg", TM3)
    with pytest.raises(DatasetError, match="declares EPSG:5897, not EPSG:3405"):
        run(writable, "zones", tmp_path / "zones.gpkg", crs=3405)
    mercator = gpd.read_file(tmp_path / "zones.gpkg").to_crs(3857)
    mercator.to_file(tmp_path / "mercator.gpkg")
    with pytest.raises(DatasetError, match="EPSG:3857 is not accepted"):
        run(writable, "zones", tmp_path / "mercator.gpkg")
    (tmp_path / "zones.txt").write_text("x")
    with pytest.raises(DatasetError, match="the extension must be one of"):
        run(writable, "zones", tmp_path / "zones.txt")


# -- findings per feature: any error refuses the whole file ------------------------------


def _bow_tie(plots: gpd.GeoDataFrame, i: int) -> None:
    """Plot ``i`` redrawn as a small bow tie (about 20 m across) inside itself."""
    x, y = plots.geometry[i].representative_point().coords[0]
    d = 0.0001
    plots.loc[i, "geometry"] = Polygon(
        [(x - d, y - d), (x + d, y + d), (x + d, y - d), (x - d, y + d)]
    )


def _move(plots: gpd.GeoDataFrame, i: int, metres: float) -> None:
    """Shift plot ``i`` east by ``metres`` (the frame is in TM-3 metres)."""
    plots.loc[i, "geometry"] = shapely.affinity.translate(plots.geometry[i], xoff=metres)


SPOILS: list[tuple[str, Callable[[gpd.GeoDataFrame, int], None], str]] = [
    (
        "status",
        lambda f, i: f.__setitem__("status", f["status"].where(f.index != i, "sold")),
        "status 'sold' is not one of free, leased",
    ),
    (
        "year",
        lambda f, i: f.__setitem__("leasable_year", f["leasable_year"].where(f.index != i, 1800)),
        "leasable_year 1800 must be between 1990 and 2100",
    ),
    (
        "zone",
        lambda f, i: f.__setitem__("zone_code", f["zone_code"].where(f.index != i, "ZX")),
        "unknown zone_code ZX",
    ),
    (
        "duplicate",
        lambda f, i: f.__setitem__("code", f["code"].where(f.index != i, f["code"][0])),
        "duplicate code, also feature 1",
    ),
    (
        "empty",
        lambda f, i: f.__setitem__("geometry", f.geometry.where(f.index != i, None)),
        "no geometry",
    ),
    ("outside", lambda f, i: _move(f, i, 3000), "outside its zone .* by [0-9.]+ m²"),
    ("overlap", lambda f, i: _move(f, i, 20), "overlaps .* by [0-9.]+ m²"),
]


@pytest.mark.parametrize(("name", "spoil", "message"), SPOILS, ids=[s[0] for s in SPOILS])
def test_one_bad_feature_in_the_middle_imports_nothing(
    writable: Engine,
    tmp_path: Path,
    name: str,
    spoil: Callable[[gpd.GeoDataFrame, int], None],
    message: str,
) -> None:
    plots = exported(writable, "plots", tmp_path / "plots.gpkg", TM3)
    middle = len(plots) // 2
    plots.loc[0, "land_use"] = "warehouse" if plots["land_use"][0] != "warehouse" else "industrial"
    spoil(plots, middle)
    plots.to_file(tmp_path / "spoiled.gpkg")
    before = state(writable)
    report = run(writable, "plots", tmp_path / "spoiled.gpkg")
    assert not report.ok and not report.applied
    found = [i for i in report.issues if i.severity == "error"]
    assert any(i.feature == middle + 1 for i in found), errors(report)

    assert any(re.search(message, i.problem) for i in found), errors(report)
    assert state(writable) == before


def test_invalid_geometries_are_repaired_unless_strict(writable: Engine, tmp_path: Path) -> None:
    plots = exported(writable, "plots", tmp_path / "plots.gpkg")
    _bow_tie(plots, 3)
    plots.to_file(tmp_path / "bow.gpkg")
    report = run(writable, "plots", tmp_path / "bow.gpkg", dry_run=True)
    repaired = [i for i in report.issues if i.severity == "repaired"]
    assert [(i.feature, i.source_id) for i in repaired] == [(4, plots["code"][3])]
    assert "Self-intersection" in repaired[0].problem and "make_valid" in repaired[0].done
    strict = run(writable, "plots", tmp_path / "bow.gpkg", dry_run=True, strict=True)
    refused = [i for i in strict.issues if i.severity == "error"]
    assert [i.feature for i in refused] == [4], errors(strict)
    assert refused[0].problem.endswith("--strict refuses repairs")


# -- the planner's round trip ------------------------------------------------------------


def test_edit_two_delete_one_in_a_vn2000_shapefile(writable: Engine, tmp_path: Path) -> None:
    path = tmp_path / "plots.shp.zip"
    plots = exported(writable, "plots", path, TM3)
    free = plots.index[(plots["status"] == "free") & (plots["land_use"] == "industrial")]
    a, b, c = (int(i) for i in free[:3])
    plots.loc[a, "land_use"] = "warehouse"
    plots.loc[b, "geometry"] = plots.geometry[b].buffer(-2, join_style="mitre")
    deleted = plots["code"][c]
    edited = plots.drop(index=c)
    edited.to_file(tmp_path / "edited.shp.zip", driver="ESRI Shapefile", engine="pyogrio")
    before = state(writable)

    dry = run(writable, "plots", tmp_path / "edited.shp.zip", dry_run=True, retire_missing=True)
    assert dry.ok, errors(dry)
    assert {(ch.code, ch.change, ch.fields) for ch in dry.changes} == {
        (plots["code"][a], "changed", ("land_use",)),
        (plots["code"][b], "changed", ("geometry",)),
        (deleted, "retired", ()),
    }
    assert dry.unchanged == len(plots) - 3
    # each change says what it was and what it becomes
    details = {ch.code: ch.details for ch in dry.changes}
    assert details[plots["code"][a]] == ("land_use: industrial → warehouse",)
    moved = re.fullmatch(r"geometry: moved up to (\d+\.\d\d) m", details[plots["code"][b]][0])
    assert moved and 2 <= float(moved[1]) <= 4  # 2 m in, more at the corners
    assert state(writable) == before  # a dry run writes nothing

    done = run(writable, "plots", tmp_path / "edited.shp.zip", retire_missing=True)
    assert done.applied and counts(done) == counts(dry)
    with writable.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT row_key, action, actor FROM audit_log WHERE table_name = 'plots' "
                "AND at >= now() - interval '1 hour' AND actor LIKE '%edited.shp.zip%'"
            )
        ).all()
        assert (
            conn.execute(
                text("SELECT land_use FROM plots WHERE code = :c"), {"c": plots["code"][a]}
            ).scalar_one()
            == "warehouse"
        )
        gone = conn.execute(text("SELECT count(*) FROM plots WHERE code = :c"), {"c": deleted})
        assert gone.scalar_one() == 0
        history = conn.execute(
            text(
                "SELECT file_name, checksum, changed, retired, unchanged FROM imports "
                "WHERE file_name = 'edited.shp.zip'"
            )
        ).one()
        retired = conn.execute(
            text(
                "SELECT layer, code, properties ->> 'land_use', geom IS NOT NULL FROM "
                "retired_features"
            )
        ).one()
    assert tuple(history) == ("edited.shp.zip", done.checksum, 2, 1, len(plots) - 3)
    assert tuple(retired) == ("plots", deleted, plots["land_use"][c], True)
    assert sorted(action for _, action, _ in rows) == ["delete", "update", "update"]
    assert all(f"sha256 {done.checksum}" in actor for _, _, actor in rows)
    again = run(writable, "plots", tmp_path / "edited.shp.zip", retire_missing=True)
    assert counts(again) == {"unchanged": len(plots) - 1}


# -- retirement ----------------------------------------------------------------------------


def test_retire_missing_keeps_held_and_occupied_plots_unless_forced(
    writable: Engine, tmp_path: Path
) -> None:
    plots = exported(writable, "plots", tmp_path / "plots.gpkg")
    leased = plots["code"][plots["status"] == "operating"].iloc[0]
    held = "GK-026"  # reserved in the reference data: an open-ended hold
    free = plots["code"][plots["status"] == "free"].iloc[0]
    plots[~plots["code"].isin([leased, held, free])].to_file(tmp_path / "fewer.gpkg")
    report = run(writable, "plots", tmp_path / "fewer.gpkg", retire_missing=True)
    assert report.applied
    kept = {c.code: c.fields[0] for c in report.changes if c.change == "kept"}
    assert kept == {leased: "operating: --force retires it", held: "held: --force retires it"}
    assert [c.code for c in report.changes if c.change == "retired"] == [free]
    forced = run(writable, "plots", tmp_path / "fewer.gpkg", retire_missing=True, force=True)
    assert sorted(c.code for c in forced.changes if c.change == "retired") == sorted([leased, held])
    with writable.connect() as conn:
        left = conn.execute(
            text("SELECT count(*) FROM plots WHERE code = ANY(:c)"), {"c": [leased, held, free]}
        ).scalar_one()
    assert left == 0


def test_a_file_of_one_zone_retires_only_in_that_zone(writable: Engine, tmp_path: Path) -> None:
    """A surveyor's file covers one zone: retiring what it lacks never reaches the others."""
    plots = exported(writable, "plots", tmp_path / "plots.gpkg")
    one_zone = plots[plots["zone_code"] == "TD2"]
    gone = one_zone["code"][one_zone["status"] == "free"].iloc[0]
    one_zone[one_zone["code"] != gone].to_file(tmp_path / "td2.gpkg")
    report = run(writable, "plots", tmp_path / "td2.gpkg", dry_run=True, retire_missing=True)
    assert [(c.code, c.change) for c in report.changes] == [(gone, "retired")]
    notes = [i.problem for i in report.issues if i.severity == "note"]
    assert "retiring only in the zones the file covers: TD2" in notes


def test_a_zone_with_plots_is_never_retired(writable: Engine, tmp_path: Path) -> None:
    zones = exported(writable, "zones", tmp_path / "zones.gpkg")
    zones[zones["code"] != "KP"].to_file(tmp_path / "fewer.gpkg")
    report = run(writable, "zones", tmp_path / "fewer.gpkg", retire_missing=True, force=True)
    assert [(c.code, c.change, c.fields) for c in report.changes] == [
        ("KP", "kept", ("still holds plots or projects",))
    ]


# -- statuses ------------------------------------------------------------------------------


def _split(plots: gpd.GeoDataFrame, code: str, status: str) -> gpd.GeoDataFrame:
    """The file with a free plot cut in two: its west half keeps it, the east half becomes
    the new plot ``code`` with ``status``."""
    i = plots.index[(plots["status"] == "free") & (plots["land_use"] == "industrial")][0]
    shape = plots.geometry[i]
    x0, y0, x1, y1 = shape.bounds
    middle = (x0 + x1) / 2
    west = shape.intersection(shapely.box(x0, y0, middle, y1))
    east = shape.intersection(shapely.box(middle, y0, x1, y1))
    new = plots.loc[[i]].copy()
    new["code"], new["status"], new["geometry"] = code, status, [east]
    out = plots.copy()
    out.loc[i, "geometry"] = west
    return gpd.GeoDataFrame(
        np.concatenate([out.values, new.values]), columns=plots.columns, crs=plots.crs
    )


def test_file_statuses_are_taken_for_new_plots_only_and_dated_by_the_file(
    writable: Engine, tmp_path: Path
) -> None:
    plots = exported(writable, "plots", tmp_path / "plots.gpkg")
    with writable.connect() as conn:
        statuses: dict[str, str] = dict(conn.execute(text("SELECT code, status FROM plots")).all())
    both = _split(plots, "KP-NEW", "leased")
    changed = both.index[both["status"] == "operating"][0]
    both.loc[changed, "status"] = "delayed"  # an existing plot: the file's status is ignored
    both["status_date"] = None
    both.loc[both["code"] == "KP-NEW", "status_date"] = "2023-05-04"
    both.to_file(tmp_path / "new.gpkg")
    report = run(writable, "plots", tmp_path / "new.gpkg")
    assert report.applied, errors(report)
    assert counts(report) == {"added": 1, "changed": 1, "unchanged": len(plots) - 1}
    with writable.connect() as conn:
        event = conn.execute(
            text(
                "SELECT e.kind, e.happened_on, e.source, p.status FROM plot_events e "
                "JOIN plots p ON p.id = e.plot_id WHERE p.code = 'KP-NEW'"
            )
        ).one()
        kept = conn.execute(
            text("SELECT status FROM plots WHERE code = :c"), {"c": both["code"][changed]}
        ).scalar_one()
    assert tuple(event) == ("leased", dt.date(2023, 5, 4), "import", "leased")
    assert kept == statuses[both["code"][changed]]


def test_an_undated_status_is_refused_and_as_of_dates_it(writable: Engine, tmp_path: Path) -> None:
    plots = exported(writable, "plots", tmp_path / "plots.gpkg")
    _split(plots, "KP-NEW", "free").to_file(tmp_path / "new.gpkg")
    refused = run(writable, "plots", tmp_path / "new.gpkg")
    assert errors(refused) == [
        f"{len(plots) + 1}:KP-NEW:status free has no date: give a status_date column or --as-of"
    ]
    done = run(writable, "plots", tmp_path / "new.gpkg", as_of=AS_OF)
    assert done.applied
    with writable.connect() as conn:
        event = conn.execute(
            text(
                "SELECT e.kind, e.happened_on FROM plot_events e JOIN plots p ON p.id = e.plot_id"
                " WHERE p.code = 'KP-NEW'"
            )
        ).one()
    assert tuple(event) == ("opened", AS_OF)


def test_take_statuses_never_overwrites_one_set_in_the_app(
    writable: Engine, tmp_path: Path
) -> None:
    from izagis import plot_state
    from izagis.vocab import PlotEventKind

    plots = exported(writable, "plots", tmp_path / "plots.gpkg")
    free = plots["code"][plots["status"] == "free"].iloc[:4].tolist()
    with writable.begin() as conn:
        for code, kind in ((free[0], PlotEventKind.LEASED), (free[3], PlotEventKind.OPENED)):
            plot_state.record_event(conn, plot_code=code, kind=kind, happened_on=dt.date.today())
        mark = conn.execute(text("SELECT max(id) FROM plot_events")).scalar_one()
    plots.loc[plots["code"].isin(free[:2]), "status"] = "delayed"
    # reserved in the file: a hold for a free plot, none for one whose status the app set
    plots.loc[plots["code"].isin(free[2:]), "status"] = "reserved"
    plots.to_file(tmp_path / "taken.gpkg")
    dry = run(writable, "plots", tmp_path / "taken.gpkg", take_statuses=True, dry_run=True)
    assert [(c.code, c.details) for c in dry.changes] == [
        (free[1], ("status: free → delayed",)),
        (free[2], ("status: free → reserved",)),
    ]
    as_of = dt.date.today() - dt.timedelta(days=3)
    report = run(writable, "plots", tmp_path / "taken.gpkg", take_statuses=True, as_of=as_of)
    assert report.applied, errors(report)
    with writable.connect() as conn:
        now: dict[str, str] = dict(
            conn.execute(
                text("SELECT code, status FROM plots WHERE code = ANY(:c)"), {"c": free}
            ).all()
        )
        events = conn.execute(
            text(
                "SELECT p.code, e.kind, e.happened_on, e.source FROM plot_events e "
                "JOIN plots p ON p.id = e.plot_id WHERE e.id > :mark ORDER BY p.code, e.kind"
            ),
            {"mark": mark},
        ).all()
        held = conn.execute(
            text(
                "SELECT p.code FROM holds h JOIN plots p ON p.id = h.plot_id "
                "WHERE p.code = ANY(:c) AND h.released_at IS NULL"
            ),
            {"c": free},
        ).all()
    assert now == {free[0]: "leased", free[1]: "delayed", free[2]: "free", free[3]: "free"}
    # the file's status, dated as of the day given; the plot the app set has none
    assert sorted(events) == sorted(
        [(free[1], "delayed", as_of, "import"), (free[2], "held", dt.date.today(), "import")]
    )
    assert held == [(free[2],)]


# -- mapping ---------------------------------------------------------------------------------


def test_vietnamese_names_and_values_map_by_default_and_a_mapping_file_adds(
    writable: Engine, tmp_path: Path
) -> None:
    plots = exported(writable, "plots", tmp_path / "plots.gpkg")
    i = plots.index[plots["code"] == "KP-051"][0]
    shape = plots.geometry[i]
    survey = gpd.GeoDataFrame(
        {
            "Mã lô": ["KP-051"],
            "Mã KCN": ["KP"],
            "Loại đất": ["Kho bãi"],
            "Trạng thái": ["Còn trống"],
            "Ghi chú": ["đo đạc 2024"],
        },
        geometry=[shape],
        crs=4326,
    )
    survey.to_file(tmp_path / "khao_sat.geojson")
    report = run(writable, "plots", tmp_path / "khao_sat.geojson", dry_run=True)
    assert report.ok, errors(report)
    assert [(c.code, c.change, c.fields) for c in report.changes] == [
        ("KP-051", "changed", ("land_use",))
    ]
    assert any("Ghi chú" in i.problem for i in report.issues if i.severity == "note")
    custom = survey.rename(columns={"Mã lô": "SoHieu", "Loại đất": "LD"})
    custom["LD"] = ["KB"]
    custom.to_file(tmp_path / "custom.geojson")
    (tmp_path / "map.yaml").write_text(
        "fields:\n  SoHieu: code\n  LD: land_use\nvalues:\n  land_use:\n    KB: warehouse\n"
    )
    mapped = run(
        writable, "plots", tmp_path / "custom.geojson", dry_run=True, mapping=tmp_path / "map.yaml"
    )
    assert [(c.code, c.fields) for c in mapped.changes] == [("KP-051", ("land_use",))]
    # a typo in a mapping's field refuses the file, a column it names that the file lacks is noted
    (tmp_path / "typo.yaml").write_text(
        "fields:\n  SoHieu: code\n  LD: land_uze\n  NamMo: year\n"
        "values:\n  statuss:\n    Da thue: leased\n"
    )
    typo = run(
        writable, "plots", tmp_path / "custom.geojson", dry_run=True, mapping=tmp_path / "typo.yaml"
    )
    assert not typo.ok and typo.changes == []
    refusals = [i.problem for i in typo.issues if i.severity == "error"]
    assert [p.split(" (one of ")[0] for p in refusals] == [
        "the mapping sends LD to land_uze, which is no field of plots",
        "the mapping sends NamMo to year, which is no field of plots",
        "the mapping gives values for statuss, which is no field of plots",
        "no column for the required land_use",
    ]
    assert "the mapping names columns the file lacks: NamMo" in [
        i.problem for i in typo.issues if i.severity == "note"
    ]
    assert typo.summary().endswith("refused (4 errors); nothing is imported"), typo.summary()


# -- VN-2000 from known WGS 84 points --------------------------------------------------------


@pytest.mark.parametrize("code", [TM3, 9209, 3405, 4756])
def test_vn2000_points_made_with_pyproj_land_within_a_metre(
    writable: Engine, scratch: Engine, tmp_path: Path, code: int
) -> None:
    with writable.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT code, kind, name_vi, name_en, ST_X(geom), ST_Y(geom) FROM infrastructure "
                "WHERE GeometryType(geom) = 'POINT'"
            )
        ).all()
    lon = np.array([r[4] for r in rows])
    lat = np.array([r[5] for r in rows])
    vlat, vlon = EPSG_6960.transform(lat, lon, direction="INVERSE")  # WGS 84 -> VN-2000
    x, y = (
        (vlon, vlat)
        if code == 4756
        else Transformer.from_crs(4756, code, always_xy=True).transform(vlon, vlat)
    )
    frame = gpd.GeoDataFrame(
        {
            "code": [r[0] for r in rows],
            "kind": [r[1] for r in rows],
            "name_vi": [r[2] for r in rows],
            "name_en": [r[3] for r in rows],
        },
        geometry=gpd.points_from_xy(x, y),
        crs=code,
    )
    frame.to_file(tmp_path / "points.gpkg")
    report = run(scratch, "infrastructure", tmp_path / "points.gpkg")
    assert report.applied, errors(report)
    with scratch.connect() as conn:
        got = {
            c: (gx, gy)
            for c, gx, gy in conn.execute(
                text("SELECT code, ST_X(geom), ST_Y(geom) FROM infrastructure")
            )
        }
    for r in rows:
        ex, ey = UTM48.transform(r[4], r[5])
        gx, gy = UTM48.transform(*got[r[0]])
        assert np.hypot(ex - gx, ey - gy) < 1.0, r[0]


def test_report_saves_as_csv_and_json(writable: Engine, tmp_path: Path) -> None:
    plots = exported(writable, "plots", tmp_path / "plots.gpkg")
    _bow_tie(plots, 3)
    plots.to_file(tmp_path / "bow.gpkg")
    report: ImportReport = run(writable, "plots", tmp_path / "bow.gpkg", dry_run=True)
    saved = report.save(tmp_path / "report")
    assert [p.name for p in saved] == ["report.json", "report.csv"]

    body = json.loads(saved[0].read_text())
    assert [i["severity"] for i in body["issues"]][:2] == ["note", "repaired"]
    assert body["dry_run"] is True and body["counts"]["unchanged"] == len(plots) - 1
    lines = saved[1].read_text().splitlines()
    assert lines[0] == "feature,source_id,kind,detail,action" and "repaired" in lines[2]
    assert pyogrio.list_layers(tmp_path / "bow.gpkg") is not None


def test_a_csv_with_lon_lat_columns_imports_points(scratch: Engine, tmp_path: Path) -> None:
    rows = [
        "code,kind,name_vi,name_en,lon,lat",
        "SUB-1,substation,Trạm biến áp A,Substation A,105.93,20.32",
        "POR-1,river_port,Cảng B,Port B,106.01,20.22",
    ]
    (tmp_path / "points.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="declares no coordinate reference system"):
        run(scratch, "infrastructure", tmp_path / "points.csv")
    report = run(scratch, "infrastructure", tmp_path / "points.csv", crs=4326)
    assert report.applied and counts(report) == {"added": 2}, errors(report)
    with scratch.connect() as conn:
        stored = conn.execute(
            text("SELECT code, ST_X(geom), ST_Y(geom) FROM infrastructure ORDER BY code")
        ).all()
    assert [tuple(r) for r in stored] == [("POR-1", 106.01, 20.22), ("SUB-1", 105.93, 20.32)]
