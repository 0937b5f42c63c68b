"""`from socialgov.engine import analyze` works as a plain library, without Django."""

import subprocess
import sys
from pathlib import Path

from socialgov.engine import analyze
from socialgov.engine.types import Post


def test_analyze_takes_texts_and_returns_findings_in_order():
    results = analyze(["Onze medewerker helpt u graag", "you are an idiot"], ["toxicity"])
    assert [found[0].kind for found in results] == ["not_toxic", "toxic"]


def test_analyze_takes_posts_and_settings():
    settings = {"confidential": {"watch_list": ["Project Falcon"]}}
    found = analyze([Post("7", "Project Falcon launches in May")], ["confidential"], settings)
    assert [f.kind for f in found[0]] == ["WATCH_LIST"]


def test_the_library_api_loads_no_django_drf_or_celery():
    code = (
        "import sys\n"
        "from socialgov.engine import analyze\n"
        "analyze(['hello there'])\n"
        "roots = ('django', 'rest_framework', 'celery')\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in roots]\n"
        "other = [m for m in sys.modules if m.startswith('socialgov.')"
        " and not m.startswith('socialgov.engine')]\n"
        "print(bad + other)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


README = Path(__file__).resolve().parents[3] / "README.md"


def _readme_example() -> str:
    section = README.read_text(encoding="utf-8").split("### Analysis engine as a library", 1)[1]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


def test_the_readme_library_example_runs_where_django_cannot_be_imported():
    example = _readme_example()
    assert "from socialgov.engine import analyze" in example
    assert len(example.strip().splitlines()) <= 5
    # `sys.modules[name] = None` makes every later import of that package fail.
    blocker = "import sys\nfor name in ('django', 'rest_framework', 'celery'):\n"
    blocker += "    sys.modules[name] = None\n"
    out = subprocess.run(
        [sys.executable, "-c", blocker + example], capture_output=True, text=True, check=True
    )
    lines = out.stdout.splitlines()
    assert any(line.startswith("secrets PASSWORD") for line in lines), out.stdout
    assert not any(line.startswith("toxicity toxic") for line in lines), out.stdout
