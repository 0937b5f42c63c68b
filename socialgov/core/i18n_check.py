"""Fail when a UI string lacks a Dutch or French translation.

Regenerates every app's catalogues from the source (so a string added without a translation
shows up as empty) and checks that each entry is translated and not fuzzy.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polib

LANGUAGES = ("nl", "fr")
ROOT = Path(__file__).resolve().parents[2]


def app_dirs() -> list[Path]:
    return sorted(path.parent for path in (ROOT / "socialgov").glob("*/locale") if path.is_dir())


def problems_in(app_dir: Path) -> list[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    subprocess.run(
        [
            sys.executable,
            "-P",
            "-m",
            "django",
            "makemessages",
            "--no-location",
            "--no-obsolete",
            *[f"--locale={language}" for language in LANGUAGES],
        ],
        cwd=app_dir,
        env=env,
        check=True,
        capture_output=True,
    )
    found = []
    for language in LANGUAGES:
        path = app_dir / "locale" / language / "LC_MESSAGES" / "django.po"
        if not path.exists():
            continue
        catalogue = polib.pofile(str(path))
        for entry in catalogue:
            if entry.obsolete:
                continue
            if entry.msgid_plural:
                translated = all(entry.msgstr_plural.values())
            else:
                translated = bool(entry.msgstr)
            if not translated or entry.fuzzy:
                state = "fuzzy" if entry.fuzzy else "untranslated"
                found.append(f"{path.relative_to(ROOT)}: {state}: {entry.msgid!r}")
    return found


def main() -> int:
    problems = [problem for app_dir in app_dirs() for problem in problems_in(app_dir)]
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} string(s) without a Dutch or French translation")
        return 1
    print(f"translations complete for {', '.join(LANGUAGES)} in {len(app_dirs())} apps")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
