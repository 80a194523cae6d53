#!/usr/bin/env python
"""Django's command-line utility; `selenggara` is the same with a friendlier name."""

from selenggara.cli import main

if __name__ == "__main__":
    main()
