"""Training module content and quiz scoring. Pure Python: plain data in, results out.

A module is lessons (Markdown per language) and a quiz of single- and multiple-choice
questions with a pass mark. Parsing refuses a module with a missing translation, a question
without a correct answer or a single-choice question with several; scoring refuses answers to
questions or choices that do not exist. A multiple-choice question counts as right only when
exactly the correct choices are ticked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

LANGUAGES = ("en", "nl", "fr")
SINGLE = "single"
MULTIPLE = "multiple"


class ContentError(ValueError):
    """The module or the answers are not valid; the message says where."""


Texts = dict[str, str]


@dataclass(frozen=True)
class Choice:
    key: str
    text: Texts
    correct: bool


@dataclass(frozen=True)
class Question:
    key: str
    kind: str
    text: Texts
    choices: tuple[Choice, ...]

    @property
    def correct_keys(self) -> frozenset[str]:
        return frozenset(choice.key for choice in self.choices if choice.correct)


@dataclass(frozen=True)
class Lesson:
    key: str
    title: Texts
    body: Texts


@dataclass(frozen=True)
class Module:
    key: str
    version: int
    title: Texts
    summary: Texts
    duration_minutes: int
    pass_mark: int
    lessons: tuple[Lesson, ...]
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class QuizResult:
    correct: int
    total: int
    score: int
    passed: bool
    wrong_questions: tuple[str, ...]


def _texts(value: object, where: str) -> Texts:
    if not isinstance(value, Mapping):
        raise ContentError(f"{where}: expected a text per language ({', '.join(LANGUAGES)})")
    texts = {}
    for language in LANGUAGES:
        text = value.get(language)
        if not isinstance(text, str) or not text.strip():
            raise ContentError(f"{where}: missing {language} translation")
        texts[language] = text.strip()
    extra = sorted(set(value) - set(LANGUAGES))
    if extra:
        raise ContentError(f"{where}: unknown language {extra[0]!r}")
    return texts


def _key(value: object, where: str) -> str:
    # YAML reads a bare yes/no as a boolean: refuse it rather than keying a choice "True".
    if isinstance(value, bool) or not isinstance(value, str | int) or not str(value).strip():
        raise ContentError(f"{where}: missing key")
    return str(value).strip()


def _list(value: object, where: str) -> list[object]:
    if not isinstance(value, list) or not value:
        raise ContentError(f"{where}: expected a non-empty list")
    return value


def parse_question(data: object, where: str) -> Question:
    if not isinstance(data, Mapping):
        raise ContentError(f"{where}: expected a mapping")
    key = _key(data.get("key"), where)
    where = f"{where} {key}"
    kind = data.get("kind", SINGLE)
    if kind not in (SINGLE, MULTIPLE):
        raise ContentError(f"{where}: kind must be single or multiple")
    choices = []
    for index, raw in enumerate(_list(data.get("choices"), f"{where} choices")):
        if not isinstance(raw, Mapping):
            raise ContentError(f"{where} choice {index + 1}: expected a mapping")
        choice_key = _key(raw.get("key"), f"{where} choice {index + 1}")
        correct = raw.get("correct", False)
        if not isinstance(correct, bool):
            raise ContentError(f"{where} choice {choice_key}: correct must be true or false")
        choices.append(
            Choice(choice_key, _texts(raw.get("text"), f"{where} choice {choice_key}"), correct)
        )
    if len(choices) < 2:
        raise ContentError(f"{where}: a question needs at least two choices")
    if len({choice.key for choice in choices}) != len(choices):
        raise ContentError(f"{where}: choice keys must be unique")
    correct_count = sum(choice.correct for choice in choices)
    if correct_count == 0:
        raise ContentError(f"{where}: no correct answer")
    if kind == SINGLE and correct_count > 1:
        raise ContentError(f"{where}: a single-choice question has exactly one correct answer")
    return Question(key, kind, _texts(data.get("text"), where), tuple(choices))


def parse_module(data: object, *, source: str = "module") -> Module:
    if not isinstance(data, Mapping):
        raise ContentError(f"{source}: expected a mapping at the top")
    key = _key(data.get("key"), source)
    try:
        version = int(data.get("version", 1))
        pass_mark = int(data.get("pass_mark", 80))
        duration = int(data.get("duration_minutes", 10))
    except (TypeError, ValueError):
        raise ContentError(
            f"{source}: version, pass_mark and duration_minutes are numbers"
        ) from None
    if not 1 <= pass_mark <= 100:
        raise ContentError(f"{source}: pass_mark is a percentage from 1 to 100")
    lessons = []
    for index, raw in enumerate(_list(data.get("lessons"), f"{source} lessons")):
        if not isinstance(raw, Mapping):
            raise ContentError(f"{source} lesson {index + 1}: expected a mapping")
        lesson_key = _key(raw.get("key"), f"{source} lesson {index + 1}")
        where = f"{source} lesson {lesson_key}"
        lessons.append(
            Lesson(lesson_key, _texts(raw.get("title"), where), _texts(raw.get("body"), where))
        )
    questions = tuple(
        parse_question(raw, f"{source} question {index + 1}")
        for index, raw in enumerate(_list(data.get("quiz"), f"{source} quiz"))
    )
    if len({question.key for question in questions}) != len(questions):
        raise ContentError(f"{source}: question keys must be unique")
    return Module(
        key=key,
        version=version,
        title=_texts(data.get("title"), f"{source} title"),
        summary=_texts(data.get("summary"), f"{source} summary"),
        duration_minutes=duration,
        pass_mark=pass_mark,
        lessons=tuple(lessons),
        questions=questions,
    )


def score_quiz(
    questions: tuple[Question, ...], answers: Mapping[str, object], *, pass_mark: int
) -> QuizResult:
    """Score answers given as {question key: [choice keys]} (a single key may be a string).
    An unanswered question counts as wrong; an unknown question or choice is refused."""
    by_key = {question.key: question for question in questions}
    unknown = sorted(set(map(str, answers)) - set(by_key))
    if unknown:
        raise ContentError(f"no such question: {', '.join(unknown[:5])}")
    correct = 0
    wrong = []
    for question in questions:
        raw = answers.get(question.key, [])
        chosen = [raw] if isinstance(raw, str) else raw
        if not isinstance(chosen, list | tuple) or not all(isinstance(c, str) for c in chosen):
            raise ContentError(f"question {question.key}: answers are choice keys")
        valid = {choice.key for choice in question.choices}
        bad = sorted(set(chosen) - valid)
        if bad:
            raise ContentError(f"question {question.key}: no such choice {bad[0]!r}")
        if question.kind == SINGLE and len(set(chosen)) > 1:
            raise ContentError(f"question {question.key}: choose one answer")
        if frozenset(chosen) == question.correct_keys:
            correct += 1
        else:
            wrong.append(question.key)
    total = len(questions)
    score = round(100 * correct / total) if total else 0
    return QuizResult(correct, total, score, score >= pass_mark, tuple(wrong))


def module_to_data(module: Module) -> dict[str, object]:
    """The JSON stored on the TrainingModule row."""
    return {
        "lessons": [
            {"key": lesson.key, "title": lesson.title, "body": lesson.body}
            for lesson in module.lessons
        ],
        "quiz": [
            {
                "key": q.key,
                "kind": q.kind,
                "text": q.text,
                "choices": [
                    {"key": c.key, "text": c.text, "correct": c.correct} for c in q.choices
                ],
            }
            for q in module.questions
        ],
    }
