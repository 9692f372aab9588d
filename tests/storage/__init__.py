"""The storage contract suite and the engines' own tests (a package, so its conftest does
not shadow tests/conftest.py, which other test modules import by name)."""
