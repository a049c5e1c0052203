"""The generator of the reference dataset in ``geodata/``: ``python -m geodata.build``.

What lives where:

- ``facts``: the authority's 2023 figures the dataset must reproduce, the zones and the
  projects the source names (with their illustrative columns);
- ``catalogue``: the illustrative tables the unnamed tenants are drawn from;
- ``geometry``: UTM 48N <-> WGS 84, the 1e-7 degree output grid, polygon helpers;
- ``geography``: zone outlines, infrastructure, constraint areas, the province;
- ``layout``: plots inside the zones (belt, street grid, lots), noded; utility lots;
- ``registry``: the projects, their capital and workers, their 2023 events;
- ``occupancy``: which plots the projects occupy, every plot's status;
- ``writing``: the build in its fixed order and the GeoJSON/CSV writers;
- ``readback``: reading the written files back, the measures the checks share;
- ``check``, ``check_registry``: the self-check, as functions that raise ``CheckFailure``
  (run by ``tests/test_reference_build.py`` and after every regeneration);
- ``__main__``: the command line.
- ``merged_zones``, ``merged``: the second dataset, ``geodata/merged-2025/`` (the merged
  province's zones from the public record, each fact with its page), written by
  ``python -m geodata.build.merged``.

Imports point one way: ``geodata.build`` may import ``izagis.vocab`` (the vocabularies) and
nothing else of izagis; nothing in izagis, api or web imports ``geodata.build``.
"""
