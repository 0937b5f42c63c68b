"""A radar (spider) chart as inline SVG, drawn on the server: no scripts, no external assets.

Labels are escaped; values outside 0..max are clamped, a missing value sits at the centre.
`radar_points` is shared with the PDF export so both draw the same chart.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]
    css_class: str = "current"


LABEL_MARGIN = 110
MAX_LABEL = 30


def radar_points(
    values: Sequence[float | None],
    *,
    center: float,
    radius: float,
    max_value: float,
    center_x: float | None = None,
) -> list[tuple[float, float]]:
    """Vertices for `values`, the first axis pointing up, going clockwise."""
    origin_x = center if center_x is None else center_x
    count = len(values)
    points = []
    for index, value in enumerate(values):
        share = 0.0 if value is None else min(max(float(value), 0.0), max_value) / max_value
        angle = -math.pi / 2 + 2 * math.pi * index / count
        points.append(
            (
                round(origin_x + radius * share * math.cos(angle), 2),
                round(center + radius * share * math.sin(angle), 2),
            )
        )
    return points


def _polygon(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{x},{y}" for x, y in points)


def radar_svg(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    max_value: float = 5,
    size: int = 460,
    title: str = "",
) -> str:
    if len(labels) < 3:
        raise ValueError("a radar chart needs at least three axes")
    for item in series:
        if len(item.values) != len(labels):
            raise ValueError("each series needs one value per axis")
    # Labels sit left and right of the circle: the drawing is wider than it is high.
    width = size + 2 * LABEL_MARGIN
    center_x, center = width / 2, size / 2
    radius = size / 2 - 50
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="radar" viewBox="0 0 {width} {size}" '
        f'width="{width}" height="{size}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    steps = int(max_value)
    for step in range(1, steps + 1):
        ring = radar_points(
            [step] * len(labels),
            center=center,
            center_x=center_x,
            radius=radius,
            max_value=max_value,
        )
        parts.append(
            f'<polygon class="radar-grid" points="{_polygon(ring)}" fill="none" stroke="#d8dde6"/>'
        )
    outer = radar_points(
        [max_value] * len(labels),
        center=center,
        center_x=center_x,
        radius=radius,
        max_value=max_value,
    )
    for index, (x, y) in enumerate(outer):
        parts.append(f'<line x1="{center_x}" y1="{center}" x2="{x}" y2="{y}" stroke="#d8dde6"/>')
        angle = -math.pi / 2 + 2 * math.pi * index / len(labels)
        label = labels[index]
        if len(label) > MAX_LABEL:
            label = label[: MAX_LABEL - 1] + "…"
        lx = round(center_x + (radius + 14) * math.cos(angle), 2)
        ly = round(center + (radius + 14) * math.sin(angle), 2)
        anchor = (
            "middle" if abs(math.cos(angle)) < 0.3 else "start" if math.cos(angle) > 0 else "end"
        )
        parts.append(
            f'<text x="{lx}" y="{ly}" text-anchor="{anchor}" dominant-baseline="middle" '
            f'font-size="12" fill="#1d2433">{escape(label)}</text>'
        )
    colours = {"current": "#1f5fbf", "previous": "#a15c00"}
    for item in series:
        colour = colours.get(item.css_class, "#1e7a3c")
        points = radar_points(
            item.values, center=center, center_x=center_x, radius=radius, max_value=max_value
        )
        parts.append(
            f'<polygon class="radar-series radar-{escape(item.css_class)}" '
            f'points="{_polygon(points)}" '
            f'fill="{colour}" fill-opacity="0.18" stroke="{colour}" stroke-width="2">'
            f"<title>{escape(item.name)}</title></polygon>"
        )
    for offset, item in enumerate(series):
        colour = colours.get(item.css_class, "#1e7a3c")
        y = 18 + offset * 18
        parts.append(f'<rect x="8" y="{y - 10}" width="12" height="12" fill="{colour}"/>')
        parts.append(
            f'<text x="26" y="{y}" font-size="12" fill="#1d2433">{escape(item.name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
