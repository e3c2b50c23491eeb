"""`python -m desktop` runs the same program as `eadr-station`."""

import sys

from desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
