"""Tests bound to the shipped reference dataset's exact content (geodata/)."""
