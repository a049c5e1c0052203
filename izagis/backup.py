"""Backups of the database: ``pg_dump`` custom-format archives, and their restore.

``backup`` writes one archive of the whole database from one snapshot (pg_dump's repeatable
read), so a write that happens meanwhile is either wholly in it or not at all. ``restore``
reads an archive back in ONE transaction: the database ends with exactly the archive's tables,
rows (``data_version`` too), sequences, functions, triggers and constraints, or the transaction
is rolled back (extensions it created beforehand stay). Both use the PostgreSQL
programs of the embedded cluster (``izagis.cluster.find_pg_bin``) and pass the password in
``PGPASSWORD``, never on a command line.

Extensions are not restored from the archive: PostGIS may only be created by a superuser, so
``restore`` creates each extension the archive needs that the database lacks (and says what to
ask the administrator when it may not), then restores everything else. A database that already
holds tables is refused unless ``replace`` is given; then every object of the ``public``
schema that no extension owns is dropped first, in the same transaction, so tables a newer
schema added do not survive next to an older archive's ``alembic_version``. Owners and grants
are not restored: the objects belong to the user izagis connects as.

Errors: ``DatasetError`` for an archive that is missing, unreadable, not an archive or
damaged; ``InvalidInputError`` for a restore into a database that holds data without
``replace``, a backup file that cannot be written, or a URL that is not PostgreSQL's;
``DatabaseUnavailableError`` when the database cannot be reached; ``ClusterError`` when the
PostgreSQL programs are missing or the server refuses the dump or the restore.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
from alembic.script import ScriptDirectory
from psycopg import sql
from psycopg.conninfo import make_conninfo
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from izagis import db
from izagis.cluster import INSTALL_HINT, find_pg_bin
from izagis.errors import ClusterError, DatabaseUnavailableError, DatasetError, InvalidInputError

Progress = Callable[[str], None]

MAGIC = b"PGDMP"  # the first bytes of every custom-format archive
SCHEMA = "public"  # izagis's schema: what "holds data" and "replace" look at
CHUNK = 1 << 16

# One line of ``pg_restore --list``: "id; tableoid oid DESC SCHEMA NAME OWNER".
_ENTRY = re.compile(r"^(?P<id>\d+); \d+ \d+ (?P<rest>.*)$")
_EXTENSION = re.compile(r"^EXTENSION - (?P<name>\S+)")
_EXTENSION_COMMENT = re.compile(r"^COMMENT - EXTENSION (?P<name>\S+)")
_TABLE = re.compile(r"^TABLE (?P<schema>\S+) (?P<name>\S+) ")
_TABLE_DATA = re.compile(r"^TABLE DATA (?P<schema>\S+) (?P<name>\S+) ")
# Progress lines of pg_dump/pg_restore --verbose.
_DUMPING = re.compile(r'dumping contents of table "(?:[^".]+\.)?([^"]+)"')
_RESTORING = re.compile(r'processing data for table "(?:[^".]+\.)?([^"]+)"')
_CREATING = re.compile(r"creating (INDEX|CONSTRAINT|FK CONSTRAINT|TRIGGER) ")
# Lines of a tool's stderr worth showing when it fails.
_PROBLEM = re.compile(r"(error|fatal|detail|hint|ERROR|FATAL|DETAIL|HINT):")

# Every object of the public schema that no extension owns, dropped in one statement list
# computed before the first drop (names resolved again by IF EXISTS, so cascades are safe).
_DROP_OWN_OBJECTS = """
DO $izagis$
DECLARE
    stmts text[];
    stmt text;
