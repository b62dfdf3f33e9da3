"""Run the ``neurocourse`` command as ``python -m neurocourse.course``."""

import sys

from .cli import main

__all__: list[str] = []

if __name__ == "__main__":
    sys.exit(main())
