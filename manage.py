#!/usr/bin/env python
from socialgov.cli import main

if __name__ == "__main__":
    main()
