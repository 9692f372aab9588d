"""`python -m monitor` runs the command-line interface."""

from monitor.cli import entry

if __name__ == "__main__":  # worker processes may import this module: never run twice
    entry()
