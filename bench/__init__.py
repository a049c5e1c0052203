"""Benchmarks at scale (``make bench``) and the synthetic scale data; may import anything of
izagis and api, and nothing imports them."""
