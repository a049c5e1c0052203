"""The Ninh Bình reference dataset (package data: the files izagis loads by default) and its
generator, ``geodata.build`` (``python -m geodata.build``), which may import
``izagis.vocab`` and nothing else of izagis; nothing in izagis, api or web imports it."""
