"""Rules every input obeys, whoever calls (API, CLI, Python): text that PostgreSQL can store,
codes of a sane shape, and caps on sizes, so that no input can cause a server error or a
request that stalls the others."""

from __future__ import annotations

from typing import Annotated, Any, Final

from pydantic import BaseModel, ConfigDict, Field, model_validator

# A zone or plot code: printable, no control characters, at most 64 characters.
CODE_PATTERN: Final = r"^[^\u0000-\u001f\u007f]{1,64}$"
Code = Annotated[str, Field(pattern=CODE_PATTERN, description="a zone or plot code")]
# Free text PostgreSQL can store: no NUL, no lone surrogates (Python's regex engine: Rust's
# cannot name surrogates).
TEXT_PATTERN: Final = r"^[^\u0000\ud800-\udfff]*$"
MAX_CODES: Final = 500  # more zones than Vietnam has; any list of codes is capped here
MAX_TEXT: Final = 2000


def storable_text(value: str) -> str:
    """``value`` if PostgreSQL can store it: UTF-8 encodable (no lone surrogates), no NUL."""
    if "\x00" in value:
        raise ValueError("text must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("text must be valid Unicode (no lone surrogates)") from exc
    return value


def _check_texts(value: Any, depth: int = 0) -> None:
    if isinstance(value, str):
        storable_text(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_texts(key, depth + 1)
            _check_texts(item, depth + 1)
    elif isinstance(value, list | tuple):
        for item in value:
            _check_texts(item, depth + 1)


class StrictModel(BaseModel):
    """A request model: unknown members refused, no NaN or infinity, every text storable."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, regex_engine="python-re")

    @model_validator(mode="before")
    @classmethod
    def _storable(cls, data: Any) -> Any:
        _check_texts(data)
        return data
