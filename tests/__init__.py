"""The test suite: against a real PostGIS cluster of its own and the real app (uvicorn), with
browser tests in headless Chromium. ``reference/`` checks the shipped dataset's figures,
``behaviour/`` checks behaviour on a small world of its own; the rest are cross-cutting (schema,
security, fuzzing, faults, backup, pages). Tests may import anything; nothing imports them."""
