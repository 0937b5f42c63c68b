"""Run every detector benchmark in turn: `.venv/bin/python -m bench.detectors [--quick]`.

`--quick` keeps the whole run to about a minute (100,000 impersonation candidates and 200,000
proxy log lines instead of a million each).
"""

from __future__ import annotations

import argparse
import sys

from bench.detectors import compromise, impersonation, libraries, spikes, usage


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    quick = parser.parse_args().quick
    runs = [
        ("spikes", spikes.main, []),
        ("impersonation", impersonation.main, ["--candidates", "100000" if quick else "1000000"]),
        ("avatar hashes and confusables beside libraries", libraries.main, []),
        ("compromise", compromise.main, []),
        ("usage", usage.main, ["--lines", "200000" if quick else "1000000"]),
    ]
    for name, run, arguments in runs:
        print(f"== {name}", flush=True)
        sys.argv = [name, *arguments]
        run()


if __name__ == "__main__":
    main()
