"""``izagis import`` on the command line: the report table, the saved report, exit codes; and
an import killed (SIGKILL) or interrupted (Ctrl-C, SIGINT) half way leaves every table as it
was."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from izagis.cli import app as cli
from tests.test_import_rules import exported, state

IZAGIS = str(Path(sys.executable).with_name("izagis"))


def _env(engine: Engine) -> dict[str, str]:
    url = engine.url.render_as_string(hide_password=False)
    return {**os.environ, "IZAGIS_DATABASE_URL": url}


def test_dry_run_prints_the_change_set_and_saves_the_report(
    writable: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plots = exported(writable, "plots", tmp_path / "plots.gpkg", 5897)
    plots.loc[0, "land_use"] = "warehouse" if plots["land_use"][0] != "warehouse" else "industrial"
    plots.to_file(tmp_path / "edited.gpkg")
    monkeypatch.setenv("IZAGIS_DATABASE_URL", _env(writable)["IZAGIS_DATABASE_URL"])
    before = state(writable)
    result = CliRunner().invoke(
        cli,
        [
            "import",
            "plots",
            str(tmp_path / "edited.gpkg"),
            "--dry-run",
            "--report",
            str(tmp_path / "report"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert plots["code"][0] in result.output and "land_use" in result.output
    assert "would change 0 added, 1 changed, 0 retired" in " ".join(result.output.split())
    body = json.loads((tmp_path / "report.json").read_text())
    assert body["counts"]["changed"] == 1 and body["applied"] is False
    assert state(writable) == before


def test_an_applied_import_shows_each_phase_to_its_end(
    writable: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The progress names every phase, the derived data's update (the longest) too."""
    plots = exported(writable, "plots", tmp_path / "plots.gpkg")
    plots.loc[0, "land_use"] = "warehouse" if plots["land_use"][0] != "warehouse" else "industrial"
    plots.to_file(tmp_path / "edited.gpkg")
    monkeypatch.setenv("IZAGIS_DATABASE_URL", _env(writable)["IZAGIS_DATABASE_URL"])
    result = CliRunner().invoke(cli, ["import", "plots", str(tmp_path / "edited.gpkg")])
    assert result.exit_code == 0, result.output
    shown = [line.split()[0:2] for line in result.output.splitlines() if "features/s" in line]
    phases = [words[0] if words[0] != "derived" else " ".join(words) for words in shown]
    assert phases == ["reading", "checking", "staging", "writing", "derived data"], result.output


def test_exit_codes_say_refused_and_unreadable(
    writable: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IZAGIS_DATABASE_URL", _env(writable)["IZAGIS_DATABASE_URL"])
    plots = exported(writable, "plots", tmp_path / "plots.gpkg")
    plots.loc[5, "status"] = "sold"
    plots.to_file(tmp_path / "bad.gpkg")
    refused = CliRunner().invoke(cli, ["import", "plots", str(tmp_path / "bad.gpkg")])
    assert refused.exit_code == 2 and "status 'sold' is not one of" in refused.output
    with writable.connect() as conn:
        export_csv = tmp_path / "zones.csv"
        from izagis.export import export_layer

        export_layer(conn, "zones", export_csv, crs=5897)
    unreadable = CliRunner().invoke(cli, ["import", "zones", str(export_csv)])
    assert unreadable.exit_code == 1
    assert "declares no coordinate reference system" in unreadable.output
    # names print as they are, brackets too (no console markup)
    bracketed = tmp_path / "khao_sat[ban_2].csv"
    export_csv.rename(bracketed)
    named = CliRunner().invoke(cli, ["import", "zones", str(bracketed)])
    assert "error: khao_sat[ban_2].csv: declares no" in named.output, named.output


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["kill", "ctrl-c"])
def test_an_import_stopped_half_way_leaves_the_tables_as_they_were(
    writable: Engine, tmp_path: Path, sig: signal.Signals
) -> None:
    plots = exported(writable, "plots", tmp_path / "plots.gpkg")
    plots["land_use"] = (
        plots["land_use"]
        .map({"industrial": "warehouse", "warehouse": "industrial"})
        .fillna(plots["land_use"])
    )
    plots.to_file(tmp_path / "all.gpkg")
    before = state(writable)
    with writable.connect() as blocker:
        blocker.execute(text("LOCK TABLE plot_access IN SHARE MODE"))  # held until rollback
        process = subprocess.Popen(
            [IZAGIS, "import", "plots", str(tmp_path / "all.gpkg")],
            env=_env(writable),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        backend = None
        deadline = time.monotonic() + 120
        while backend is None and time.monotonic() < deadline:
            with writable.connect() as watcher:  # pg_stat_activity is fixed per transaction
                backend = watcher.execute(
                    text(
                        "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                        "AND query LIKE 'DELETE FROM plot_access%'"
                    )
                ).scalar()
            time.sleep(0.1)
        if backend is None:
            process.kill()
            pytest.fail(f"the import never reached the derived data: {process.communicate()[0]!r}")
        # It has written the plots and the history in its transaction: stop it now.
        process.send_signal(sig)
        process.wait(timeout=60)
        blocker.rollback()
    deadline = time.monotonic() + 60
    with writable.connect() as conn:
        while conn.execute(
            text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid"), {"pid": backend}
        ).scalar_one():
            assert time.monotonic() < deadline, "the import's backend never ended"
            conn.rollback()  # a fresh pg_stat_activity snapshot
            time.sleep(0.1)
    assert process.returncode != 0
    assert state(writable) == before
    with writable.connect() as conn:
        recorded = conn.execute(text("SELECT count(*) FROM imports WHERE file_name = 'all.gpkg'"))
        assert recorded.scalar_one() == 0
