"""Re-create ``web/static/vendor`` from ``web/static/vendor/MANIFEST.json``.

The map pages must work on an intranet without internet access, so every script, style
sheet, image and font that Folium puts in a page is served by izagis itself from
``web/static/vendor/<package>@<version>/``.  MANIFEST.json is the single record of what
is vendored: for each package its pinned version, the npm tarball's ``integrity`` and
``shasum``, its licence, the files taken from it (with their SHA-256) and the Folium
link names those files stand in for (``folium_links``, read by ``web/assets.py``).

Developer tooling only; needs ``npm`` on PATH (and network access to the npm registry)
for a rebuild, nothing for ``--verify``::

    python web/vendor_assets.py             # rebuild vendor/ exactly as MANIFEST.json says
    python web/vendor_assets.py --verify    # offline: compare vendor/ with MANIFEST.json
    python web/vendor_assets.py --relock    # after editing versions/files: rebuild and
                                            # rewrite integrity, shasum and sha256 values

A file entry normally comes from the entry's own npm package.  Its optional ``from`` key
names another source:

* ``npm:<name>@<version>:<path>`` - a file of another npm package (used for licence
  texts that a package does not ship itself);
* ``python-dist:<name>`` - the licence file of an installed Python distribution;
* ``generated:<name>`` - produced by a function in this module (see ``GENERATORS``).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

WEB_DIR = Path(__file__).resolve().parent
VENDOR_DIR = WEB_DIR / "static" / "vendor"
MANIFEST_NAME = "MANIFEST.json"

Entry = dict[str, Any]


class VendorError(RuntimeError):
    """A download, integrity or consistency check failed."""


# --------------------------------------------------------------------------- helpers


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def tarball_digests(data: bytes) -> tuple[str, str]:
    """Return the npm ``integrity`` (sha512, base64) and ``shasum`` (sha1, hex) of a tarball."""
    integrity = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")
    return integrity, hashlib.sha1(data).hexdigest()


def package_dir_name(entry: Entry) -> str:
    return f"{entry['package']}@{entry['version']}"


def load_manifest(path: Path) -> list[Entry]:
    entries = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(entries, list):
        raise VendorError(f"{path}: expected a JSON list of packages")
    return entries


def dump_manifest(entries: list[Entry], path: Path) -> None:
    path.write_text(json.dumps(entries, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------- npm


class NpmCache:
    """Fetches npm tarballs with ``npm pack`` (once per spec) and reads files out of them."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self._tarballs: dict[str, Path] = {}

    def tarball(self, spec: str) -> Path:
        if spec not in self._tarballs:
            cmd = ["npm", "pack", spec, "--json", "--ignore-scripts"]
            cmd += ["--pack-destination", str(self.workdir)]
            result = subprocess.run(cmd, capture_output=True, text=True, check=False)
            if result.returncode != 0:
                raise VendorError(f"npm pack {spec} failed:\n{result.stderr.strip()}")
            info = json.loads(result.stdout)[0]
            self._tarballs[spec] = self.workdir / info["filename"]
        return self._tarballs[spec]

    def read(self, spec: str, path: str) -> bytes:
        """Return the bytes of ``path`` (relative to the package root) inside ``spec``."""
        with tarfile.open(self.tarball(spec), "r:gz") as tar:
            for member in tar.getmembers():
                # npm tarballs put everything under one top folder, usually "package/".
                _, _, relative = member.name.partition("/")
                if relative == path and member.isfile():
                    fileobj = tar.extractfile(member)
                    if fileobj is not None:
                        return fileobj.read()
        raise VendorError(f"{spec}: no file {path!r} in the npm tarball")


# --------------------------------------------------------------------------- generated files


def awesome_rotate_css() -> bytes:
    """Folium's ``leaflet.awesome.rotate.min.css``: ``.fa-rotate-N`` for N = 1..360.

    Folium links this file from its GitHub repository (it is not in the folium wheel nor
    on npm); it only holds one rotation rule per degree, so it is generated here.
    """
    rule = ".fa-rotate-{n}{{-ms-transform:rotate({n}deg);-webkit-transform:rotate({n}deg);"
    rule += "transform:rotate({n}deg)}}"
    return ("".join(rule.format(n=n) for n in range(1, 361)) + "\n").encode("ascii")


GENERATORS: dict[str, Callable[[], bytes]] = {"awesome_rotate_css": awesome_rotate_css}


def python_dist_license(name: str) -> bytes:
    """The licence file shipped in an installed Python distribution's metadata."""
    dist = metadata.distribution(name)
    for file in dist.files or []:
        if file.name.upper().startswith(("LICENSE", "LICENCE", "COPYING")):
            return Path(str(dist.locate_file(file))).read_bytes()
    raise VendorError(f"installed distribution {name!r} has no licence file")


