"""`python -m monitor.demo [DIR]`."""

import sys

from monitor.demo import main

sys.exit(main(sys.argv[1:]))
