"""Where entries come from: fetching (fetch.py) and turning bodies into entries (feeds.py)."""
