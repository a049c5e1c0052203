"""izagis, the core: settings, the database (embedded cluster, schema, migrations), the
vocabularies, loading data, the registry's queries, plot state, derived data, site search and
its scoring, statistics, vector tiles, accounts, backups, sheets' maps and the command line.

Imports point down only: the core imports neither ``api`` nor ``web`` (nor the dataset
generator, the benchmarks or the tests); import-linter checks it in ``make lint``. Modules:

- vocabularies and schema: ``vocab``, ``tables``, ``inputs`` (rules every input obeys),
  ``answers`` (typed answers), ``errors``, ``clock`` (Vietnam's calendar);
- database: ``settings``, ``logs``, ``cluster``, ``db``, ``migrations/``, ``backup``;
- data: ``dataset`` (the loader), ``crs``, ``derived`` (per-plot distances, adjacency),
  ``plot_state`` (the one write path of a plot's status and holds), ``registry``, ``stats``,
  ``tiles``, ``tile_cache``, ``palette`` (how each value is drawn), ``sheet_map``;
- site search: ``needs``, ``criteria``, ``hard_needs``, ``search``, ``scoring``,
  ``value_functions``, ``value_function_defaults``, ``robustness``, ``shortlist``, ``mcda``;
- data exchange: ``layers`` (the public layers, defined once), ``features`` (OGC API -
  Features queries), ``cql`` (CQL2 filters as SQLAlchemy expressions), ``export`` (files),
  ``qml`` (QGIS styles);
- people: ``accounts``, ``tokens``, ``rate_limits``;
- command line: ``cli``, ``cli_users``.
"""
