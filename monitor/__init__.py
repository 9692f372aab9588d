"""monitor: a feed and document alert monitor.

Polls feeds, pages and local documents, stores entries in SQLite, and (in later
layers) matches watch rules against them and delivers alerts.
"""

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/monitor-project/monitor"
USER_AGENT = f"monitor/{__version__} (+{PROJECT_URL})"
