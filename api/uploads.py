"""Files sent to the API (imports, proposal boundaries): written to a temporary folder under
the name they were sent with, made safe (the reader goes by its extension, messages name it),
and removed when done."""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi import UploadFile


def shown_name(filename: str | None, default: str) -> str:
    """The name a file was sent with: its last part, printable, at most 200 characters."""
    base = re.split(r"[\\/]", filename or "")[-1]
    return "".join(c for c in base if c.isprintable())[:200] or default


@contextmanager
def saved(upload: UploadFile, default: str) -> Iterator[Path]:
    """``upload`` as a file in a temporary folder, removed with the folder afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="izagis-upload-"))
    try:
        name = re.sub(r"[^\w.-]", "_", shown_name(upload.filename, default))
        path = folder / (default if name.strip(".") == "" else name)  # never "." or ".."
        with path.open("wb") as out:
            shutil.copyfileobj(upload.file, out)
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)
