"""The maturity model and its scoring. Pure Python: plain data in, results out.

A model has domains (with weights) of questions (with weights). Each question is answered
by choosing one of its choices, each worth a maturity level from 1 (initial) to 5
(optimised); a question without its own choices uses the model's five-level scale. A question
may depend on an earlier one ("only asked when the policy exists": the earlier answer must
reach `min_level`); when the condition does not hold, the question does not count.

Several respondents may answer. Their answers are merged per question into the mean level;
a spread of two levels or more between respondents is a disagreement to discuss.
A domain scores the weighted mean of its counted questions, the whole the weighted mean of
its domains. A counted question below its target level is a gap with a recommended action.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

LANGUAGES = ("en", "nl", "fr")
LEVELS = (1, 2, 3, 4, 5)
DISAGREEMENT_SPREAD = 2

Texts = dict[str, str]


class ModelError(ValueError):
    """The maturity model or the answers are not valid; the message says where."""


@dataclass(frozen=True)
class Choice:
    key: str
    level: int
    text: Texts


@dataclass(frozen=True)
class Condition:
    question: str
    min_level: int


@dataclass(frozen=True)
class Question:
    key: str
    domain: str
    text: Texts
    weight: float
    choices: tuple[Choice, ...]
    target_level: int
    action: Texts
    depends_on: Condition | None = None

    def choice(self, key: str) -> Choice | None:
        return next((choice for choice in self.choices if choice.key == key), None)


@dataclass(frozen=True)
class Domain:
    key: str
    title: Texts
    weight: float
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class MaturityModel:
    key: str
    version: int
    title: Texts
    level_names: dict[int, Texts]
    domains: tuple[Domain, ...]

    def questions(self) -> list[Question]:
        return [question for domain in self.domains for question in domain.questions]

    def question(self, key: str) -> Question | None:
        return next((q for q in self.questions() if q.key == key), None)


def _texts(value: object, where: str) -> Texts:
    if not isinstance(value, Mapping):
        raise ModelError(f"{where}: expected a text per language ({', '.join(LANGUAGES)})")
    texts = {}
    for language in LANGUAGES:
        text = value.get(language)
        if not isinstance(text, str) or not text.strip():
            raise ModelError(f"{where}: missing {language} translation")
        texts[language] = text.strip()
    return texts


def _key(value: object, where: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int) or not str(value).strip():
        raise ModelError(f"{where}: missing key")
    return str(value).strip()


def _weight(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ModelError(f"{where}: weight must be a positive number")
    return float(value)


def _level(value: object, where: str) -> int:
    if isinstance(value, bool) or value not in LEVELS:
        raise ModelError(f"{where}: level must be 1 to 5")
    return int(value)


def _choices(raw: object, where: str) -> tuple[Choice, ...]:
    if not isinstance(raw, list) or len(raw) < 2:
        raise ModelError(f"{where}: at least two choices")
    choices = []
    for index, item in enumerate(raw):
        if not isinstance(item, Mapping):
            raise ModelError(f"{where} choice {index + 1}: expected a mapping")
        key = _key(item.get("key"), f"{where} choice {index + 1}")
        choices.append(
            Choice(
                key,
                _level(item.get("level"), f"{where} choice {key}"),
                _texts(item.get("text"), f"{where} choice {key}"),
            )
        )
    if len({choice.key for choice in choices}) != len(choices):
        raise ModelError(f"{where}: choice keys must be unique")
    return tuple(choices)


def parse_model(data: object, *, source: str = "model") -> MaturityModel:
    if not isinstance(data, Mapping):
        raise ModelError(f"{source}: expected a mapping at the top")
    key = _key(data.get("key"), source)
    try:
        version = int(data.get("version", 1))
    except (TypeError, ValueError):
        raise ModelError(f"{source}: version must be a number") from None
    default_target = _level(data.get("target_level", 3), f"{source} target_level")
    scale = _choices(data.get("scale"), f"{source} scale")
    levels = data.get("levels")
    if isinstance(levels, Mapping):
        # Stored as JSON, the level numbers come back as strings.
        levels = {int(k) if str(k).isdigit() else k: v for k, v in levels.items()}
    if not isinstance(levels, Mapping) or sorted(levels, key=str) != list(LEVELS):
        raise ModelError(f"{source}: levels must name each of the levels 1 to 5")
    level_names = {int(level): _texts(levels[level], f"{source} level {level}") for level in LEVELS}
    raw_domains = data.get("domains")
    if not isinstance(raw_domains, list) or not raw_domains:
        raise ModelError(f"{source}: no domains")
    seen: dict[str, Question] = {}
    domains = []
    for index, raw in enumerate(raw_domains):
        if not isinstance(raw, Mapping):
            raise ModelError(f"{source} domain {index + 1}: expected a mapping")
        domain_key = _key(raw.get("key"), f"{source} domain {index + 1}")
        where = f"{source} domain {domain_key}"
        raw_questions = raw.get("questions")
        if not isinstance(raw_questions, list) or not raw_questions:
            raise ModelError(f"{where}: no questions")
        questions = []
        for q_index, item in enumerate(raw_questions):
            if not isinstance(item, Mapping):
                raise ModelError(f"{where} question {q_index + 1}: expected a mapping")
            q_key = _key(item.get("key"), f"{where} question {q_index + 1}")
            q_where = f"{where} question {q_key}"
            if q_key in seen:
                raise ModelError(f"{q_where}: question keys must be unique in the model")
            condition = None
            depends = item.get("depends_on")
            if depends is not None:
                if not isinstance(depends, Mapping):
                    raise ModelError(f"{q_where}: depends_on names a question and a min_level")
                parent = _key(depends.get("question"), f"{q_where} depends_on")
                if parent not in seen:
                    raise ModelError(
                        f"{q_where}: depends on {parent!r}, which is not asked before it"
                    )
                condition = Condition(
                    parent, _level(depends.get("min_level"), f"{q_where} depends_on")
                )
            question = Question(
                key=q_key,
                domain=domain_key,
                text=_texts(item.get("text"), q_where),
                weight=_weight(item.get("weight", 1), q_where),
                choices=_choices(item["choices"], q_where) if "choices" in item else scale,
                target_level=_level(item.get("target_level", default_target), q_where),
                action=_texts(item.get("action"), f"{q_where} action"),
                depends_on=condition,
            )
            seen[q_key] = question
            questions.append(question)
        domains.append(
            Domain(
                key=domain_key,
                title=_texts(raw.get("title"), where),
                weight=_weight(raw.get("weight", 1), where),
                questions=tuple(questions),
            )
        )
    if len({domain.key for domain in domains}) != len(domains):
        raise ModelError(f"{source}: domain keys must be unique")
    return MaturityModel(
        key, version, _texts(data.get("title"), f"{source} title"), level_names, tuple(domains)
    )


@dataclass(frozen=True)
class MergedAnswer:
    question: str
    levels: tuple[int, ...]

    @property
    def level(self) -> float:
        return sum(self.levels) / len(self.levels)

    @property
    def disagreement(self) -> bool:
        return max(self.levels) - min(self.levels) >= DISAGREEMENT_SPREAD


def merge_answers(
    model: MaturityModel, answers: Mapping[Any, Mapping[str, str]]
) -> dict[str, MergedAnswer]:
    """Merge {respondent: {question key: choice key}} into one answer per question."""
    levels: dict[str, list[int]] = {}
    for respondent, given in answers.items():
        for question_key, choice_key in given.items():
            question = model.question(question_key)
            if question is None:
                raise ModelError(f"{respondent}: no such question {question_key!r}")
            choice = question.choice(choice_key)
            if choice is None:
                raise ModelError(
                    f"{respondent}: question {question_key!r} has no choice {choice_key!r}"
                )
            levels.setdefault(question_key, []).append(choice.level)
    return {key: MergedAnswer(key, tuple(values)) for key, values in levels.items()}


def applies(question: Question, merged: Mapping[str, MergedAnswer]) -> bool:
    """Whether the question counts, given the (merged) answer to the one it depends on."""
    if question.depends_on is None:
        return True
    parent = merged.get(question.depends_on.question)
    return parent is not None and parent.level >= question.depends_on.min_level


@dataclass(frozen=True)
class Gap:
    question: str
    domain: str
    level: float
    target_level: int
    text: Texts
    action: Texts

    @property
    def shortfall(self) -> float:
        return round(self.target_level - self.level, 2)


@dataclass(frozen=True)
class DomainScore:
    domain: str
    title: Texts
    score: float | None
    answered: int
    applicable: int


@dataclass(frozen=True)
class Result:
    overall: float | None
    domains: tuple[DomainScore, ...]
    gaps: tuple[Gap, ...]
    unanswered: tuple[str, ...]
    disagreements: tuple[MergedAnswer, ...]
    respondents: int = 0
    extra: dict[str, object] = field(default_factory=dict)

    def domain(self, key: str) -> DomainScore | None:
        return next((d for d in self.domains if d.domain == key), None)


def _weighted_mean(pairs: list[tuple[float, float]]) -> float | None:
    total = sum(weight for _value, weight in pairs)
    if not total:
        return None
    return round(sum(value * weight for value, weight in pairs) / total, 2)


def score(
    model: MaturityModel, merged: Mapping[str, MergedAnswer], *, respondents: int = 0
) -> Result:
    domain_scores = []
    gaps = []
    unanswered = []
    domain_pairs = []
    for domain in model.domains:
        pairs = []
        applicable = 0
        for question in domain.questions:
            if not applies(question, merged):
                continue
            applicable += 1
            answer = merged.get(question.key)
            if answer is None:
                unanswered.append(question.key)
                continue
            pairs.append((answer.level, question.weight))
            if answer.level < question.target_level:
                gaps.append(
                    Gap(
                        question.key,
                        domain.key,
                        round(answer.level, 2),
                        question.target_level,
                        question.text,
                        question.action,
                    )
                )
        value = _weighted_mean(pairs)
        domain_scores.append(DomainScore(domain.key, domain.title, value, len(pairs), applicable))
        if value is not None:
            domain_pairs.append((value, domain.weight))
    gaps.sort(key=lambda gap: (-gap.shortfall, gap.domain, gap.question))
    return Result(
        overall=_weighted_mean(domain_pairs),
        domains=tuple(domain_scores),
        gaps=tuple(gaps),
        unanswered=tuple(unanswered),
        disagreements=tuple(a for a in merged.values() if a.disagreement),
        respondents=respondents,
    )


@dataclass(frozen=True)
class Change:
    key: str
    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 2)

    @property
    def direction(self) -> str:
        delta = self.delta
        if delta is None:
            return "new" if self.before is None else "dropped"
        return "improved" if delta > 0 else "slipped" if delta < 0 else "same"


def compare(before: Mapping[str, float | None], after: Mapping[str, float | None]) -> list[Change]:
    """Domain (or question) scores of an earlier and a later assessment, side by side."""
    keys = list(after) + [key for key in before if key not in after]
    return [Change(key, before.get(key), after.get(key)) for key in keys]
