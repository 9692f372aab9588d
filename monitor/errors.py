"""One root for every error a user can cause; its message says what to do.

MonitorError
 ├── ConfigError        monitor.toml is missing a value, has a typo, or a bad value
 ├── StateError         the state directory or database cannot be used as it is
 ├── LockedError        another daemon already owns the state directory
 └── SourceError        a source named on the command line is unknown or malformed
"""


class MonitorError(Exception):
    """An error the user can fix; the CLI prints its message on one line."""


class ConfigError(MonitorError):
    """The configuration file is invalid."""


class StateError(MonitorError):
    """The state directory or database cannot be used."""


class LockedError(MonitorError):
    """Another daemon holds the state directory's lock."""


class SourceError(MonitorError):
    """A source given by the user is unknown or malformed."""
