"""Worker processes forked from one parent that has imported Django already, for tests that kill
many workers: starting `socialgov` in a fresh interpreter costs seconds of imports on a busy
machine, a fork costs milliseconds, and the child is as real a worker (its own process, its own
database connection, gone without a trace on SIGKILL).

The parent never opens a database connection, so no child inherits one. It reads one command
line per request on its standard input and answers with the pid of the child that runs it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

PARENT = r"""
import os, signal, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django
django.setup()
from django.core.management import execute_from_command_line
import socialgov.monitoring.jobs.loop  # what every worker imports, imported once here
signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
for line in sys.stdin:
    pid = os.fork()
    if pid == 0:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)  # the parent's standard output carries the pids
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        code = 0
        try:
            execute_from_command_line(["socialgov", *line.split()])
        except BaseException:
            code = 1
        os._exit(code)
    print(pid, flush=True)
"""


class Forker:
    """One parent per environment; `start` forks a worker running `socialgov <args>`."""

    def __init__(self, env: dict[str, str]) -> None:
        self.parent = subprocess.Popen(
            [sys.executable, "-c", PARENT],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )

    def start(self, *args: str) -> int:
        assert self.parent.stdin is not None and self.parent.stdout is not None
        self.parent.stdin.write(" ".join(args) + "\n")
        self.parent.stdin.flush()
        return int(self.parent.stdout.readline())

    def close(self) -> None:
        if self.parent.stdin is not None:
            self.parent.stdin.close()
        self.parent.wait(timeout=30)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def kill(pid: int, *, timeout: float = 30.0) -> None:
    """SIGKILL, then wait until the kernel has reaped the child."""
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + timeout
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.005)
