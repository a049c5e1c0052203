"""All configuration, read once from ``IZAGIS_*`` environment variables."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    """The embedded cluster's home.

    As root the server runs as ``postgres``, which cannot enter ``/root``, so root's default
    lives under ``/var/lib`` instead of root's own data directory.
    """
    if os.geteuid() == 0:
        return Path("/var/lib/izagis")
    return Path(user_data_dir("izagis"))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="IZAGIS_", env_file=None, extra="ignore")

    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of an existing PostGIS database for the server, as a role "
        "that is a member of izagis_writer; unset runs the embedded one",
    )
    owner_database_url: str | None = Field(
        default=None,
        description="the same database as its owner, for migrations, loads, imports and backups; "
        "unset uses IZAGIS_DATABASE_URL",
    )
    data_dir: Path = Field(default_factory=default_data_dir)
    pg_bin: Path | None = Field(default=None, description="folder holding initdb and pg_ctl")
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    reference_dir: Path | None = Field(
        default=None, description="dataset folder `izagis load` reads by default"
    )
    max_features: int = Field(
        default=10_000, ge=1, description="cap on features in one GeoJSON answer"
    )
    log_level: str = "info"
    base_map_url: str = Field(
        default="https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        description="an online OpenStreetMap tile server offered as a base layer; empty for none",
    )
    secret_key: SecretStr | None = Field(
        default=None,
        description="signs sign-ins; generated into the data folder for the embedded cluster",
    )
    session_hours: float = Field(default=12, gt=0, le=24 * 30, description="sign-in lifetime")
    login_per_account: int = Field(default=10, ge=1, description="sign-ins per 15 min per account")
    login_per_address: int = Field(default=50, ge=1, description="sign-ins per 15 min per address")
    max_body_bytes: int = Field(
        default=1024 * 1024, ge=1024, description="largest request body (uploads excepted)"
    )
    body_timeout_s: float = Field(
        default=10.0, gt=0, description="time a request body may take to arrive"
    )
    statement_timeout_ms: int = Field(
        default=5000, ge=100, description="longest SQL statement of an API request"
    )
    db_pool_size: int = Field(
        default=10,
        ge=1,
        le=100,
        description="database connections each worker process keeps (as many again in bursts)",
    )
    worker_threads: int = Field(
        default=200,
        ge=10,
        le=2000,
        description="requests a worker process works on at once; those beyond its database "
        "connections wait for one",
    )
    write_timeout_ms: int = Field(
        default=30_000,
        ge=100,
        description="longest SQL statement of a signed-in write, waiting for another's lock "
        "included (holds of one plot queue)",
    )
    rate_limits: bool = Field(default=True, description="per-address limits on public routes")
    search_per_minute: int = Field(default=60, ge=1, description="site searches per address")
    enquiries_per_minute: int = Field(
        default=3, ge=1, description="public enquiry forms sent per address and minute"
    )
    forwarded_allow_ips: str = Field(
        default="",
        description="proxies whose X-Forwarded-For/-Proto count (comma-separated); none if unset",
    )