BEGIN
    SELECT coalesce(array_agg(s ORDER BY o, s), '{}') INTO stmts FROM (
        SELECT 1 AS o, format('DROP %s IF EXISTS %I.%I CASCADE',
               CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                    WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, n.nspname, c.relname) AS s
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = '{schema}' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
          AND NOT c.relispartition
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                          AND d.objid = c.oid AND d.deptype = 'e')
        UNION ALL
        SELECT 2, format('DROP SEQUENCE IF EXISTS %I.%I CASCADE', n.nspname, c.relname)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = '{schema}' AND c.relkind = 'S'
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                          AND d.objid = c.oid AND d.deptype IN ('e', 'a', 'i'))
        UNION ALL
        SELECT 3, format('DROP ROUTINE IF EXISTS %I.%I(%s) CASCADE', n.nspname, p.proname,
                         pg_get_function_identity_arguments(p.oid))
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = '{schema}'
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                          AND d.objid = p.oid AND d.deptype = 'e')
        UNION ALL
        SELECT 4, format(CASE t.typtype WHEN 'd' THEN 'DROP DOMAIN IF EXISTS %I.%I CASCADE'
                         ELSE 'DROP TYPE IF EXISTS %I.%I CASCADE' END, n.nspname, t.typname)
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        LEFT JOIN pg_class c ON c.oid = t.typrelid
        WHERE n.nspname = '{schema}'
          AND (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND c.relkind = 'c'))
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.deptype = 'e' AND (
                (d.classid = 'pg_type'::regclass AND d.objid = t.oid)
                OR (d.classid = 'pg_class'::regclass AND d.objid = t.typrelid)))
    ) AS drops;
    FOREACH stmt IN ARRAY stmts LOOP
        EXECUTE stmt;
    END LOOP;
END
$izagis$;
""".replace("{schema}", SCHEMA)

# The tables of the public schema that no extension owns: what "holds data" means.
_OWN_TABLES = f"""
SELECT c.relname FROM pg_class c
WHERE c.relnamespace = '{SCHEMA}'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                  AND d.objid = c.oid AND d.deptype = 'e')
ORDER BY c.relname
"""


@dataclass(frozen=True)
class BackupInfo:
    file: Path
    target: str  # "database izagis on 127.0.0.1:5432"
    size_bytes: int
    tables: int  # tables whose rows the archive holds
    revision: str | None  # the schema's Alembic revision, None when it has none


@dataclass(frozen=True)
class RestoreInfo:
    file: Path
    target: str
    tables: int  # tables restored with their rows
    revision: str | None  # the restored schema's Alembic revision
    head: str  # the newest revision this izagis knows
    replaced: tuple[str, ...] = ()  # tables the database held before, now replaced
    extensions_created: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # what the person should know or do next


@dataclass(frozen=True)
class _Archive:
    file: Path
    toc: list[str]  # the lines of ``pg_restore --list``
    extensions: list[str]
    tables: list[tuple[str, str]]  # (schema, name) of each TABLE DATA entry
    extension_data: list[tuple[str, str]]  # TABLE DATA of tables no TABLE entry creates


@dataclass(frozen=True)
class _Target:
    conninfo: str  # libpq connection string, without the password
    env: dict[str, str]  # the environment of the PostgreSQL programs, PGPASSWORD included
    password: str | None
    description: str


# -- connection ------------------------------------------------------------------------------
def _target(url: str) -> _Target:
    """libpq's view of a SQLAlchemy URL: the password goes to the environment only."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise InvalidInputError(f"not a database URL: {exc}", field="database_url") from exc
    if parsed.get_backend_name() != "postgresql":
        raise InvalidInputError(
            f"backups need a PostgreSQL database, not {parsed.get_backend_name()}",
            field="database_url",
        )
    params: dict[str, str] = {}
    for key, value in parsed.query.items():
        params[key] = value if isinstance(value, str) else value[-1]
    given: dict[str, object] = {
        "host": parsed.host,
        "port": parsed.port,
        "user": parsed.username,
        "dbname": parsed.database,
    }
    params.update({key: str(value) for key, value in given.items() if value is not None})
    params.setdefault("fallback_application_name", "izagis")
    env = dict(os.environ)
    password = parsed.password
    if password is not None:
        env["PGPASSWORD"] = str(password)
    where = params.get("host", "the local socket")
    if "port" in params:
        where += f":{params['port']}"
    return _Target(
        conninfo=make_conninfo("", **params),
        env=env,
        password=None if password is None else str(password),
        description=f"database {params.get('dbname', '(default)')} on {where}",
    )


@contextmanager
def _connect(target: _Target) -> Iterator[psycopg.Connection]:
    try:
        conn = psycopg.connect(
            target.conninfo, password=target.password, autocommit=True, connect_timeout=15
        )
    except psycopg.OperationalError as exc:
        reason = " ".join(part.strip() for part in str(exc).splitlines()) or "no answer"
        raise DatabaseUnavailableError(f"{target.description} cannot be reached: {reason}") from exc
    with conn:
        yield conn


