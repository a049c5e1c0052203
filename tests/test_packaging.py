"""What an installed izagis carries: the migrations, the page assets and the reference
dataset, found through the package and not through a checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_wheel_carries_migrations_assets_and_the_reference_dataset(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        cwd=tmp_path,
    )
    (wheel,) = tmp_path.glob("izagis-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for layer in ("zones.geojson", "plots.geojson", "projects.csv", "project_events.csv"):
        assert f"geodata/{layer}" in names
    assert any(n.startswith("izagis/migrations/versions/0005") for n in names)
    assert "web/static/vendor/MANIFEST.json" in names
    assert "web/static/js/main.js" in names
    assert {"izagis/data/vsic2018.csv", "izagis/data/minimum_wage.csv"} <= names
    for lang in ("vi", "en"):
        assert f"web/locale/{lang}/LC_MESSAGES/messages.po" in names
    assert not any(n.startswith(("tests/", "bench/")) for n in names)


def test_the_reference_dataset_is_found_from_outside_the_checkout(tmp_path: Path) -> None:
    found = subprocess.run(
        [sys.executable, "-c", "from izagis.dataset import REFERENCE_DIR; print(REFERENCE_DIR)"],
        check=True,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert (Path(found) / "zones.geojson").is_file()
