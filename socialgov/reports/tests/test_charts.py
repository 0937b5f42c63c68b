from __future__ import annotations

from xml.etree.ElementTree import Element

import pytest
from defusedxml import ElementTree

from socialgov.reports import charts
from socialgov.reports.charts import Cell, Chart, Series

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert("x")</script>&"'


def parsed(chart: Chart) -> Element:
    root = ElementTree.fromstring(chart.svg)
    assert root.tag == f"{SVG}svg"
    return root


def all_charts(name: str = "Mentions") -> list[Chart]:
    labels = ["1 Dec", "2 Dec", "3 Dec"]
    series = [Series(name, [1, 4, 2]), Series("Negative", [0, 3, 1])]
    return [
        charts.line_chart(title=name, description=name, labels=labels, series=series),
        charts.line_chart(
            title=name,
            description=name,
            labels=labels,
            series=series,
            area=True,
            band=[(0, 2), (0, 2), (1, 3)],
            band_name=name,
        ),
        charts.stacked_bars(title=name, description=name, labels=labels, series=series),
        charts.heat_map(
            title=name,
            description=name,
            row_labels=[name, "Low"],
            column_labels=[name, "2"],
            cells=[[Cell(1, "#f00", f"/risks/?q={name}"), Cell(0)], [Cell(2), Cell(3)]],
        ),
        charts.sparkline(title=name, labels=labels, values=[1, 4, 2]),
    ]


@pytest.mark.parametrize("index", range(5))
def test_each_chart_is_valid_svg_with_a_title_and_a_description(index: int) -> None:
    root = parsed(all_charts()[index])
    assert root.find(f"{SVG}title") is not None
    assert root.find(f"{SVG}desc") is not None
    assert root.find(f"{SVG}title").text == "Mentions"  # type: ignore[union-attr]


@pytest.mark.parametrize("index", range(5))
def test_each_chart_comes_with_the_table_of_its_figures(index: int) -> None:
    chart = all_charts()[index]
    html = chart.html(table_label="Figures")
    table = ElementTree.fromstring(f"<div>{html}</div>").find(".//table")
    assert table is not None
    assert "<details><summary>Figures</summary>" in html
    assert len(table.findall("./tbody/tr")) == len(chart.rows) > 0


@pytest.mark.parametrize("index", range(5))
def test_hostile_text_is_escaped_in_the_drawing_and_the_table(index: int) -> None:
    chart = all_charts(HOSTILE)[index]
    html = chart.html(table_label=HOSTILE)
    assert "<script>" not in html
    # Still parses: nothing the text says can end an element or an attribute.
    root = ElementTree.fromstring(f"<div>{html}</div>")
    assert root.find(f".//{SVG}script") is None
    assert HOSTILE in "".join(root.itertext())


def test_the_line_chart_table_gives_each_value_and_the_band() -> None:
    chart = all_charts()[1]
    assert chart.headers == ["", "Mentions", "Negative", "Mentions"]
    assert chart.rows[1] == ["2 Dec", "4", "3", "0–2"]


def test_a_heat_map_cell_links_to_the_list_behind_it() -> None:
    root = parsed(all_charts()[3])
    links = root.findall(f".//{SVG}a")
    assert [link.get("href") for link in links] == ["/risks/?q=Mentions"]


def test_stacked_bars_stack_the_series_of_each_label() -> None:
    root = parsed(all_charts()[2])
    bars = root.findall(f"{SVG}rect[@height]")
    heights = [float(bar.get("height", 0)) for bar in bars if bar.find(f"{SVG}title") is not None]
    # 1+0, 4+3, 2+1: the 2 Dec stack is the tallest; a zero value draws no bar.
    assert len(heights) == 5
    assert max(heights) == heights[1]


def test_charts_of_empty_data_still_draw() -> None:
    chart = charts.line_chart(title="t", description="d", labels=[], series=[])
    assert parsed(chart) is not None
    assert chart.rows == []
    spark = charts.sparkline(title="t", labels=[], values=[])
    assert parsed(spark) is not None


def test_a_heat_maps_row_labels_get_the_room_their_language_needs() -> None:
    long_label, short_label = "Waarschijnlijkheid 5", "Kans 5"
    wide, narrow = (
        charts.heat_map(
            title="t",
            description="d",
            row_labels=[label],
            column_labels=["1"],
            cells=[[Cell(1)]],
        )
        for label in (long_label, short_label)
    )
    assert f">{long_label}</text>" in wide.svg
    assert int(parsed(wide).get("width", "0")) > int(parsed(narrow).get("width", "0"))
    cut = charts.heat_map(
        title="t", description="d", row_labels=["x" * 40], column_labels=["1"], cells=[[Cell(1)]]
    )
    assert ">" + "x" * 25 + "…</text>" in cut.svg
