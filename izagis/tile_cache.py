"""An in-process cache of vector tiles, kept true by the database.

A tile is cached with the data version it was cut from and the next hold boundary; it answers
only while the process knows the database is still at that version and the boundary has not
passed. The process knows because a listener holds one connection with ``LISTEN izagis_data``:
every write bumps ``data_version``, whose trigger notifies the new version on commit (migration
0009), and the cache empties itself. While the listener is not connected (start-up, the
database restarting) nothing is cached or answered from the cache, so a tile is never staler
than the database. Each worker process has its own cache and listener; nothing is shared.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections import OrderedDict

import psycopg

from izagis.tiles import Tile

CHANNEL = "izagis_data"
MAX_BYTES = 64 * 2**20
log = logging.getLogger(__name__)
Key = tuple[str, int, int, int]


class TileCache:
    """Tiles by (layer, z, x, y), least recently used dropped beyond ``max_bytes``."""

    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self.version: int | None = None  # the database's, while listening; else None
        self._tiles: OrderedDict[Key, Tile] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: Key) -> Tile | None:
        tile = self._tiles.get(key)
        if tile is None or tile.version != self.version:
            return None
        if tile.valid_until is not None and dt.datetime.now(dt.UTC) >= tile.valid_until:
            return None
        with self._lock:
            if key in self._tiles:
                self._tiles.move_to_end(key)
        return tile

    def put(self, key: Key, tile: Tile) -> None:
        with self._lock:
            if self.version is None or tile.version != self.version:
                return  # cut before or after what this process knows: not kept
            old = self._tiles.pop(key, None)
            self._bytes += len(tile.data) - (len(old.data) if old else 0)
            self._tiles[key] = tile
            while self._bytes > self.max_bytes and self._tiles:
                _, dropped = self._tiles.popitem(last=False)
                self._bytes -= len(dropped.data)

    def changed(self, version: int | None) -> None:
        """The database is at ``version`` now (None: unknown); every tile is dropped."""
        with self._lock:
            self.version = version
            self._tiles.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._tiles)


class Listener:
    """Keeps ``cache`` in step with the database at ``dsn`` (a libpq URL) from a thread."""

    def __init__(self, dsn: str, cache: TileCache) -> None:
        self.dsn, self.cache = dsn, cache
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="izagis-tile-cache", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.cache.changed(None)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                with psycopg.connect(
                    self.dsn, autocommit=True, connect_timeout=5, application_name="izagis-tiles"
                ) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    row = conn.execute("SELECT version FROM data_version").fetchone()
                    self.cache.changed(int(row[0]) if row else None)
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=1.0):
                            self.cache.changed(int(note.payload))
            except (psycopg.Error, ValueError) as exc:
                log.debug("tile cache listener: %s", exc)
            self.cache.changed(None)  # not listening: cache nothing until connected again
            self._stop.wait(1.0)
