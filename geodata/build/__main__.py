"""Regenerate the reference dataset: ``python -m geodata.build [--out DIR]``.

Writes the eight files into DIR (default: the ``geodata`` folder), reads them back, checks them
and prints a short summary; a failed check exits with its message.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from geodata.build.check import check_dataset
from geodata.build.readback import CheckFailure
from geodata.build.writing import write_dataset

GEODATA_DIR = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    """Build, write and check; returns the process exit code."""
    parser = argparse.ArgumentParser(prog="python -m geodata.build", description=__doc__)
    parser.add_argument(
        "--out", type=Path, default=GEODATA_DIR, help="output folder (default: %(default)s)"
    )
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    write_dataset(out)
    try:
        print(check_dataset(out))
    except CheckFailure as exc:
        print(f"check failed: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
