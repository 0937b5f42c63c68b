"""`socialgov evaluate`: every analyzer on the development sets, beside the peers.

Metrics follow the issue: macro-recall for three-way sentiment, macro-F1 for binary tasks,
accuracy for language, precision / recall / F2 for personal-data spans. Data sets that are not
present are listed as skipped; peers that are not installed show as "—".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from socialgov.engine.types import Finding, Post

from . import baseline, peers
from .registry import analyze_batch, build
from .training import complaint_rule, metrics
from .training import datasets as ds
from .training.recipes import RECIPES

BATCH = 512
_BASELINE = "TF-IDF+LR"


@dataclass(frozen=True, slots=True)
class Row:
    task: str
    dataset: str
    metric: str
    ours: float | str
    peers: dict[str, float | None]
    rows: int
    note: str = ""


def _run(
    slugs: list[str], texts: Sequence[str], settings: Mapping[str, Mapping[str, Any]] | None = None
) -> list[list[Finding]]:
    analyzers = build(slugs, settings)
    out: list[list[Finding]] = []
    for begin in range(0, len(texts), BATCH):
        posts = [Post(i, t) for i, t in enumerate(texts[begin : begin + BATCH], start=begin)]
        out.extend(analyze_batch(analyzers, posts))
    return out


def _head(findings: list[Finding], analyzer: str) -> Finding:
    return next(f for f in findings if f.analyzer == analyzer)


def _guard(rows: list[Row], skipped: list[str], name: str, make: Callable[[], list[Row]]) -> None:
    try:
        rows.extend(make())
    except ds.DatasetMissing as exc:
        skipped.append(f"{name}: {exc} not found")


class _Evaluator:
    """One evaluation run: the peers, the fitted baselines and the rows gathered so far."""

    def __init__(self, data_dir: Path, *, with_peers: bool) -> None:
        self.data_dir = data_dir
        self.with_peers = with_peers
        self.vader = peers.vader() if with_peers else None
        self.profanity = peers.profanity_check() if with_peers else None
        self.presidio = peers.presidio_patterns() if with_peers else None
        self.with_baseline = with_peers and baseline.available()
        self.fitted: dict[str, baseline.Predictor] = {}
        self.skipped: list[str] = []

    def tfidf(self, recipe: str, texts: list[str]) -> list[str] | None:
        """The TF-IDF + LR baseline's labels, fitted once per recipe on its training rows."""
        if not self.with_baseline:
            return None
        if recipe not in self.fitted:
            self.fitted[recipe] = baseline.train_baseline(self.data_dir, recipe)
        return self.fitted[recipe](texts)

    # --- language ---------------------------------------------------------------------------

    def language_rows(self) -> list[Row]:
        out = [
            self.language_row(name, examples)
            for name, examples in RECIPES["language"].dev(self.data_dir).items()
        ]
        try:
            dutch = ds.dutch_polarity(self.data_dir)
            out.append(self.language_row("dutch-political-tweets (evaluation only)", dutch))
        except ds.DatasetMissing as exc:
            self.skipped.append(f"language nl tweets: {exc} not found")
        return out

    def language_row(self, name: str, examples: list[ds.Example]) -> Row:
        texts = [e.text for e in examples]
        found = _run(["language"], texts)
        predicted = [_head(f, "language").kind for f in found]
        gold = [e.lang for e in examples]
        plain = self.tfidf("language", texts)
        peer = {_BASELINE: None if plain is None else metrics.accuracy(gold, plain)}
        ours = metrics.accuracy(gold, predicted)
        return Row("language", name, "accuracy", ours, peer, len(examples))

    # --- sentiment and complaint ------------------------------------------------------------

    def sentiment_sets(self) -> dict[str, list[ds.Example]]:
        sets = {
            f"xlm-t {lang} val": ds.xlmt_sentiment(self.data_dir, lang, "val")
            for lang in ds.XLMT_LANGUAGES
        }
        try:
            sets["dutch-political-tweets polarity (evaluation only)"] = ds.dutch_polarity(
                self.data_dir
            )
        except ds.DatasetMissing as exc:
            self.skipped.append(f"sentiment nl: {exc} not found")
        return sets

    def sentiment_rows(self) -> list[Row]:
        return [
            self.sentiment_row(name, examples) for name, examples in self.sentiment_sets().items()
        ]

    def sentiment_row(self, name: str, examples: list[ds.Example]) -> Row:
        texts = [e.text for e in examples]
        gold = [e.label for e in examples]
        found = _run(["sentiment"], texts)
        ours = metrics.macro_recall(
            gold, [_head(f, "sentiment").kind for f in found], ds.SENTIMENT_LABELS
        )
        peer: dict[str, float | None] = {"VADER": None}
        if self.vader:
            peer["VADER"] = metrics.macro_recall(
                gold, [peers.vader_label(c) for c in self.vader(texts)], ds.SENTIMENT_LABELS
            )
        plain = self.tfidf("sentiment", texts)
        peer[_BASELINE] = (
            None if plain is None else metrics.macro_recall(gold, plain, ds.SENTIMENT_LABELS)
        )
        return Row("sentiment", name, "macro-recall", ours, peer, len(examples))

    def complaint_rows(self) -> list[Row]:
        """F1 on the domains the complaint rule was not tuned on (see `complaint_rule`); the
        baseline is fitted on the rule's tuning rows, so both saw the same data."""
        examples = complaint_rule.held_out_rows(self.data_dir)
        texts = [e.text for e in examples]
        gold = [e.label == "complaint" for e in examples]
        found = _run(["complaint"], texts)
        ours = metrics.f1(gold, [_head(f, "complaint").kind == "complaint" for f in found])
        peer: dict[str, float | None] = {"VADER-negative": None}
        if self.vader:
            peer["VADER-negative"] = metrics.f1(gold, [c <= -0.05 for c in self.vader(texts)])
        if self.with_baseline:
            tuning = complaint_rule.tuning_rows(self.data_dir)
            plain = baseline.fit_baseline([e.text for e in tuning], [e.label for e in tuning])
            peer[_BASELINE] = metrics.f1(gold, [p == "complaint" for p in plain(texts)])
        else:
            peer[_BASELINE] = None
        name = (
            f"complaints-social-media, held-out domains {'/'.join(complaint_rule.REPORT_DOMAINS)}"
            " (evaluation only)"
        )
        return [Row("complaint", name, "F1", ours, peer, len(examples))]

    # --- toxicity ---------------------------------------------------------------------------

    def binary_row(
        self,
        task: str,
        name: str,
        examples: list[ds.Example],
        positive: Callable[[ds.Example], bool],
        score: Callable[[list[Finding]], bool],
        recipe: str = "offensive",
    ) -> Row:
        texts = [e.text for e in examples]
        gold = [positive(e) for e in examples]
        found = _run(["toxicity"], texts)
        ours = metrics.macro_f1(gold, [score(f) for f in found])
        peer: dict[str, float | None] = {"alt-profanity-check": None}
        if self.profanity:
            peer["alt-profanity-check"] = metrics.macro_f1(
                gold, [p >= 0.5 for p in self.profanity(texts)]
            )
        plain = self.tfidf(recipe, texts)
        label = RECIPES[recipe].labels[1]
        peer[_BASELINE] = (
            None if plain is None else metrics.macro_f1(gold, [p == label for p in plain])
        )
        return Row(task, name, "macro-F1", ours, peer, len(texts))

    def offensive_rows(self) -> list[Row]:
        # The other half chose the operating points (`training/toxicity_thresholds.py`).
        examples = ds.dev_half(ds.tweeteval(self.data_dir, "offensive", "val"), tuning=False)
        return [
            self.binary_row(
                "offensive",
                "tweeteval offensive val (report half)",
                examples,
                lambda e: e.label == "offensive",
                _toxic,
            )
        ]

    def hate_rows(self) -> list[Row]:
        examples = ds.dev_half(ds.tweeteval(self.data_dir, "hate", "val"), tuning=False)
        out = [
            self.binary_row(
                "hate",
                "tweeteval hate val (report half)",
                examples,
                lambda e: e.label == "hate",
                _hateful,
                "hate",
            )
        ]
        for lang in ("en", "de", "nl", "fr"):
            try:
                suite = ds.hatecheck(self.data_dir, lang)
            except ds.DatasetMissing:
                continue
            name = f"hatecheck {lang} (test suite)"
            hateful = _labelled("hateful")
            out.append(self.binary_row("hate", name, suite, hateful, _hateful, "hate"))
        return out

    def bullying_rows(self) -> list[Row]:
        examples = ds.cyberbullying(self.data_dir)
        name = "cyberbullying-kaggle (evaluation only)"
        bullying = _not_labelled("not_cyberbullying")
        return [self.binary_row("toxicity", name, examples, bullying, _toxic)]

    def jigsaw_rows(self) -> list[Row]:
        examples = ds.jigsaw(self.data_dir)
        name = "jigsaw sample (100 comments)"
        return [self.binary_row("toxicity", name, examples, _labelled("toxic"), _toxic)]

    # --- personal data ----------------------------------------------------------------------

    def pii_rows(self) -> list[Row]:
        # The tuning half is what the patterns may be adjusted on; this half is reported.
        examples = [
            e for e in ds.presidio_synthetic(self.data_dir) if not ds.in_tuning_half(e.text)
        ]
        texts = [e.text for e in examples]
        gold = [[s for s in e.spans if s[0] in peers.PRESIDIO_ENTITIES] for e in examples]
        found = _run(["personal_data"], texts)
        ours_spans = [
            [(f.kind, f.start, f.end) for f in fs if f.kind in peers.PRESIDIO_ENTITIES]
            for fs in found
        ]
        out = [_span_row("ours", gold, ours_spans, len(examples))]
        if self.presidio:
            theirs = [self.presidio(t) for t in texts]
            out.append(_span_row("Presidio patterns", gold, theirs, len(examples)))
        return out

    def note_missing_peers(self) -> None:
        installed = (
            ("vaderSentiment", self.vader),
            ("alt-profanity-check", self.profanity),
            ("presidio-analyzer", self.presidio),
        )
        missing = [name for name, peer in installed if not peer]
        if self.with_peers and missing:
            self.skipped.append(
                f"peers not installed ({', '.join(missing)}): pip install -e '.[bench]'"
            )


