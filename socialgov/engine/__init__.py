"""socialgov's analysis engine as a library: pure Python, no Django.

from socialgov.engine import analyze

for findings in analyze(["Onze medewerker helpt u graag", "ww: Zomer2024!"]):
    print([(f.analyzer, f.kind, round(f.score, 2), f.reason) for f in findings])
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from socialgov.engine.types import Finding, Post

__all__ = ["analyze"]


def analyze(
    posts: Iterable[str | Post],
    analyzers: Iterable[str] | None = None,
    settings: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[list[Finding]]:
    """Findings for each post (a text or a `Post`), in order, from the named analyzers (the
    default set when `analyzers` is None); `settings` holds keyword arguments per analyzer."""
    # Imported here so that `import socialgov.engine` (types, detectors, sources) does not load
    # the models.
    from socialgov.engine.analyzers.registry import analyze_batch, build
    from socialgov.engine.types import Post

    batch = [p if isinstance(p, Post) else Post(str(i), p) for i, p in enumerate(posts)]
    return analyze_batch(build(analyzers, settings), batch)
