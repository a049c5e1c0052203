"""Backups: a database written to by the app comes back row for row (generated columns,
the holds' exclusion constraint, triggers and the data version included), a database that
holds data is replaced only when asked, and a bad file changes nothing."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from izagis import backup, holds, plot_state
from izagis.cluster import EmbeddedCluster
from izagis.errors import ClusterError, ConflictError, DatasetError, InvalidInputError
from izagis.vocab import PlotEventKind
from tests.conftest import cloned

HELD, LEASED = "TD2-010", "GK-065"
NOW = dt.datetime.now(dt.UTC)
ROOT = Path(__file__).resolve().parent.parent


def url_of(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def digests(engine: Engine) -> dict[str, str]:
    """Every table of the public schema as one digest of its rows (generated columns and
    timestamps included), and every sequence's position; but ``data_version``, which a
    restore moves past every version this database and the backup had."""
    with engine.connect() as conn:
        tables = conn.execute(
            text(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' "
                "AND table_name <> 'data_version' ORDER BY 1"
            )
        ).scalars()
        found = {
            table: conn.execute(
                text(
                    "SELECT count(*) || ' ' || md5(coalesce("
                    f"string_agg(t::text, '|' ORDER BY t::text), '')) FROM \"{table}\" t"
                )
            ).scalar_one()
            for table in tables
        }
        sequences = conn.execute(
            text("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'")
        ).all()
    return found | {f"sequence {name}": str(value) for name, value in sequences}


def revision(engine: Engine) -> str:
    with engine.connect() as conn:
        return str(conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one())


@pytest.fixture()
def written(writable: Engine) -> Engine:
    """The reference data after some work in the app: a hold and a status change."""
    with writable.begin() as conn:
        holds.place_hold(
            conn, plot_codes=[HELD], holder="Investor A", ends=NOW + dt.timedelta(days=30)
        )
        plot_state.record_event(
            conn, plot_code=LEASED, kind=PlotEventKind.LEASED, happened_on=dt.date.today()
        )
    return writable


def test_a_backup_restored_over_a_migrated_database_is_the_same_row_for_row(
    written: Engine, scratch: Engine, tmp_path: Path
) -> None:
    archive = tmp_path / "izagis.dump"
    told: list[str] = []
    made = backup.backup(url=url_of(written), file=archive, progress=told.append)
    assert made.size_bytes == archive.stat().st_size > 0 and made.revision == revision(written)
    assert archive.stat().st_mode & 0o077 == 0  # investors' names: the owner's eyes only
    assert "dumping plots" in told
    expected = digests(written)
    assert "holds" in expected and "plot_events" in expected

    empty = digests(scratch)
    with pytest.raises(InvalidInputError, match="--replace") as refused:
        backup.restore(url=url_of(scratch), file=archive)
    assert refused.value.field == "replace"
    assert digests(scratch) == empty  # refused: nothing touched

    with scratch.connect() as conn:
        version_before = plot_state.data_stamp(conn).version
    done = backup.restore(url=url_of(scratch), file=archive, replace=True, progress=told.append)
    assert "plots" in done.replaced and done.revision == revision(written)
    assert "restoring plots" in told
    restored = digests(scratch)
    # The data version moves past both the backup's and the replaced database's: a cache
    # keyed on it never mistakes the restored data for an earlier state.
    with scratch.connect() as conn, written.connect() as source:
        version = plot_state.data_stamp(conn).version
        assert version > max(version_before, plot_state.data_stamp(source).version)
    assert restored == expected
    assert revision(scratch) == revision(written)

    # What the schema does came back too: the exclusion constraint, the version trigger.
    with scratch.connect() as conn:
        version = plot_state.data_stamp(conn).version
    with scratch.begin() as conn, pytest.raises(ConflictError):
        holds.place_hold(conn, plot_codes=[HELD], holder="B", ends=NOW + dt.timedelta(days=1))
    with scratch.begin() as conn:
        holds.place_hold(conn, plot_codes=["TD2-011"], holder="C", ends=NOW + dt.timedelta(1))
    with scratch.connect() as conn:
        assert plot_state.data_stamp(conn).version > version


def test_replace_leaves_nothing_of_what_was_there(
    written: Engine, scratch: Engine, tmp_path: Path
) -> None:
    """Objects the backup does not have (a newer migration's table, a view, a function, a
    type) are dropped too: the database ends as the backup, not as a mix."""
    archive = tmp_path / "izagis.dump"
    backup.backup(url=url_of(written), file=archive)
    with scratch.begin() as conn:
        conn.execute(text("CREATE TYPE mood AS ENUM ('calm')"))
        conn.execute(text("CREATE TABLE newer (id serial PRIMARY KEY, m mood)"))
        conn.execute(text("CREATE VIEW newer_zones AS SELECT z.code FROM zones z, newer"))
        conn.execute(text("CREATE FUNCTION newer_f() RETURNS int LANGUAGE sql AS 'SELECT 1'"))
    done = backup.restore(url=url_of(scratch), file=archive, replace=True)
    assert {"newer", "newer_zones"} <= set(done.replaced)
    with scratch.connect() as conn:
        left = conn.execute(
            text(
                "SELECT to_regclass('newer'), to_regclass('newer_zones'), "
                "to_regprocedure('newer_f()'), to_regtype('mood')"
            )
        ).one()
        assert tuple(left) == (None, None, None, None)
        assert conn.execute(text("SELECT postgis_lib_version()")).scalar_one()
    assert digests(scratch) == digests(written)


def test_restore_into_a_database_without_postgis_creates_the_extensions(
    cluster: EmbeddedCluster, written: Engine, tmp_path: Path
) -> None:
    archive = tmp_path / "izagis.dump"
    backup.backup(url=url_of(written), file=archive)
    extensions = text("SELECT array_agg(extname::text ORDER BY extname) FROM pg_extension")
    with cloned(cluster, "template0") as bare:
        with bare.connect() as conn:
            assert conn.execute(extensions).scalar_one() == ["plpgsql"]
        done = backup.restore(url=url_of(bare), file=archive)
        assert set(done.extensions_created) == {"postgis", "btree_gist"}
        assert done.replaced == () and done.notes == ()
        assert digests(bare) == digests(written)

    with cloned(cluster, "template0") as bare:
        # A statement the server refuses (here: a function that is already there) rolls the
        # whole restore back; the extensions it needed stay, created apart beforehand.
        with bare.begin() as conn:
            conn.execute(
                text("CREATE FUNCTION izagis_touch() RETURNS int LANGUAGE sql AS 'SELECT 1'")
            )
        with pytest.raises(ClusterError, match="rolled back.*already exists"):
            backup.restore(url=url_of(bare), file=archive)
        with bare.connect() as conn:
            assert conn.execute(text("SELECT to_regclass('zones')")).scalar_one() is None
            assert conn.execute(extensions).scalar_one() == ["btree_gist", "plpgsql", "postgis"]


def test_a_file_that_is_not_a_whole_backup_changes_nothing(
    written: Engine, scratch: Engine, tmp_path: Path
) -> None:
    url = url_of(scratch)
    with pytest.raises(DatasetError, match="no such file"):
        backup.restore(url=url, file=tmp_path / "missing.dump")
    with pytest.raises(DatasetError, match="folder"):
        backup.restore(url=url, file=tmp_path)
    plain = tmp_path / "plain.sql"
    plain.write_text("CREATE TABLE x (a int);\n")
    with pytest.raises(DatasetError, match="not a backup"):
        backup.restore(url=url, file=plain, replace=True)
    unreadable = tmp_path / "unreadable.dump"
    unreadable.write_bytes(b"PGDMP")
    with pytest.raises(DatasetError, match="damaged or unreadable"):
        backup.restore(url=url, file=unreadable, replace=True)
    with pytest.raises(InvalidInputError, match="no such folder"):
        backup.backup(url=url_of(written), file=tmp_path / "nowhere" / "x.dump")

    # A backup cut short: whichever check notices, the database is as it was.
    archive = tmp_path / "izagis.dump"
    backup.backup(url=url_of(written), file=archive)
    whole = archive.read_bytes()
    before = digests(scratch)
    for cut, noticed in ((len(whole) // 2, "damaged"), (len(whole) - 50, "nothing restored")):
        # Cut in the middle, the archive's own checks notice; cut in its last table's rows,
        # the restore is under way when pg_restore fails, and the COMMIT is never sent.
        short = tmp_path / f"short-{cut}.dump"
        short.write_bytes(whole[:cut])
        with pytest.raises(DatasetError, match=noticed):
            backup.restore(url=url, file=short, replace=True)
        assert digests(scratch) == before


def izagis(*args: str, **settings: str) -> subprocess.CompletedProcess[str]:
    """The command line in a process of its own, with ``IZAGIS_<NAME>`` from ``settings``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("IZAGIS_")}
    env |= {f"IZAGIS_{k.upper()}": v for k, v in settings.items()} | {"COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-c", "from izagis.cli import app; app()", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_commands_back_up_refuse_and_replace(
    written: Engine, scratch: Engine, tmp_path: Path
) -> None:
    archive = tmp_path / "izagis.dump"
    made = izagis("db", "backup", str(archive), database_url=url_of(written))
    assert made.returncode == 0, made.stderr
    assert "backed up database" in made.stderr and archive.exists()
    assert backup.MAGIC == archive.read_bytes()[: len(backup.MAGIC)]

    refused = izagis("db", "restore", str(archive), database_url=url_of(scratch))
    assert refused.returncode == 1
    assert "--replace" in refused.stderr and "Traceback" not in refused.stderr

    done = izagis("db", "restore", str(archive), "--replace", database_url=url_of(scratch))
    assert done.returncode == 0, done.stderr
    assert "restored" in done.stderr and "replaced the" in done.stderr
    assert digests(scratch) == digests(written)

    missing = izagis("db", "restore", str(tmp_path / "nope"), database_url=url_of(scratch))
    assert missing.returncode == 1 and "no such file" in missing.stderr


def test_the_embedded_cluster_is_backed_up_when_no_url_is_set(
    cluster: EmbeddedCluster, tmp_path: Path
) -> None:
    """No IZAGIS_DATABASE_URL: the embedded cluster of IZAGIS_DATA_DIR (here the suite's own,
    running; a backup only reads it) with its own PostgreSQL programs."""
    archive = tmp_path / "embedded.dump"
    made = izagis("db", "backup", str(archive), data_dir=str(cluster.data_dir))
    assert made.returncode == 0, made.stderr
    assert f"on 127.0.0.1:{cluster.port}" in made.stderr
    assert archive.read_bytes()[: len(backup.MAGIC)] == backup.MAGIC
