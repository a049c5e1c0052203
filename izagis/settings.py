"""All configuration, read once from ``IZAGIS_*`` environment variables."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field
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
        description="SQLAlchemy URL of an existing PostGIS database; unset runs the embedded one",
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
