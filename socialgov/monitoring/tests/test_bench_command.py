"""`socialgov bench <name>` reaches every benchmark script in bench/ with its own options."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize("name", ["pipeline", "scale", "soak", "api_scale"])
def test_each_bench_script_is_reachable_as_a_bench_target_with_its_options(name: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "socialgov.cli", "bench", name, "--help"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-1000:]
    assert f"usage: {name}.py" in done.stdout
    assert "--posts" in done.stdout or "--channels" in done.stdout
