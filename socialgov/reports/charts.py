"""Charts as inline SVG drawn on the server: line and area over time, stacked bars, heat maps,
sparklines (the radar is the assessments' one). No scripts, no external assets.

Every chart carries a <title> and a <desc> and comes with the table of the figures it draws,
so a screen reader, a printout and a person who would rather read numbers get the same data.
Every text that goes into the markup is escaped here; callers pass plain strings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html import escape

PALETTE = ("#1f5fbf", "#a15c00", "#1e7a3c", "#8a2be2", "#b3261e", "#5f6b7a", "#00838f")
INK = "#1d2433"
GRID = "#d8dde6"


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float]


@dataclass(frozen=True)
class Cell:
    value: float
    colour: str = ""
    url: str = ""


@dataclass
class Chart:
    """An SVG drawing and the table behind it (the first column names the rows)."""

    title: str
    description: str
    svg: str
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)

    def table_html(self) -> str:
        head = "".join(f'<th scope="col">{escape(h)}</th>' for h in self.headers)
        body = "".join(
            "<tr>"
            + "".join(
                f'<th scope="row">{escape(v)}</th>' if i == 0 else f"<td>{escape(v)}</td>"
                for i, v in enumerate(row)
            )
            + "</tr>"
            for row in self.rows
        )
        return (
            f'<table class="chart-data"><caption>{escape(self.title)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        )

    def html(self, *, table_label: str = "Data table") -> str:
        """The figure: the drawing, then the table folded in a <details> (open without JS)."""
        return (
            f'<figure class="chart">{self.svg}<figcaption>{escape(self.description)}'
            f"</figcaption><details><summary>{escape(table_label)}</summary>"
            f"{self.table_html()}</details></figure>"
        )


def number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


def _open(title: str, description: str, width: int, height: int, css: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img">',
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>",
    ]


def _scale(height: float, maximum: float) -> float:
    return height / maximum if maximum > 0 else 0.0


def _colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def _table(labels: Sequence[str], series: Sequence[Series]) -> tuple[list[str], list[list[str]]]:
    """The headers and rows of a chart's table: one row per label, one column per series."""
    headers = ["", *[s.name for s in series]]
    rows = [[label, *[number(s.values[i]) for s in series]] for i, label in enumerate(labels)]
    return headers, rows


def line_chart(
    *,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[Series],
    area: bool = False,
    band: Sequence[tuple[float, float]] | None = None,
    band_name: str = "",
    width: int = 640,
    height: int = 240,
) -> Chart:
    """Values over time (one point per label); `band` shades a low..high range per label,
    such as the spike detector's expected range."""
    left, bottom, top, right = 44, 28, 12, 12
    plot_w, plot_h = width - left - right, height - top - bottom
    highs = [v for s in series for v in s.values] + [hi for _lo, hi in band or []]
    maximum = max(highs, default=0) or 1
    unit = _scale(plot_h, maximum)
    step = plot_w / max(len(labels) - 1, 1)

    def xy(index: int, value: float) -> str:
        return f"{round(left + index * step, 2)},{round(top + plot_h - value * unit, 2)}"

    parts = _open(title, description, width, height, "chart-line")
    for tick in (0, maximum / 2, maximum):
        y = round(top + plot_h - tick * unit, 2)
        parts.append(f'<line x1="{left}" y1="{y}" x2="{width - right}" y2="{y}" stroke="{GRID}"/>')
        parts.append(
            f'<text x="{left - 4}" y="{y}" text-anchor="end" dominant-baseline="middle" '
            f'font-size="10" fill="{INK}">{escape(number(tick))}</text>'
        )
    if band and len(band) == len(labels):
        outline = [xy(i, hi) for i, (_lo, hi) in enumerate(band)]
        outline += [xy(i, lo) for i, (lo, _hi) in reversed(list(enumerate(band)))]
        parts.append(
            f'<polygon class="chart-band" points="{" ".join(outline)}" fill="{GRID}" '
            f'fill-opacity="0.6"><title>{escape(band_name)}</title></polygon>'
        )
    for number_, item in enumerate(series):
        colour = _colour(number_)
        points = [xy(i, v) for i, v in enumerate(item.values)]
        if area and points:
            floor = [xy(len(points) - 1, 0), xy(0, 0)]
            parts.append(
                f'<polygon points="{" ".join(points + floor)}" fill="{colour}" fill-opacity="0.2"/>'
            )
        parts.append(
            f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" '
            f'stroke-width="2"><title>{escape(item.name)}</title></polyline>'
        )
    parts += _x_labels(labels, lambda i: left + i * step, height - 8)
    parts += _legend([s.name for s in series], left, width)
    parts.append("</svg>")
    headers, rows = _table(labels, series)
    if band:
        headers.append(band_name)
    if band and len(band) == len(labels):
        for row, (low, high) in zip(rows, band, strict=True):
            row.append(f"{number(low)}–{number(high)}")
    return Chart(title, description, "".join(parts), headers, rows)


