"""The storage contract suite: one package so its conftest does not shadow tests/conftest.py."""
