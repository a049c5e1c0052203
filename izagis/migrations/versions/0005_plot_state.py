"""Plot state as history, holds, derived data as tables, timestamps and a data version.

- ``plot_events``: a plot's dated changes (kind, the day it happened, source); backfilled here
  from the current statuses, dated by the project's certificate where there is one.
- ``holds``: a plot kept for someone over a ``tstzrange``; an exclusion constraint (btree_gist)
  forbids overlapping holds of one plot. "Reserved" is no longer stored: plots recorded as
  reserved become free plots with an open-ended hold.
- ``plot_access`` and ``plot_adjacency`` become ordinary tables (refreshed per written plot,
  never as a whole materialised view that blocks readers).
- ``created_at``/``updated_at`` on every edited table (a trigger keeps ``updated_at``), and
  ``data_version``, bumped by a statement trigger on every write.

The SQL below is a frozen copy: a migration must not change when the code does.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

EDITED = (
    "zones",
    "projects",
    "project_events",
    "plots",
    "infrastructure",
    "constraint_areas",
    "boundaries",
)
VERSIONED = (*EDITED, "holds", "plot_events")
STATUSES = "'free', 'leased', 'building', 'operating', 'delayed', 'planned'"
OLD_STATUSES = "'free', 'reserved', 'leased', 'building', 'operating', 'delayed', 'planned'"
INFRASTRUCTURE = (
    "expressway",
    "expressway_interchange",
    "national_road",
    "railway",
    "railway_station",
    "seaport",
    "river_port",
    "substation",
)
CONSTRAINTS = (
    "heritage_property",
    "heritage_buffer",
    "national_park",
    "ramsar_wetland",
    "river",
    "residential",
)
LEASABLE = "('industrial', 'warehouse')"
HANOI = "f.kind = 'city' AND lower(f.name_en) IN ('hanoi', 'ha noi')"
EVENT_KINDS = (
    "'opened', 'held', 'released', 'expired', 'leased', 'building', 'operating', 'delayed', "
    "'reclaimed', 'planned'"
)


def _nearest(table: str, where: str) -> str:
    return (
        f"(SELECT ST_Distance(p.geom_m, f.geom_m) FROM {table} f WHERE {where} "
        "ORDER BY p.geom_m <-> f.geom_m LIMIT 1)"
    )


def _derived_tables() -> None:
    op.execute("DROP MATERIALIZED VIEW plot_adjacency")
    op.execute("DROP MATERIALIZED VIEW plot_access")
    kinds = [*INFRASTRUCTURE, *CONSTRAINTS, "hanoi"]
    op.execute(
        "CREATE TABLE plot_access (plot_id integer PRIMARY KEY REFERENCES plots (id) "
        "ON DELETE CASCADE, "
        + ", ".join(f"d_{k} double precision" for k in kinds)
        + ", perimeter_m double precision NOT NULL)"
    )
    sources = [_nearest("infrastructure", f"f.kind = '{k}'") for k in INFRASTRUCTURE]
    sources += [_nearest("constraint_areas", f"f.kind = '{k}'") for k in CONSTRAINTS]
    sources.append(_nearest("infrastructure", HANOI))
    op.execute(
        f"INSERT INTO plot_access (plot_id, {', '.join(f'd_{k}' for k in kinds)}, perimeter_m) "
        f"SELECT p.id, {', '.join(sources)}, ST_Perimeter(p.geom_m) FROM plots p "
        f"WHERE p.land_use IN {LEASABLE}"
    )
    op.execute(
        """
        CREATE TABLE plot_adjacency (
            a integer NOT NULL REFERENCES plots (id) ON DELETE CASCADE,
            b integer NOT NULL REFERENCES plots (id) ON DELETE CASCADE,
            shared_m double precision NOT NULL,
            PRIMARY KEY (a, b),
            CONSTRAINT plot_adjacency_order_check CHECK (a < b)
        )
        """
    )
    op.execute("CREATE INDEX plot_adjacency_b_idx ON plot_adjacency (b)")
    op.execute(
        f"""
        INSERT INTO plot_adjacency (a, b, shared_m)
        SELECT a, b, shared_m FROM (
            SELECT a.id AS a, b.id AS b,
                   ST_Length(ST_Intersection(ST_Boundary(a.geom_m),
                                             ST_Buffer(b.geom_m, 0.5, 'quad_segs=1')))
                       AS shared_m
            FROM plots a JOIN plots b
              ON ST_DWithin(a.geom_m, b.geom_m, 0.5) AND a.id < b.id AND a.zone_id = b.zone_id
            WHERE a.land_use IN {LEASABLE} AND b.land_use IN {LEASABLE}
        ) pairs
        WHERE shared_m >= 10
        """
    )


def _timestamps() -> None:
    op.execute(
        "CREATE FUNCTION izagis_touch() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN NEW.updated_at := now(); RETURN NEW; END $$"
    )
    for table in (*EDITED, "holds"):
        if table != "holds":
            op.execute(
                f"ALTER TABLE {table} "
                "ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(), "
                "ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()"
            )
        op.execute(
            f"CREATE TRIGGER {table}_touch BEFORE UPDATE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION izagis_touch()"
        )


def _data_version() -> None:
    op.execute(
        """
        CREATE TABLE data_version (
            id boolean PRIMARY KEY DEFAULT true,
            version bigint NOT NULL DEFAULT 1,
            changed_at timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT data_version_one_row_check CHECK (id)
        )
        """
    )
    op.execute("INSERT INTO data_version DEFAULT VALUES")
    op.execute(
        "CREATE FUNCTION izagis_bump_version() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN UPDATE data_version SET version = version + 1, changed_at = now(); "
        "RETURN NULL; END $$"
    )
    for table in VERSIONED:
        op.execute(
            f"CREATE TRIGGER {table}_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
            f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION izagis_bump_version()"
        )


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    op.execute(
        """
        CREATE TABLE holds (
            id bigserial PRIMARY KEY,
            plot_id integer NOT NULL REFERENCES plots (id) ON DELETE CASCADE,
            during tstzrange NOT NULL,
            holder text NOT NULL,
            released_at timestamptz,
            note text,
            created_by text,
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT holds_during_check CHECK (NOT isempty(during) AND lower(during) IS NOT NULL),
            CONSTRAINT holds_no_overlap EXCLUDE USING gist (plot_id WITH =, during WITH &&)
                WHERE (released_at IS NULL)
        )
        """
    )
    op.execute(
        f"""
        CREATE TABLE plot_events (
            id bigserial PRIMARY KEY,
            plot_id integer NOT NULL REFERENCES plots (id) ON DELETE CASCADE,
            kind text NOT NULL CONSTRAINT plot_events_kind_check CHECK (kind IN ({EVENT_KINDS})),
            happened_on date NOT NULL,
            source text NOT NULL
                CONSTRAINT plot_events_source_check CHECK (source IN ('app', 'import', 'backfill')),
            hold_id bigint REFERENCES holds (id) ON DELETE SET NULL,
            project_id integer REFERENCES projects (id) ON DELETE SET NULL,
            note text,
            recorded_by text,
            recorded_at timestamptz NOT NULL DEFAULT now()
        )
        """
    )
    op.execute("CREATE INDEX plot_events_plot_idx ON plot_events (plot_id, happened_on)")
    op.execute("CREATE UNIQUE INDEX plot_events_hold_kind_idx ON plot_events (hold_id, kind)")
    # Plots recorded as reserved: free land under an open-ended hold from now on.
    op.execute(
        "INSERT INTO holds (plot_id, during, holder) SELECT id, tstzrange(now(), NULL), "
        "'recorded as reserved before holds existed' FROM plots WHERE status = 'reserved'"
    )
    op.execute(
        "INSERT INTO plot_events (plot_id, kind, happened_on, source, hold_id) "
        "SELECT plot_id, 'held', current_date, 'import', id FROM holds"
    )
    op.execute("UPDATE plots SET status = 'free' WHERE status = 'reserved'")
    op.execute("ALTER TABLE plots DROP CONSTRAINT plots_status_check")
    op.execute(
        f"ALTER TABLE plots ADD CONSTRAINT plots_status_check CHECK (status IN ({STATUSES}))"
    )
    # History so far: each plot's status, dated by its project's certificate where known.
    op.execute(
        """
        INSERT INTO plot_events (plot_id, kind, happened_on, source, project_id, note)
        SELECT p.id, CASE p.status WHEN 'free' THEN 'opened' ELSE p.status END,
               coalesce(pr.certificate_date, current_date),
               CASE WHEN pr.certificate_date IS NULL THEN 'import' ELSE 'backfill' END,
               p.project_id,
               CASE WHEN pr.certificate_date IS NOT NULL
                    THEN 'dated by the project''s investment certificate' END
        FROM plots p LEFT JOIN projects pr ON pr.id = p.project_id
        """
    )
    _derived_tables()
    _timestamps()
    _data_version()


def downgrade() -> None:
    for table in VERSIONED:
        op.execute(f"DROP TRIGGER {table}_version ON {table}")
    op.execute("DROP TABLE data_version")
    op.execute("DROP FUNCTION izagis_bump_version()")
    for table in (*EDITED, "holds"):
        op.execute(f"DROP TRIGGER {table}_touch ON {table}")
        if table != "holds":
            op.execute(f"ALTER TABLE {table} DROP COLUMN created_at, DROP COLUMN updated_at")
    op.execute("DROP FUNCTION izagis_touch()")
    op.execute("DROP TABLE plot_adjacency")
    op.execute("DROP TABLE plot_access")
    op.execute("ALTER TABLE plots DROP CONSTRAINT plots_status_check")
    op.execute(
        f"ALTER TABLE plots ADD CONSTRAINT plots_status_check CHECK (status IN ({OLD_STATUSES}))"
    )
    op.execute(
        "UPDATE plots p SET status = 'reserved' FROM holds h "
        "WHERE h.plot_id = p.id AND h.during @> now() AND h.released_at IS NULL"
    )
    op.execute("DROP TABLE plot_events")
    op.execute("DROP TABLE holds")
    # The materialised views of revision 0003, as they were.
    columns = [f"{_nearest('infrastructure', f'f.kind = {k!r}')} AS d_{k}" for k in INFRASTRUCTURE]
    columns += [f"{_nearest('constraint_areas', f'f.kind = {k!r}')} AS d_{k}" for k in CONSTRAINTS]
    columns.append(f"{_nearest('infrastructure', HANOI)} AS d_hanoi")
    columns.append("ST_Perimeter(p.geom_m) AS perimeter_m")
    op.execute(
        "CREATE MATERIALIZED VIEW plot_access AS SELECT p.id AS plot_id, "
        + ", ".join(columns)
        + f" FROM plots p WHERE p.land_use IN {LEASABLE}"
    )
    op.execute("CREATE UNIQUE INDEX plot_access_plot_idx ON plot_access (plot_id)")
    op.execute(
        f"""
        CREATE MATERIALIZED VIEW plot_adjacency AS
        SELECT a, b, shared_m FROM (
            SELECT a.id AS a, b.id AS b,
                   ST_Length(ST_Intersection(ST_Boundary(a.geom_m),
                                             ST_Buffer(b.geom_m, 0.5, 'quad_segs=1')))
                       AS shared_m
            FROM plots a JOIN plots b
              ON ST_DWithin(a.geom_m, b.geom_m, 0.5) AND a.id < b.id AND a.zone_id = b.zone_id
            WHERE a.land_use IN {LEASABLE} AND b.land_use IN {LEASABLE}
        ) pairs
        WHERE shared_m >= 10
        """
    )
    op.execute("CREATE UNIQUE INDEX plot_adjacency_pair_idx ON plot_adjacency (a, b)")
    op.execute("CREATE INDEX plot_adjacency_b_idx ON plot_adjacency (b)")