def _x_labels(labels: Sequence[str], x_of: Callable[[int], float], y: float) -> list[str]:
    # A label every few points at most: twelve fit under a dashboard-wide chart.
    every = max(1, len(labels) // 12 + (1 if len(labels) % 12 else 0))
    return [
        f'<text x="{round(x_of(i), 2)}" y="{y}" text-anchor="middle" font-size="10" '
        f'fill="{INK}">{escape(label)}</text>'
        for i, label in enumerate(labels)
        if i % every == 0
    ]


def _legend(names: Sequence[str], left: float, width: int) -> list[str]:
    parts = []
    x = left
    for index, name in enumerate(names):
        colour = _colour(index)
        parts.append(f'<rect x="{x}" y="2" width="8" height="8" fill="{colour}"/>')
        parts.append(
            f'<text x="{x + 11}" y="10" font-size="10" fill="{INK}">{escape(name[:40])}</text>'
        )
        x += 16 + 6 * min(len(name), 40)
        if x > width - 40:
            break
    return parts


def stacked_bars(
    *,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[Series],
    width: int = 640,
    height: int = 240,
) -> Chart:
    left, bottom, top, right = 44, 28, 16, 12
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(s.values[i] for s in series) for i in range(len(labels))]
    unit = _scale(plot_h, max(totals, default=0))
    slot = plot_w / max(len(labels), 1)
    bar = max(slot * 0.7, 1)
    parts = _open(title, description, width, height, "chart-bars")
    parts.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" '
        f'stroke="{GRID}"/>'
    )
    for i, label in enumerate(labels):
        base: float = top + plot_h
        x = round(left + i * slot + (slot - bar) / 2, 2)
        for number_, item in enumerate(series):
            h = round(item.values[i] * unit, 2)
            if h <= 0:
                continue
            base -= h
            parts.append(
                f'<rect x="{x}" y="{round(base, 2)}" width="{round(bar, 2)}" height="{h}" '
                f'fill="{_colour(number_)}"><title>{escape(label)}: '
                f"{escape(item.name)} {escape(number(item.values[i]))}</title></rect>"
            )
    parts += _x_labels(labels, lambda i: left + i * slot + slot / 2, height - 8)
    parts += _legend([s.name for s in series], left, width)
    parts.append("</svg>")
    headers, rows = _table(labels, series)
    return Chart(title, description, "".join(parts), headers, rows)


def heat_map(
    *,
    title: str,
    description: str,
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    cells: Sequence[Sequence[Cell]],
    cell_size: int = 44,
) -> Chart:
    """A grid of counts; a cell with a `url` links to the list behind it."""
    # Room for the longest row label (about 6.5 px a character at this size): Dutch and
    # French labels run longer than English ones.
    shown = [_shortened(label, 26) for label in row_labels]
    left, top = 12 + round(6.5 * max((len(label) for label in shown), default=8)), 8
    width = left + cell_size * len(column_labels) + 8
    height = top + cell_size * len(row_labels) + 40
    parts = _open(title, description, width, height, "chart-heat")
    for r, label in enumerate(row_labels):
        y = top + r * cell_size
        parts.append(
            f'<text x="{left - 6}" y="{y + cell_size / 2}" text-anchor="end" '
            f'dominant-baseline="middle" font-size="11" fill="{INK}">{escape(shown[r])}</text>'
        )
        for c, cell in enumerate(cells[r]):
            x = left + c * cell_size
            colour = escape(cell.colour or "#eef1f5")
            text = escape(number(cell.value))
            shape = (
                f'<rect x="{x}" y="{y}" width="{cell_size - 2}" height="{cell_size - 2}" '
                f'fill="{colour}"><title>{escape(label)} × {escape(column_labels[c])}: '
                f"{text}</title></rect>"
                f'<text x="{x + cell_size / 2 - 1}" y="{y + cell_size / 2}" text-anchor="middle" '
                f'dominant-baseline="middle" font-size="13" fill="{INK}">{text}</text>'
            )
            if cell.url:
                shape = f'<a href="{escape(cell.url)}" class="heat-cell">{shape}</a>'
            parts.append(shape)
    for c, label in enumerate(column_labels):
        middle = left + c * cell_size + cell_size / 2
        parts.append(
            f'<text x="{middle}" y="{height - 24}" text-anchor="middle" font-size="11" '
            f'fill="{INK}">{escape(label[:8])}</text>'
        )
    parts.append("</svg>")
    headers = ["", *column_labels]
    rows = [
        [label, *[number(cell.value) for cell in cells[r]]] for r, label in enumerate(row_labels)
    ]
    return Chart(title, description, "".join(parts), headers, rows)


def _shortened(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def sparkline(
    *,
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    width: int = 120,
    height: int = 28,
) -> Chart:
    """A small line for a card: no axes, the last value marked."""
    maximum, minimum = max(values, default=0), min(values, default=0)
    spread = (maximum - minimum) or 1
    step = (width - 4) / max(len(values) - 1, 1)
    points = [
        (round(2 + i * step, 2), round(height - 2 - (v - minimum) / spread * (height - 4), 2))
        for i, v in enumerate(values)
    ]
    description = ", ".join(
        f"{label}: {number(v)}" for label, v in zip(labels, values, strict=True)
    )
    parts = _open(title, description, width, height, "chart-spark")
    if points:
        line = " ".join(f"{x},{y}" for x, y in points)
        parts.append(
            f'<polyline points="{line}" fill="none" stroke="{PALETTE[0]}" stroke-width="1.5"/>'
        )
        x, y = points[-1]
        parts.append(f'<circle cx="{x}" cy="{y}" r="2" fill="{PALETTE[0]}"/>')
    parts.append("</svg>")
    rows = [[label, number(v)] for label, v in zip(labels, values, strict=True)]
    return Chart(title, description, "".join(parts), ["", title], rows)