def _revision(conn: psycopg.Connection) -> str | None:
    if conn.execute("SELECT to_regclass('public.alembic_version')").fetchone() == (None,):
        return None
    row = conn.execute("SELECT version_num FROM public.alembic_version").fetchone()
    return None if row is None else str(row[0])


# -- running the PostgreSQL programs ---------------------------------------------------------
def _program(pg_bin: Path | None, name: str) -> str:
    """The program of the cluster's PostgreSQL: beside its ``initdb``, or beside the file that
    ``initdb`` links to (a PATH folder often holds links to the server programs only)."""
    folder = find_pg_bin(pg_bin)
    for candidate in (folder / name, (folder / "initdb").resolve().parent / name):
        if candidate.exists():
            return str(candidate)
    raise ClusterError(f"{name} not found beside {folder / 'initdb'}; install: {INSTALL_HINT}")


def _problems(lines: Iterable[str]) -> str:
    """The lines of a program's stderr that say what went wrong, joined."""
    found = []
    for line in lines:
        line = re.sub(r"^psql:<stdin>:\d+: ", "", line.strip())
        if _PROBLEM.search(line):
            found.append(line)
    return "; ".join(found[:6]) or "no message"


def _drain(stream: Iterable[str], lines: list[str], progress: Progress, verb: str) -> None:
    """Read a program's stderr to its end, telling ``progress`` what it is working on."""
    pattern = _DUMPING if verb == "dumping" else _RESTORING
    creating_told = False
    for line in stream:
        lines.append(line)
        if match := pattern.search(line):
            progress(f"{verb} {match.group(1)}")
        elif verb == "restoring" and not creating_told and _CREATING.search(line):
            creating_told = True
            progress("creating indexes, constraints and triggers")


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, env=env, capture_output=True, text=True, check=False)


# -- the archive -----------------------------------------------------------------------------
def _read_archive(file: Path, pg_restore: str, env: dict[str, str]) -> _Archive:
    """The archive's table of contents; DatasetError unless it is a readable archive."""
    if not file.exists():
        raise DatasetError(f"{file}: no such file", field="file")
    if file.is_dir():
        raise DatasetError(f"{file}: is a folder, not a backup file", field="file")
    try:
        with file.open("rb") as handle:
            head = handle.read(len(MAGIC))
    except OSError as exc:
        raise DatasetError(f"{file}: cannot be read ({exc.strerror})", field="file") from exc
    if head != MAGIC:
        raise DatasetError(
            f"{file}: not a backup: izagis restores PostgreSQL custom-format archives, as "
            "`izagis db backup` and `pg_dump -Fc` write them",
            field="file",
        )
    listed = _run([pg_restore, "--list", str(file)], env)
    if listed.returncode != 0:
        raise DatasetError(
            f"{file}: damaged or unreadable archive: {_problems(listed.stderr.splitlines())}",
            field="file",
        )
    toc = listed.stdout.splitlines()
    entries = [m.group("rest") for line in toc if (m := _ENTRY.match(line))]
    extensions = [m.group("name") for e in entries if (m := _EXTENSION.match(e))]
    created = {(m.group("schema"), m.group("name")) for e in entries if (m := _TABLE.match(e))}
    data = [(m.group("schema"), m.group("name")) for e in entries if (m := _TABLE_DATA.match(e))]
    return _Archive(
        file=file,
        toc=toc,
        extensions=extensions,
        tables=[t for t in data if t in created],
        extension_data=[t for t in data if t not in created],
    )


def _render(archive: _Archive, pg_restore: str, env: dict[str, str], keep: list[str]) -> str:
    """The SQL of the archive's entries whose list lines are ``keep``."""
    with tempfile.NamedTemporaryFile("w", suffix=".list") as listing:
        listing.write("\n".join(keep) + "\n")
        listing.flush()
        done = _run([pg_restore, "--use-list", listing.name, "--file", "-", str(archive.file)], env)
    if done.returncode != 0:
        raise DatasetError(
            f"{archive.file}: damaged archive: {_problems(done.stderr.splitlines())}", field="file"
        )
    return done.stdout