def _labelled(label: str) -> Callable[[ds.Example], bool]:
    return lambda e: e.label == label


def _not_labelled(label: str) -> Callable[[ds.Example], bool]:
    return lambda e: e.label != label


def _toxic(findings: list[Finding]) -> bool:
    return _head(findings, "toxicity").kind == "toxic"


def _hateful(findings: list[Finding]) -> bool:
    return any(f.analyzer == "toxicity" and f.kind == "identity_attack" for f in findings)


def evaluate(data_dir: Path, *, with_peers: bool = True) -> tuple[list[Row], list[str]]:
    run = _Evaluator(data_dir, with_peers=with_peers)
    rows: list[Row] = []
    for name, make in (
        ("language", run.language_rows),
        ("sentiment", run.sentiment_rows),
        ("complaint", run.complaint_rows),
        ("offensive", run.offensive_rows),
        ("hate", run.hate_rows),
        ("bullying", run.bullying_rows),
        ("jigsaw", run.jigsaw_rows),
        ("personal data", run.pii_rows),
    ):
        _guard(rows, run.skipped, name, make)
    run.note_missing_peers()
    return rows, run.skipped


def _span_row(
    who: str,
    gold: list[list[tuple[str, int, int]]],
    predicted: list[list[tuple[str, int, int]]],
    n_rows: int,
) -> Row:
    precision, recall, f2 = span_scores(gold, predicted)
    return Row(
        "personal data",
        f"presidio-synthetic held-out half ({who}; e-mail, phone, card, IBAN, IP)",
        "P / R / F2",
        f"{precision:.2f} / {recall:.2f} / {f2:.2f}",
        {},
        n_rows,
    )


