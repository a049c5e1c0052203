"""Signed access tokens (bearer for the API, the session cookie for pages) and the secret key
that signs them."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path
from typing import Final

import jwt
from pydantic import BaseModel

from izagis.errors import AuthenticationRequiredError, ConfigurationError
from izagis.settings import Settings

ALGORITHM: Final = "HS256"
MIN_SECRET: Final = 32
SECRET_FILE: Final = "secret_key"


class Claims(BaseModel):
    sub: int  # the account's id
    csrf: str  # what a cookie-borne call must repeat in the X-CSRF-Token header
    ep: int  # the account's session epoch: a new password or disabling ends older sign-ins
    exp: int


def secret_key(settings: Settings) -> str:
    """``IZAGIS_SECRET_KEY``; for the embedded cluster, one generated into its data folder
    once. Refused when missing or weak for a configured database (a production set-up)."""
    if settings.secret_key is not None:
        key = settings.secret_key.get_secret_value()
        if len(key) < MIN_SECRET:
            raise ConfigurationError(
                f"IZAGIS_SECRET_KEY is weak: use at least {MIN_SECRET} random characters, e.g. "
                'python -c "import secrets; print(secrets.token_urlsafe(48))"'
            )
        return key
    if settings.database_url:
        raise ConfigurationError(
            "IZAGIS_SECRET_KEY is not set: with IZAGIS_DATABASE_URL izagis needs a secret key "
            f"of at least {MIN_SECRET} random characters to sign sign-ins"
        )
    path = Path(settings.data_dir) / SECRET_FILE
    if not path.exists():
        _create_once(path, secrets.token_urlsafe(48))
    key = path.read_text().strip()
    if len(key) < MIN_SECRET:
        raise ConfigurationError(f"{path} is damaged; delete it and izagis makes a new key")
    return key


def _create_once(path: Path, key: str) -> None:
    """Write ``key`` to ``path`` unless another process got there first: written whole to a
    file of its own (mode 0600), then linked into place, which fails if ``path`` exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, key.encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(draft, path)
    except FileExistsError:
        pass  # another worker made it; everyone reads that one
    finally:
        draft.unlink()


def issue(*, user_id: int, epoch: int, key: str, ttl: dt.timedelta) -> tuple[str, Claims]:
    claims = Claims(
        sub=user_id,
        ep=epoch,
        csrf=secrets.token_urlsafe(24),
        exp=int((dt.datetime.now(dt.UTC) + ttl).timestamp()),
    )
    payload = claims.model_dump(mode="json") | {"sub": str(user_id)}
    return jwt.encode(payload, key, algorithm=ALGORITHM), claims


def read(token: str, *, key: str) -> Claims:
    try:
        payload = jwt.decode(token, key, algorithms=[ALGORITHM], options={"require": ["exp"]})
        return Claims.model_validate(payload | {"sub": int(payload["sub"])})
    except (jwt.PyJWTError, ValueError, KeyError) as exc:
        raise AuthenticationRequiredError("the sign-in has expired or is not valid") from exc
