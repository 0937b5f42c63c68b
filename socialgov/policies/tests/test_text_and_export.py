from __future__ import annotations

import io
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from socialgov.core.spreadsheet import formula_safe, table_bytes
from socialgov.policies.text import localized, render_markdown

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="#" onclick="steal()">x</a>',
    "<iframe src=//evil.example></iframe>",
    "![x](javascript:alert(1))",
]


@pytest.mark.parametrize("source", HOSTILE)
def test_markdown_with_script_or_event_handlers_renders_inert(source):
    html = render_markdown(source)
    assert "<script" not in html
    assert "<img src=x" not in html and "<iframe" not in html
    assert not re.search(r"<[^>]+\son\w+=", html)
    assert 'href="javascript' not in html.lower() and 'src="javascript' not in html.lower()
    assert 'href="data:' not in html.lower()


def test_markdown_keeps_ordinary_formatting_and_safe_links():
    html = render_markdown(
        "## Rules\n\n**Be kind** and read [the intranet](https://intranet.example/x)."
    )
    assert "<h2>Rules</h2>" in html
    assert "<strong>Be kind</strong>" in html
    assert 'href="https://intranet.example/x"' in html


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("<>\"'=/ :;()[]!abcjsvonerrrpt&#x0123456789\n")), max_size=120
    )
)
def test_no_markdown_input_produces_a_live_tag_or_handler(source):
    html = render_markdown(source)
    assert not re.search(r"<(script|iframe|img|object|embed|svg)\b", html, re.I)
    assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", html, re.I)


def test_localized_falls_back_to_english_then_any_language():
    assert localized({"en": "Policy", "nl": "Beleid"}, "nl") == "Beleid"
    assert localized({"en": "Policy", "nl": "Beleid"}, "fr") == "Policy"
    assert localized({"nl": "Beleid"}, "fr") == "Beleid"
    assert localized({}, "fr") == ""


@pytest.mark.parametrize("cell", ['=HYPERLINK("x")', "+1", "-2+3", "@SUM(A1)", "\tcmd"])
def test_exported_cells_that_look_like_formulas_are_neutralised(cell):
    assert formula_safe(cell).startswith("'")
    assert formula_safe(cell)[1:] == cell


def test_csv_and_xlsx_exports_keep_hostile_cells_as_text():
    rows = [("=1+1", "Jan", 5)]
    assert b"'=1+1" in table_bytes(("a", "b", "c"), rows, fmt="csv", title="t")
    workbook = load_workbook(
        io.BytesIO(table_bytes(("a", "b", "c"), rows, fmt="xlsx", title="=evil"))
    )
    sheet = workbook.worksheets[0]
    assert sheet["A2"].value == "=1+1"
    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].quotePrefix


def test_a_library_template_without_a_french_text_loads_nothing(tmp_path, db):
    from pathlib import Path

    from socialgov.library.importer import LibraryError, library_load
    from socialgov.policies.models import PolicyTemplate

    library = Path(__file__).resolve().parents[3] / "library" / "policies"
    good = (library / "personal-use-guideline.yaml").read_text()
    (tmp_path / "a.yaml").write_text(good)
    (tmp_path / "b.yaml").write_text(
        good.replace("key: personal-use-guideline", "key: other")
        .replace("policies.personal-use-guideline", "policies.other")
        .replace("      fr: Usage privé des médias sociaux au travail\n", "")
    )
    with pytest.raises(LibraryError, match=r"b.yaml: item 'other'.*fr"):
        library_load(paths=[tmp_path])
    assert not PolicyTemplate.objects.exists()
