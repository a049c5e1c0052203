"""Behaviour tests on a small world of their own (world.py), independent of geodata/."""