def _copy_rows(script: str) -> int:
    """How many data rows the COPY blocks of a rendered script hold."""
    rows, inside = 0, False
    for line in script.splitlines():
        if inside:
            if line == "\\.":
                inside = False
            else:
                rows += 1
        elif line.startswith("COPY ") and line.rstrip().endswith("FROM stdin;"):
            inside = True
    return rows


def _revision_in(archive: _Archive, pg_restore: str, env: dict[str, str]) -> str | None:
    keep = [line for line in archive.toc if " TABLE DATA public alembic_version " in line]
    if not keep:
        return None
    script = _render(archive, pg_restore, env, keep)
    lines = script.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("COPY public.alembic_version ") and i + 1 < len(lines):
            value = lines[i + 1]
            return None if value == "\\." else value.split("\t")[0]
    return None


# -- backup ----------------------------------------------------------------------------------
def backup(
    *, url: str, file: Path, pg_bin: Path | None = None, progress: Progress | None = None
) -> BackupInfo:
    """Write the whole database at ``url`` to ``file`` (pg_dump's custom format, readable by
    its owner only: it holds investors' names). The archive appears under its name only once
    complete; an older file of that name is replaced then.

    Raises InvalidInputError (the file cannot be written, a URL that is not PostgreSQL's),
    DatabaseUnavailableError (the database cannot be reached), ClusterError (pg_dump is
    missing or fails)."""
    tell = progress or (lambda _message: None)
    pg_dump = _program(pg_bin, "pg_dump")
    pg_restore = _program(pg_bin, "pg_restore")
    target = _target(url)
    file = Path(file)
    if file.is_dir():
        raise InvalidInputError(f"{file}: is a folder; name the backup file", field="file")
    if not file.absolute().parent.is_dir():
        raise InvalidInputError(f"{file.absolute().parent}: no such folder", field="file")
    with _connect(target) as conn:
        tell(f"connected to {target.description}")
        revision = _revision(conn)
    partial = file.with_name(file.name + ".partial")
    try:
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        partial.chmod(0o600)  # an older partial file keeps its mode otherwise
    except OSError as exc:
        raise InvalidInputError(
            f"{file}: cannot be written ({exc.strerror})", field="file"
        ) from exc
    try:
        args = [pg_dump, "--format=custom", "--verbose", "--file", str(partial)]
        proc = subprocess.Popen(
            [*args, "--dbname", target.conninfo],
            env=target.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stderr is not None
        lines: list[str] = []
        _drain(proc.stderr, lines, tell, "dumping")
        if proc.wait() != 0:
            raise ClusterError(f"pg_dump failed: {_problems(lines)}")
        archive = _read_archive(partial, pg_restore, target.env)
        partial.replace(file)
    finally:
        partial.unlink(missing_ok=True)
    return BackupInfo(
        file=file,
        target=target.description,
        size_bytes=file.stat().st_size,
        tables=len(archive.tables),
        revision=revision,
    )


# -- restore ---------------------------------------------------------------------------------
def _ensure_extensions(
    conn: psycopg.Connection, target: _Target, wanted: list[str], script: str
) -> list[str]:
    """Create the extensions the archive needs that the database lacks (as the archive
    declares them); ClusterError naming what to ask the administrator when we may not."""
    have = {row[0] for row in conn.execute("SELECT extname FROM pg_extension")}
    statements = {
        m.group(1): m.group(0)
        for m in re.finditer(r"CREATE EXTENSION IF NOT EXISTS (\S+)[^;]*;", script)
    }
    created = []
    for name in wanted:
        if name in have:
            continue
        statement = statements.get(name, f"CREATE EXTENSION IF NOT EXISTS {name};")
        try:
            conn.execute(statement.encode())
        except psycopg.errors.InsufficientPrivilege as exc:
            raise ClusterError(
                f"{target.description} lacks the {name} extension and this user may not "
                f"create it; ask its administrator to run there: CREATE EXTENSION {name};"
            ) from exc
        except psycopg.Error as exc:
            hint = f" (install it with: {INSTALL_HINT})" if name == "postgis" else ""
            raise ClusterError(
                f"{target.description}: the {name} extension cannot be created: "
                f"{str(exc).strip()}{hint}"
            ) from exc
        created.append(name)
    return created


def _extension_rows_cleared(conn: psycopg.Connection, tables: list[tuple[str, str]]) -> str:
    """SQL deleting the rows of extension tables the archive brings again (the user-added
    part, by the extension's own dump condition), so a replace does not duplicate them."""
    statements = []
    for schema, name in tables:
        row = conn.execute(
            "SELECT cond FROM pg_extension e, unnest(e.extconfig, e.extcondition) AS x(rel, cond)"
            " WHERE x.rel = to_regclass(%s)",
            (f"{schema}.{name}",),
        ).fetchone()
        if row is not None:
            table = sql.Identifier(schema, name).as_string(conn)
            statements.append(f"DELETE FROM {table} {row[0] or ''};")
    return "\n".join(statements)


def restore(
    *,
    url: str,
    file: Path,
    replace: bool = False,
    pg_bin: Path | None = None,
    progress: Progress | None = None,
) -> RestoreInfo:
    """Restore an archive written by ``backup`` (or ``pg_dump -Fc``) into the database at
    ``url``, in one transaction. A database holding tables is refused unless ``replace``:
    then every object of its public schema that no extension owns is dropped first, in the
    same transaction.

    Raises DatasetError (no file, unreadable, not an archive, damaged: nothing changed),
    InvalidInputError (the database holds tables and ``replace`` is not given),
    DatabaseUnavailableError (the database cannot be reached), ClusterError (pg_restore or
    psql missing, an extension that may not be created, the server refusing the restore:
    nothing changed)."""
    tell = progress or (lambda _message: None)
    pg_restore = _program(pg_bin, "pg_restore")
    psql = _program(pg_bin, "psql")
    target = _target(url)
    file = Path(file)
    archive = _read_archive(file, pg_restore, target.env)
    archived_revision = _revision_in(archive, pg_restore, target.env)
    # Extensions are created apart (below); their comments go with them.
    skip = {
        line
        for line in archive.toc
        if (m := _ENTRY.match(line))
        and (_EXTENSION.match(m.group("rest")) or _EXTENSION_COMMENT.match(m.group("rest")))
    }
    # Extension tables (PostGIS's spatial_ref_sys) whose archived rows are none: left alone,
    # since writing to them needs rights the extension's owner has.
    kept_extension_data = []
    for schema, name in archive.extension_data:
        entry = [line for line in archive.toc if f" TABLE DATA {schema} {name} " in line]
        if _copy_rows(_render(archive, pg_restore, target.env, entry)) == 0:
            skip.update(entry)
        else:
            kept_extension_data.append((schema, name))
    declared = [
        line
        for line in archive.toc
        if (m := _ENTRY.match(line)) and _EXTENSION.match(m.group("rest"))
    ]
    extension_sql = _render(archive, pg_restore, target.env, declared) if declared else ""
    with _connect(target) as conn:
        tell(f"connected to {target.description}")
        existing = tuple(str(row[0]) for row in conn.execute(_OWN_TABLES))
        version_before = _data_version(conn)
        if existing and not replace:
            shown = ", ".join(existing[:6]) + (", …" if len(existing) > 6 else "")
            raise InvalidInputError(
                f"{target.description} already holds {len(existing)} tables ({shown}); nothing "
                "restored. Restore with --replace to replace them with the backup's",
                field="replace",
            )
        created = _ensure_extensions(conn, target, archive.extensions, extension_sql)
        prelude = (
            _DROP_OWN_OBJECTS + _extension_rows_cleared(conn, kept_extension_data)
            if replace
            else ""
        )
    tell(f"restoring {file.name} into {target.description}")
    _restore_in_one_transaction(archive, target, pg_restore, psql, skip, prelude, tell)
    with _connect(target) as conn:
        revision = _revision(conn)
        _move_data_version_past(conn, version_before)
    script = ScriptDirectory.from_config(db.alembic_config(url))
    head = script.get_current_head() or ""
    known = {rev.revision for rev in script.walk_revisions()}
    notes = []
    if revision is None:
        notes.append("the backup holds no izagis schema (no alembic_version table)")
    elif revision not in known:
        notes.append(
            f"the backup's schema is at {revision}, which this izagis does not know; "
            "restore it with the izagis that wrote it, or upgrade izagis"
        )
    elif revision != head:
        notes.append(
            f"the schema is at {revision}, this izagis needs {head}: run izagis db upgrade"
        )
    if archived_revision != revision:  # cannot happen unless someone wrote meanwhile
        notes.append(f"the backup said schema {archived_revision}, the database says {revision}")
    return RestoreInfo(
        file=file,
        target=target.description,
        tables=len(archive.tables),
        revision=revision,
        head=head,
        replaced=existing,
        extensions_created=tuple(created),
        notes=tuple(notes),
    )


def _data_version(conn: psycopg.Connection) -> int:
    if conn.execute("SELECT to_regclass('public.data_version')").fetchone() == (None,):
        return 0
    row = conn.execute("SELECT version FROM data_version").fetchone()
    return int(row[0]) if row else 0


def _move_data_version_past(conn: psycopg.Connection, before: int) -> None:
    """Caches key on the data version: after a restore it must be new, never one that an
    earlier state of this database (or of the backup) already had."""
    if conn.execute("SELECT to_regclass('public.data_version')").fetchone() == (None,):
        return
    conn.execute(
        "UPDATE data_version SET version = greatest(version, %s) + 1, changed_at = now()",
        (before,),
    )


def _restore_in_one_transaction(
    archive: _Archive,
    target: _Target,
    pg_restore: str,
    psql: str,
    skip: set[str],
    prelude: str,
    tell: Progress,
) -> None:
    """pg_restore renders the archive as SQL, psql runs it between our BEGIN and COMMIT: the
    COMMIT is sent only once pg_restore has rendered the whole archive without error, so a
    damaged archive or a refused statement leaves the database as it was."""
    with (
        tempfile.NamedTemporaryFile("w", suffix=".list") as listing,
        tempfile.TemporaryFile("w+") as psql_errors,
    ):
        listing.write("\n".join(line for line in archive.toc if line not in skip) + "\n")
        listing.flush()
        render = subprocess.Popen(
            [pg_restore, "--verbose", "--no-owner", "--no-privileges", "--use-list", listing.name]
            + ["--file", "-", str(archive.file)],
            env=target.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=False,
        )
        run = subprocess.Popen(
            [psql, "--no-psqlrc", "--quiet", "--set", "ON_ERROR_STOP=1", "--file", "-"]
            + ["--dbname", target.conninfo],
            env=target.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=psql_errors,
        )
        assert render.stdout is not None and render.stderr is not None and run.stdin is not None
        render_lines: list[str] = []
        reader = threading.Thread(
            target=_drain,
            args=(
                (line.decode("utf-8", "replace") for line in render.stderr),
                render_lines,
                tell,
                "restoring",
            ),
            daemon=True,
        )
        reader.start()
        psql_gone = False
        try:
            # The prelude takes the locks on what is there: it waits for the app's requests,
            # not for ever (the archive's script then sets lock_timeout = 0 for its own).
            run.stdin.write(b"BEGIN;\nSET LOCAL lock_timeout = '60s';\n" + prelude.encode() + b"\n")
            while chunk := render.stdout.read(CHUNK):
                run.stdin.write(chunk)
        except BrokenPipeError:
            psql_gone = True  # psql stopped at an error; its message says which
            render.kill()
        rendered = render.wait() == 0 and not psql_gone
        reader.join()
        try:
            if rendered:
                run.stdin.write(b"COMMIT;\n")
            run.stdin.close()
        except BrokenPipeError:
            rendered = False
        if not rendered and run.poll() is None:
            run.kill()  # no COMMIT was sent: its transaction is rolled back
        run.wait()
        psql_errors.seek(0)
        psql_failed = _problems(psql_errors.read().splitlines())
    if render.returncode not in (0, -9) and not psql_gone:
        raise DatasetError(
            f"{archive.file}: damaged archive, nothing restored: {_problems(render_lines)}",
            field="file",
        )
    if run.returncode != 0 or not rendered:
        hint = (
            "; is something holding the tables (stop izagis serve)?"
            if "lock timeout" in psql_failed
            else ""
        )
        raise ClusterError(f"the restore failed and was rolled back: {psql_failed}{hint}")