def personal_data_scores(examples: Sequence[ds.SpanExample]) -> tuple[float, float, float]:
    """Precision, recall and F2 of our structured personal-data spans on `examples`."""
    gold = [[s for s in e.spans if s[0] in peers.PRESIDIO_ENTITIES] for e in examples]
    found = _run(["personal_data"], [e.text for e in examples])
    spans = [
        [(f.kind, f.start, f.end) for f in fs if f.kind in peers.PRESIDIO_ENTITIES] for fs in found
    ]
    return span_scores(gold, spans)


def span_scores(
    gold: list[list[tuple[str, int, int]]], predicted: list[list[tuple[str, int, int]]]
) -> tuple[float, float, float]:
    """A predicted span counts when it overlaps a gold span of the same type."""
    tp = fp = fn = 0
    for gold_spans, spans in zip(gold, predicted, strict=True):
        matched: set[int] = set()
        for kind, start, end in spans:
            hit = next(
                (
                    i
                    for i, (gk, gs, ge) in enumerate(gold_spans)
                    if gk == kind and start < ge and gs < end and i not in matched
                ),
                None,
            )
            if hit is None:
                fp += 1
            else:
                tp += 1
                matched.add(hit)
        fn += len(gold_spans) - len(matched)
    return metrics.precision_recall_f2(tp, fp, fn)


def format_table(rows: list[Row], skipped: list[str]) -> str:
    peer_names = list(dict.fromkeys(name for row in rows for name in row.peers))
    header = ["task", "dataset", "rows", "metric", "socialgov", *peer_names]
    lines = [header]
    for row in rows:
        ours = f"{row.ours:.3f}" if isinstance(row.ours, float) else row.ours
        cells = [row.task, row.dataset, str(row.rows), row.metric, ours]
        for name in peer_names:
            if name not in row.peers:
                cells.append("")
            else:
                value = row.peers[name]
                cells.append("—" if value is None else f"{value:.3f}")
        lines.append(cells)
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    text = [" | ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) for line in lines]
    text.insert(1, "-+-".join("-" * w for w in widths))
    text.extend(f"skipped: {note}" for note in skipped)
    return "\n".join(text)
