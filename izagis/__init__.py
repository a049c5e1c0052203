"""izagis, the core: settings, the database (embedded cluster, schema, migrations), the
vocabularies, loading data, the registry's queries, plot state, derived data, site search and
its scoring, statistics, vector tiles and the command line.

Imports point down only: the core imports neither ``api`` nor ``web`` (nor the dataset
generator, the benchmarks or the tests); import-linter checks it in ``make lint``. Modules:
``vocab`` (every vocabulary), ``tables`` (the schema), ``answers`` (typed answers),
``plot_state`` (the one write path of a plot's status and holds), ``derived`` (per-plot
distances and adjacency), ``registry``, ``stats``, ``search`` with ``needs``, ``criteria`` and
``mcda``, ``tiles``, ``dataset`` (the loader), ``db``/``cluster``/``settings``, ``cli``.
"""
