"""The reference dataset's generator (``geodata.build``), without a database.

It builds into a temporary folder, passes every check of its self-check, reproduces the
committed ``geodata/`` files byte for byte (change the generator, then regenerate with
``python -m geodata.build``), and each check catches a dataset broken on purpose.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from shapely import affinity

from geodata.build import check_registry
from geodata.build.__main__ import main
from geodata.build.check import (
    CHECKS,
    check_constraints,
    check_infrastructure,
    check_plots,
)
from geodata.build.check_registry import check_events, check_occupancy, check_projects
from geodata.build.readback import CheckFailure, Dataset, read_dataset
from geodata.build.writing import FILES, write_dataset

GEODATA_DIR = Path(__file__).resolve().parent.parent / "geodata"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dataset, built once for this module."""
    folder = tmp_path_factory.mktemp("reference")
    write_dataset(folder)
    return folder


@pytest.fixture(scope="module")
def dataset(built: Path) -> Dataset:
    return read_dataset(built)


# ------------------------------------------------------------------ helpers to break data


def with_plot(data: Dataset, i: int, geom: Any = None, **props: Any) -> Dataset:
    """A copy of ``data`` with plot ``i``'s geometry and/or properties replaced."""
    geoms = data.plots.geoms.copy()
    if geom is not None:
        geoms[i] = geom
    plot_props = list(data.plots.props)
    plot_props[i] = {**plot_props[i], **props}
    plots = dataclasses.replace(data.plots, props=plot_props, geoms=geoms)
    return dataclasses.replace(data, plots=plots)


def with_project(data: Dataset, code: str, **fields: str) -> Dataset:
    """A copy of ``data`` with fields of the project ``code`` replaced."""
    projects = [{**p, **fields} if p["code"] == code else p for p in data.projects]
    return dataclasses.replace(data, projects=projects)


def index_of(props: list[dict[str, Any]], **match: Any) -> int:
    """Index of the first feature or row whose fields equal ``match``."""
    return next(i for i, p in enumerate(props) if all(p[k] == v for k, v in match.items()))


# ------------------------------------------------------------------------------ the build


@pytest.mark.parametrize("check_one", CHECKS, ids=lambda f: f.__name__)
def test_every_check_passes(dataset: Dataset, check_one: Callable[[Dataset], None]) -> None:
    check_one(dataset)


def test_writes_exactly_the_listed_files(built: Path) -> None:
    assert sorted(p.name for p in built.iterdir()) == sorted(FILES)


@pytest.mark.parametrize("name", FILES)
def test_committed_file_is_what_the_generator_builds(built: Path, name: str) -> None:
    assert (built / name).read_bytes() == (GEODATA_DIR / name).read_bytes(), (
        f"geodata/{name} differs from what geodata.build writes: "
        "regenerate with `python -m geodata.build` (or undo the generator change)"
    )


def test_command_line_builds_and_checks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["--out", str(out)]) == 0
    assert capsys.readouterr().out.startswith("11 zones, 462 plots, 122 projects, 58 events")
    assert (out / "plots.geojson").read_bytes() == (GEODATA_DIR / "plots.geojson").read_bytes()


# ------------------------------------------------------------ each check catches a break


def test_plot_moved_outside_its_zone(dataset: Dataset) -> None:
    broken = with_plot(dataset, 0, affinity.translate(dataset.plots.geoms[0], xoff=0.02))
    with pytest.raises(CheckFailure, match=r"plots: not covered by zone: \['KP-001'\]"):
        check_plots(broken)


def test_two_plots_overlapping(dataset: Dataset) -> None:
    broken = with_plot(dataset, 1, dataset.plots.geoms[0])  # KP-002 drawn over KP-001
    with pytest.raises(CheckFailure, match="plots: 1 overlapping pairs"):
        check_plots(broken)


def test_plot_outside_the_vocabulary(dataset: Dataset) -> None:
    with pytest.raises(CheckFailure, match="plots: KP-001 land_use"):
        check_plots(with_plot(dataset, 0, land_use="parking"))


def test_plot_status_not_its_projects(dataset: Dataset) -> None:
    i = index_of(dataset.plots.props, status="operating", land_use="industrial")
    code = dataset.plots.props[i]["code"]
    with pytest.raises(CheckFailure, match=f"plots: {code} status vs project"):
        check_occupancy(with_plot(dataset, i, status="delayed"))


def test_zone_inside_a_protected_area(dataset: Dataset) -> None:
    gk = dataset.zones.geoms[index_of(dataset.zones.props, code="GK")]
    geoms = dataset.constraints.geoms.copy()
    geoms[index_of(dataset.constraints.props, kind="heritage_buffer")] = gk.buffer(0.01)
    constraints = dataclasses.replace(dataset.constraints, geoms=geoms)
    with pytest.raises(CheckFailure, match="constraints: a zone intersects heritage_buffer"):
        check_constraints(dataclasses.replace(dataset, constraints=constraints))


@pytest.mark.parametrize(
    ("field", "change", "message"),
    [
        ("capital_vnd_bn", Decimal("0.001"), "projects: capital 65385.701"),
        ("workers_vn", 1, "projects: workers 36359[+]301"),
    ],
)
def test_dataset_off_a_facts_total(
    dataset: Dataset, field: str, change: Decimal | int, message: str
) -> None:
    row = dataset.projects[index_of(dataset.projects, code="KP-P01")]
    value = Decimal(row[field]) + change
    with pytest.raises(CheckFailure, match=message):
        check_projects(with_project(dataset, "KP-P01", **{field: str(value)}))


def test_facts_total_off_the_dataset(dataset: Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    # the review's inconsistent worker split (36,385 + 301) instead of its total 36,659
    monkeypatch.setattr(check_registry, "WORKERS_TOTAL", 36686)
    with pytest.raises(CheckFailure, match="projects: workers"):
        check_projects(dataset)


def test_project_status_counts(dataset: Dataset) -> None:
    i = index_of(dataset.projects, status="operating", kind="secondary")
    broken = with_project(dataset, dataset.projects[i]["code"], status="delayed")
    with pytest.raises(CheckFailure, match="projects: statuses"):
        check_projects(broken)


def test_missing_supervision_event(dataset: Dataset) -> None:
    i = index_of(dataset.events, kind="supervision")
    broken = dataclasses.replace(dataset, events=dataset.events[:i] + dataset.events[i + 1 :])
    with pytest.raises(CheckFailure, match="events: kinds"):
        check_events(broken)


def test_unknown_infrastructure_kind(dataset: Dataset) -> None:
    props = [
        {**p, "kind": "airport"} if p["code"] == "HA-NOI" else p
        for p in dataset.infrastructure.props
    ]
    infrastructure = dataclasses.replace(dataset.infrastructure, props=props)
    with pytest.raises(CheckFailure, match="infrastructure: kinds"):
        check_infrastructure(dataclasses.replace(dataset, infrastructure=infrastructure))
