"""The Ninh Bình reference dataset and its generator (``python -m geodata.build``)."""
