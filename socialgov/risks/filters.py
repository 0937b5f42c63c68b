"""Register filters from query parameters, shared by the HTML pages and the API."""

from __future__ import annotations

from typing import Any

from socialgov.risks.selectors import RiskFilters


def positive_int(value: str | None) -> int | None:
    """A query parameter as a whole number, or None when it is not one (never an error)."""
    return int(value) if value and value.isdigit() and len(value) < 12 else None


# The filters that name an id or a level (the API refuses a value that is not a whole number).
INTEGER_FILTERS = ("channel", "owner", "risk_type", "likelihood", "impact", "matrix")


def risk_filters(params: Any) -> RiskFilters:
    """Filters from query parameters; values that cannot match are ignored, not errors."""
    side = params.get("side", "")
    return RiskFilters(
        channel=positive_int(params.get("channel")),
        platform=params.get("platform", "")[:30],
        purpose=params.get("purpose", "")[:30],
        level=params.get("level", "")[:100],
        owner=positive_int(params.get("owner")),
        status=params.get("status", "")[:20],
        overdue=params.get("overdue") in ("1", "true"),
        reassess=params.get("reassess") in ("1", "true"),
        risk_type=positive_int(params.get("risk_type")),
        side=side if side in ("inherent", "residual") else "",
        likelihood=positive_int(params.get("likelihood")),
        impact=positive_int(params.get("impact")),
        matrix=positive_int(params.get("matrix")),
    )
