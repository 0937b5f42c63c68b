"""Level colours as classes of the generated stylesheet (the CSP allows no style attribute)."""

from __future__ import annotations

from django import template

from socialgov.risks.swatches import swatch_class

register = template.Library()
register.filter("swatch", swatch_class)