# --------------------------------------------------------------------------- build / verify


def file_bytes(entry: Entry, file: Entry, npm: NpmCache) -> bytes:
    source = file.get("from")
    if source is None:
        return npm.read(package_dir_name(entry), file["path"])
    kind, _, rest = source.partition(":")
    if kind == "npm":
        spec, _, path = rest.rpartition(":")
        return npm.read(spec, path)
    if kind == "python-dist":
        return python_dist_license(rest)
    if kind == "generated":
        return GENERATORS[rest]()
    raise VendorError(f"{package_dir_name(entry)}: unknown file source {source!r}")


def check_tarball(entry: Entry, npm: NpmCache, relock: bool) -> None:
    if entry.get("registry", "npm") != "npm":
        return  # not an npm package (the generated folium file)
    integrity, shasum = tarball_digests(npm.tarball(package_dir_name(entry)).read_bytes())
    if relock:
        entry["integrity"], entry["shasum"] = integrity, shasum
    elif (integrity, shasum) != (entry.get("integrity"), entry.get("shasum")):
        raise VendorError(
            f"{package_dir_name(entry)}: npm tarball does not match MANIFEST.json "
            f"(got {integrity} / {shasum})"
        )


def build(entries: list[Entry], vendor_dir: Path, relock: bool = False) -> None:
    """Rebuild ``vendor_dir`` from scratch; MANIFEST.json is (re)written into it last."""
    vendor_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="npm-pack-") as tmp:
        npm = NpmCache(Path(tmp))
        staging = Path(tempfile.mkdtemp(prefix=".vendor-", dir=vendor_dir.parent))
        staging.chmod(0o755)  # mkdtemp makes it private; the web server must read it
        try:
            for entry in entries:
                check_tarball(entry, npm, relock)
                target = staging / package_dir_name(entry)
                for file in entry["files"]:
                    data = file_bytes(entry, file, npm)
                    digest = sha256_hex(data)
                    if relock:
                        file["sha256"] = digest
                    elif digest != file.get("sha256"):
                        raise VendorError(
                            f"{package_dir_name(entry)}/{file['path']}: sha256 {digest} "
                            "does not match MANIFEST.json"
                        )
                    out = target / file["path"]
                    out.parent.mkdir(parents=True, exist_ok=True)
                    out.write_bytes(data)
                print(f"  {package_dir_name(entry)}: {len(entry['files'])} files")
            dump_manifest(entries, staging / MANIFEST_NAME)
            if vendor_dir.exists():
                shutil.rmtree(vendor_dir)
            staging.rename(vendor_dir)
        finally:
            if staging.exists():
                shutil.rmtree(staging)


def verify(entries: list[Entry], vendor_dir: Path) -> list[str]:
    """Compare ``vendor_dir`` with the manifest without any network; return the problems."""
    problems: list[str] = []
    expected = {vendor_dir / MANIFEST_NAME}
    for entry in entries:
        for file in entry["files"]:
            path = vendor_dir / package_dir_name(entry) / file["path"]
            expected.add(path)
            if not path.is_file():
                problems.append(f"missing: {path.relative_to(vendor_dir)}")
            elif sha256_hex(path.read_bytes()) != file.get("sha256"):
                problems.append(f"changed: {path.relative_to(vendor_dir)}")
        for name, path in entry.get("folium_links", {}).items():
            if path not in {file["path"] for file in entry["files"]}:
                problems.append(f"{package_dir_name(entry)}: link {name!r} -> unlisted {path}")
    if vendor_dir.is_dir():
        for path in sorted(vendor_dir.rglob("*")):
            if path.is_file() and path not in expected:
                problems.append(f"not in manifest: {path.relative_to(vendor_dir)}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Re-create web/static/vendor from MANIFEST.json.")
    parser.add_argument("--vendor-dir", type=Path, default=VENDOR_DIR)
    parser.add_argument(
        "--manifest",
        type=Path,
        default=None,
        help="manifest to read (default: <vendor-dir>/MANIFEST.json)",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--verify", action="store_true", help="offline check of vendor-dir")
    mode.add_argument(
        "--relock", action="store_true", help="rebuild and rewrite the hashes in the manifest"
    )
    args = parser.parse_args(argv)

    vendor_dir: Path = args.vendor_dir.resolve()
    manifest_path: Path = args.manifest or vendor_dir / MANIFEST_NAME
    entries = load_manifest(manifest_path)

    try:
        if args.verify:
            problems = verify(entries, vendor_dir)
            for problem in problems:
                print(problem, file=sys.stderr)
            print(f"{len(entries)} packages, {len(problems)} problems")
            return 1 if problems else 0
        print(f"Rebuilding {vendor_dir} from {manifest_path}")
        build(entries, vendor_dir, relock=args.relock)
    except VendorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
