"""Readers for the development data sets (see the data folder's README for licences).

Each reader returns plain `Example`s, so training, evaluation and tests share them. Readers
never guess: a missing folder raises `DatasetMissing`, which callers report and skip.
"""

from __future__ import annotations

import csv
import json
import os
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

# The project's checkout sits beside `shared/data` on the development machines (`../shared/data`).
_REPOSITORY = Path(__file__).resolve().parents[4]
DEFAULT_DATA_DIR = Path(
    os.environ.get("SOCIALGOV_DEV_DATA_DIR", str(_REPOSITORY.parent / "shared" / "data"))
)

XLMT_LANGUAGES = {
    "english": "en",
    "french": "fr",
    "german": "de",
    "italian": "it",
    "portuguese": "pt",
    "spanish": "es",
}
SENTIMENT_LABELS = ("negative", "neutral", "positive")


class DatasetMissing(FileNotFoundError):
    """A development data set is not present in the data folder."""


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    label: str
    lang: str


def _require(path: Path) -> Path:
    if not path.exists():
        raise DatasetMissing(str(path))
    return path


def _lines(path: Path) -> list[str]:
    return _require(path).read_text(encoding="utf-8").splitlines()


def _paired(text_path: Path, label_path: Path, names: dict[str, str], lang: str) -> list[Example]:
    texts = _lines(text_path)
    labels = _lines(label_path)
    if len(texts) != len(labels):
        raise ValueError(f"{text_path}: {len(texts)} texts but {len(labels)} labels")
    return [Example(t, names[lab.strip()], lang) for t, lab in zip(texts, labels, strict=True)]


def xlmt_sentiment(data_dir: Path, language: str, split: str) -> list[Example]:
    folder = data_dir / "xlm-t-multilingual-sentiment" / language
    names = {"0": "negative", "1": "neutral", "2": "positive"}
    return _paired(
        folder / f"{split}_text.txt",
        folder / f"{split}_labels.txt",
        names,
        XLMT_LANGUAGES[language],
    )


def tweeteval(data_dir: Path, task: str, split: str) -> list[Example]:
    folder = data_dir / "tweeteval" / task
    mapping = {}
    for line in _lines(folder / "mapping.txt"):
        key, name = line.split("\t") if "\t" in line else line.split(maxsplit=1)
        mapping[key.strip()] = name.strip()
    return _paired(folder / f"{split}_text.txt", folder / f"{split}_labels.txt", mapping, "en")


# XED emotions mapped to polarity; anticipation and surprise say nothing about polarity.
_XED_POLARITY = {
    "1": "negative",
    "3": "negative",
    "4": "negative",
    "6": "negative",
    "5": "positive",
    "8": "positive",
}


def xed_polarity(data_dir: Path, lang: str) -> list[Example]:
    name = "en-annotated.tsv" if lang == "en" else f"{lang}-projections.tsv"
    examples = []
    for line in _lines(data_dir / "xed-emotion-nl-fr" / name):
        if "\t" not in line:
            continue
        text, raw = line.rsplit("\t", 1)
        polarities = {_XED_POLARITY.get(code.strip()) for code in raw.split(",")} - {None}
        if len(polarities) == 1 and len(text) > 3:
            examples.append(Example(text, str(polarities.pop()), lang))
    return examples


def xed_texts(data_dir: Path, lang: str) -> list[str]:
    name = "en-annotated.tsv" if lang == "en" else f"{lang}-projections.tsv"
    return [line.rsplit("\t", 1)[0] for line in _lines(data_dir / "xed-emotion-nl-fr" / name)]


def _csv_rows(
    path: Path, delimiter: str = ",", raw_quotes: bool = False
) -> Iterator[dict[str, str]]:
    with _require(path).open(encoding="utf-8", newline="") as handle:
        if raw_quotes:
            yield from csv.DictReader(handle, delimiter=delimiter, quoting=csv.QUOTE_NONE)
        else:
            yield from csv.DictReader(handle, delimiter=delimiter)


def olid(data_dir: Path) -> list[Example]:
    path = data_dir / "olid-offenseval2019" / "olid-training-v1.0.tsv"
    return [
        Example(row["tweet"], "offensive" if row["subtask_a"] == "OFF" else "not", "en")
        for row in _csv_rows(path, delimiter="\t", raw_quotes=True)
    ]


def davidson(data_dir: Path) -> list[Example]:
    names = {"0": "hate", "1": "offensive", "2": "neither"}
    path = data_dir / "davidson-hate-offensive" / "labeled_data.csv"
    return [Example(row["tweet"], names[row["class"]], "en") for row in _csv_rows(path)]


def mlma(data_dir: Path, lang: str) -> list[Example]:
    name = "en_dataset_with_stop_words.csv" if lang == "en" else f"{lang}_dataset.csv"
    path = data_dir / "mlma-hate-speech" / name
    return [Example(row["tweet"], row["sentiment"], lang) for row in _csv_rows(path)]


def hatecheck(data_dir: Path, lang: str) -> list[Example]:
    if lang == "en":
        path = data_dir / "hatecheck-en" / "test_suite_cases.csv"
    else:
        names = {"nl": "dutch", "fr": "french", "de": "german"}
        path = data_dir / "multilingual-hatecheck" / f"hatecheck_cases_final_{names[lang]}.csv"
    return [Example(row["test_case"].strip(), row["label_gold"], lang) for row in _csv_rows(path)]


def complaints(data_dir: Path, domains: Iterable[str] | None = None) -> list[Example]:
    """Evaluation only: no licence stated upstream. With `domains`, only those domains
    (apparel, electronics, food, services, software, random_tweet, random_reply)."""
    path = _require(data_dir / "complaints-social-media" / "complaints-data.csv")
    wanted = None if domains is None else frozenset(domains)
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Example(row[1], "complaint" if row[2] == "1" else "not", "en")
            for row in csv.reader(handle)
            if len(row) >= 4 and (wanted is None or row[3] in wanted)
        ]


def dutch_polarity(data_dir: Path) -> list[Example]:
    """Evaluation only: no licence stated upstream."""
    path = data_dir / "dutch-political-tweets-polarity" / "gold-polarity.csv"
    return [Example(row["content"].strip(), row["polarity"], "nl") for row in _csv_rows(path)]


def cyberbullying(data_dir: Path) -> list[Example]:
    """Evaluation only: no licence stated upstream."""
    path = data_dir / "cyberbullying-classification-kaggle" / "cyberbullying_tweets.csv"
    return [Example(row["tweet_text"], row["cyberbullying_type"], "en") for row in _csv_rows(path)]


def jigsaw(data_dir: Path) -> list[Example]:
    path = data_dir / "jigsaw-toxic-sample" / "test_examples.csv"
    out = []
    for row in _csv_rows(path):
        toxic = any(
            row.get(k) == "1"
            for k in ("toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate")
        )
        out.append(Example(row.get("comment_text", ""), "toxic" if toxic else "not", "en"))
    return out


@dataclass(frozen=True, slots=True)
class SpanExample:
    text: str
    spans: tuple[tuple[str, int, int], ...]


def presidio_synthetic(data_dir: Path) -> list[SpanExample]:
    path = _require(data_dir / "presidio-synthetic-pii" / "synth_dataset_v2.json")
    rows = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for row in rows:
        spans = tuple(
            (s["entity_type"], int(s["start_position"]), int(s["end_position"]))
            for s in row["spans"]
        )
        out.append(SpanExample(row["full_text"], spans))
    return out


def in_tuning_half(text: str) -> bool:
    """Which of two fixed halves of a dev split a text is in, by a stable hash: thresholds are
    chosen on the tuning half and `socialgov evaluate` reports the other, so no reported row
    was used for choosing."""
    return zlib.crc32(text.encode("utf-8")) % 2 == 0


def dev_half(examples: list[Example], *, tuning: bool) -> list[Example]:
    return [e for e in examples if in_tuning_half(e.text) == tuning]
