"""Loading a question bank: YAML files to validated, cross-checked `Question` models.

Every problem found is collected and reported together as `file:line: id: message`, so an author
fixes a file in one pass. Checks that need more than one question (duplicate ids, syllabus ids,
generators) live here; the per-question shape lives in `schema.py`.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from trainer.bank.errors import AnswerError, BankError, Problem
from trainer.bank.expr import evaluate, parse, sample_points
from trainer.bank.layout import section_path
from trainer.bank.resources import bank_dir, syllabus_path
from trainer.bank.schema import (
    MODEL_BY_KIND,
    ItemSet,
    NumericQuestion,
    Question,
)
from trainer.bank.syllabus import Syllabus, SyllabusFile
from trainer.bank.units import named_in
from trainer.bank.variants import make_variant
from trainer.bank.yamlio import LineDict, line_of, load_yaml, yaml_error_line

# `bank validate` renders each parametric question for several seeds to catch template and
# generator mistakes; loading for a session renders one (the test suite renders twenty).
VALIDATION_SEEDS = range(8)
LOAD_SEEDS = range(1)


@dataclass(frozen=True)
class Bank:
    questions: dict[str, Question]
    syllabus: Syllabus
    files: dict[str, str] = field(default_factory=dict)  # question id -> file it came from
    sets: dict[str, tuple[str, ...]] = field(default_factory=dict)  # set id -> its item ids
    # A merged question's former id -> the id of the question it was merged into (`aliases:`).
    aliases: dict[str, str] = field(default_factory=dict)

    def resolve(self, question_id: str) -> str:
        """The live id for an id a learner or a database names: an alias becomes its survivor,
        any other id stays as it is (known or not: the caller says what an unknown one means)."""
        return self.aliases.get(question_id, question_id)

    def question(self, question_id: str) -> Question | None:
        """The question with this id or alias, None if there is none."""
        return self.questions.get(self.resolve(question_id))

    def by_topic(self, prefix: str) -> list[Question]:
        return [q for q in self.questions.values() if q.topic.startswith(prefix)]


def display_path(path: Path) -> str:
    """Paths in messages are relative to the working directory when that is shorter."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return relative if not relative.startswith("../..") else str(path)


def bank_files(paths: Iterable[Path]) -> list[Path]:
    """YAML question files under the given files and directories (syllabus.yaml excluded)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(p for p in sorted(path.rglob("*.yaml")) if p.name != "syllabus.yaml")
        else:
            found.append(path)
    return found


def _pydantic_problems(
    error: ValidationError,
    data: Any,
    file: str,
    base_line: int,
    qid: str,
    prefix: tuple[Any, ...] = (),
) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False):
        loc = (*prefix, *item["loc"])
        where = ".".join(str(part) for part in loc)
        message = item["msg"]
        if item["type"] == "missing":
            message = "field required"
        elif item["type"] == "extra_forbidden":
            message = "unknown field"
        line = line_of(data, loc, base_line)
        problems.append(Problem(file, line, qid, f"{where}: {message}" if where else message))
    return problems


def load_syllabus(path: Path | None = None) -> Syllabus:
    path = path or syllabus_path()
    name = display_path(path)
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BankError(
            [Problem(name, 1, "", f"cannot read the syllabus: {exc.strerror}")]
        ) from None
    except yaml.YAMLError as exc:
        raise BankError([Problem(name, yaml_error_line(exc), "", f"YAML: {exc}")]) from None
    try:
        return Syllabus.from_file(SyllabusFile.model_validate(data))
    except ValidationError as exc:
        raise BankError(_pydantic_problems(exc, data, name, 1, "syllabus")) from None
    except ValueError as exc:
        raise BankError([Problem(name, 1, "syllabus", str(exc))]) from None


SAMPLE_LIMIT_S = 5.0  # one variant; the slowest shipped generator takes milliseconds


class SampleTimeout(Exception):
    """A variant took longer than `SAMPLE_LIMIT_S`: a generator looping on impossible params."""


@contextmanager
def sample_deadline(seconds: float) -> Iterator[None]:
    """Interrupt the block after `seconds` (in the main thread, where signals arrive; elsewhere
    the block runs unbounded, as bank loading in a worker thread only meets checked banks)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(
        signal, "setitimer"
    ):
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        raise SampleTimeout

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _Collector:
    """Validates questions one by one, keeping every problem and where each id was first seen."""

    def __init__(self, syllabus: Syllabus, seeds: range = VALIDATION_SEEDS) -> None:
        self.syllabus = syllabus
        self.seeds = seeds
        self.problems: list[Problem] = []
        self.questions: dict[str, Question] = {}
        self.files: dict[str, str] = {}
        self.sets: dict[str, tuple[str, ...]] = {}
        self.first_seen: dict[str, tuple[str, int]] = {}
        self.alias_claims: dict[str, tuple[str, str, int]] = {}  # alias -> (survivor, file, line)

    def add_file(self, path: Path) -> None:
        name = display_path(path)
        try:
            data = load_yaml(path.read_text(encoding="utf-8"))
        except OSError as exc:
            self.problems.append(Problem(name, 1, "", f"cannot read file: {exc.strerror}"))
            return
        except UnicodeDecodeError:
            self.problems.append(Problem(name, 1, "", "not UTF-8 text"))
            return
        except yaml.YAMLError as exc:
            detail = getattr(exc, "problem", None) or str(exc)
            self.problems.append(Problem(name, yaml_error_line(exc), "", f"YAML: {detail}"))
            return
        if data is None:
            return
        if not isinstance(data, list):
            self.problems.append(
                Problem(name, 1, "", "expected a list of questions at the top level")
            )
            return
        for index, raw in enumerate(data):
            if isinstance(raw, LineDict) and "set" in raw:
                self.add_set(name, index, raw)
            else:
                self.add_question(name, index, raw)

    def add_set(self, file: str, index: int, raw: LineDict) -> None:
        """An item set: each item is checked as a question that carries the set's stem."""
        raw_id = raw.get("set")
        set_id = raw_id if isinstance(raw_id, str) else f"#{index + 1}"
        try:
            item_set = ItemSet.model_validate(raw)
        except ValidationError as exc:
            self.problems.extend(_pydantic_problems(exc, raw, file, raw.line, set_id))
            return
        if set_id in self.sets or set_id in self.first_seen:
            self.problems.append(Problem(file, raw.line, set_id, "set: duplicate id"))
            return
        ids: list[str] = []
        for number, item in enumerate(raw.get("items") or []):
            if not isinstance(item, LineDict):
                self.problems.append(
                    Problem(file, raw.line, set_id, f"items[{number}]: not a mapping")
                )
                continue
            for key in ("item_set", "stem", "stem_listing"):
                if key in item:
                    self.problems.append(
                        Problem(
                            file, item.line, set_id, f"items[{number}]: '{key}' comes from the set"
                        )
                    )
            item["item_set"] = item_set.set
            item["stem"] = item_set.stem.model_dump()
            if item_set.listing is not None:
                item["stem_listing"] = item_set.listing
            before = len(self.questions)
            self.add_question(file, index, item)
            if len(self.questions) > before and isinstance(item.get("id"), str):
                ids.append(item["id"])
        self.sets[set_id] = tuple(ids)

    def add_question(self, file: str, index: int, raw: Any) -> None:
        if not isinstance(raw, LineDict):
            self.problems.append(
                Problem(file, 1, "", f"item {index + 1}: expected a mapping (a question)")
            )
            return
        raw_id = raw.get("id")
        qid: str = raw_id if isinstance(raw_id, str) else f"#{index + 1}"
        line = raw.line

        def problem(message: str, key: str | None = None) -> None:
            at = raw.key_lines.get(key, line) if key else line
            self.problems.append(Problem(file, at, qid, message))

        if isinstance(raw_id, str):
            if qid in self.first_seen:
                first_file, first_line = self.first_seen[qid]
                problem(f"duplicate id (first defined at {first_file}:{first_line})", "id")
            else:
                self.first_seen[qid] = (file, raw.key_lines.get("id", line))
        kind = raw.get("kind")
        model = MODEL_BY_KIND.get(kind) if isinstance(kind, str) else None
        if model is None:
            problem(f"kind: expected one of {', '.join(MODEL_BY_KIND)}, got {kind!r}", "kind")
            return
        try:
            question: Question = model.model_validate(raw)  # type: ignore[assignment]
        except ValidationError as exc:
            self.problems.extend(_pydantic_problems(exc, raw, file, line, qid))
            return
        self._claim_aliases(question, file, raw.key_lines.get("aliases", line), problem)
        from trainer.bank.generators import GENERATORS  # here: a cached bank never needs them

        before = len(self.problems)
        self._check_links(question, raw, problem)
        if question.generator is not None and question.generator in GENERATORS:
            self._check_generator(question, raw, file, problem)
        if len(self.problems) == before:
            self._check_variants(question, problem)
        if len(self.problems) == before:
            question = self._placed(question, raw, problem)
        if len(self.problems) == before and qid not in self.questions:
            self.questions[qid] = question
            self.files[qid] = file

    def _claim_aliases(self, question: Question, file: str, line: int, problem: Any) -> None:
        """Each alias names one survivor; whether it is also a live id is known only once every
        file is read (`alias_problems`)."""
        for alias in question.aliases or ():
            claimed = self.alias_claims.get(alias)
            if claimed is not None:
                survivor, first_file, first_line = claimed
                problem(
                    f"aliases: '{alias}' is already an alias of '{survivor}' "
                    f"({first_file}:{first_line})",
                    "aliases",
                )
                continue
            self.alias_claims[alias] = (question.id, file, line)

    def alias_problems(self) -> list[Problem]:
        """An alias must not be the id of a question or a set: reviews under it would be
        claimed by two questions."""
        problems = []
        for alias, (survivor, file, line) in self.alias_claims.items():
            if alias in self.first_seen:
                first_file, first_line = self.first_seen[alias]
                what = f"a question's id ({first_file}:{first_line})"
            elif alias in self.sets:
                what = "a set's id"
            else:
                continue
            problems.append(Problem(file, line, survivor, f"aliases: '{alias}' is {what}"))
        return problems

    def aliases(self) -> dict[str, str]:
        """alias -> survivor, for the survivors that loaded."""
        return {
            alias: survivor
            for alias, (survivor, _, _) in self.alias_claims.items()
            if survivor in self.questions
            and alias not in self.first_seen
            and alias not in self.sets
        }

    def _placed(self, question: Question, raw: LineDict, problem: Any) -> Question:
        """The question with its topic: its syllabus section's path; a `topic` written in the
        YAML becomes `legacy_topic`, an alias `--topic` keeps accepting."""
        if "legacy_topic" in raw:
            problem("legacy_topic: set by the loader from 'topic'; write 'topic' instead")
            return question
        try:
            derived = section_path(self.syllabus, question.syllabus)
        except (KeyError, ValueError):  # a syllabus without slugs: the YAML's path is the topic
            if not question.topic:
                problem("topic: required (this syllabus names no sections with slugs)", "topic")
            return question
        update = {"topic": derived, "legacy_topic": question.topic or None}
        return question.model_copy(update=update)

    def _check_links(self, question: Question, raw: LineDict, problem: Any) -> None:
        from trainer.bank.generators import GENERATORS

        entry = self.syllabus.entries.get(question.syllabus)
        if entry is None:
            problem(f"syllabus: unknown syllabus id '{question.syllabus}'", "syllabus")
        elif entry.area != question.area:
            problem(
                f"area: '{question.area.value}' does not match syllabus {entry.id}, "
                f"which scores under '{entry.area.value}'",
                "area",
            )
        if question.source.seed not in self.syllabus.seeds:
            known = ", ".join(sorted(self.syllabus.seeds))
            problem(
                f"source.seed: unknown seed file '{question.source.seed}' (known: {known})",
                "source",
            )
        if question.generator is not None and question.generator not in GENERATORS:
            known = ", ".join(sorted(GENERATORS))
            problem(
                f"generator: unknown generator '{question.generator}' (known: {known})", "generator"
            )

    def _check_generator(self, question: Question, raw: LineDict, file: str, problem: Any) -> None:
        from trainer.bank.generators import GENERATORS

        assert question.generator is not None
        spec = GENERATORS[question.generator]
        if spec.kind != question.kind:
            problem(
                f"generator '{spec.name}' makes {spec.kind} questions, not {question.kind}", "kind"
            )
        try:
            spec.parse_config(question.params)
        except ValidationError as exc:
            self.problems.extend(
                _pydantic_problems(exc, raw, file, raw.line, question.id, ("params",))
            )
        if isinstance(question, NumericQuestion):
            for slip in question.slips:
                if slip.id not in spec.slips:
                    known = ", ".join(sorted(spec.slips)) or "none"
                    problem(
                        f"slips: generator '{spec.name}' cannot compute slip '{slip.id}' "
                        f"(known: {known})",
                        "slips",
                    )

    def _check_variants(self, question: Question, problem: Any) -> None:
        """Render a few variants: catches template typos and answers that cannot be checked."""
        if isinstance(question, NumericQuestion) and question.generator is None:
            assert question.answer is not None
            for slip in question.slips:
                assert slip.value is not None
                if question.tolerance.accepts(question.answer, slip.value):
                    problem(f"slips: slip '{slip.id}' equals the answer within tolerance", "slips")
        seeds = self.seeds if question.parametric else range(1)
        for seed in seeds:
            try:
                with sample_deadline(SAMPLE_LIMIT_S):
                    variant = make_variant(question, seed)
            except KeyError as exc:
                problem(f"template: unknown placeholder {{{exc.args[0]}}} (seed {seed})", "prompt")
                return
            except SampleTimeout:
                problem(
                    f"generator: no variant within {SAMPLE_LIMIT_S:g} s for seed {seed} "
                    "(do these params allow any draw?)",
                    "params",
                )
                return
            except Exception as exc:  # a generator's or a template's fault, never a traceback
                problem(
                    f"template or generator failed for seed {seed}: {type(exc).__name__}: {exc}",
                    "prompt",
                )
                return
            if variant.kind == "expression":
                assert variant.expression is not None
                if not self._expression_ok(variant.expression, variant.symbols, problem, seed):
                    return
            if variant.unit is not None and not named_in(
                variant.unit, variant.prompt.en + variant.prompt.ja
            ):
                problem(f"unit: the prompt does not name '{variant.unit}' (seed {seed})", "unit")
                return

    @staticmethod
    def _expression_ok(
        expression: str, symbols: dict[str, tuple[float, float]], problem: Any, seed: int
    ) -> bool:
        try:
            node = parse(expression, symbols)
        except AnswerError as exc:
            problem(f"answer: {exc} (seed {seed})", "answer")
            return False
        for point in sample_points(symbols, 8):
            try:
                evaluate(node, point)
                return True
            except (ArithmeticError, ValueError):
                continue
        problem("symbols: the answer is undefined everywhere in the declared intervals", "symbols")
        return False


def _roots(paths: Sequence[Path] | None) -> list[Path]:
    return list(paths) if paths else [bank_dir()]


def _syllabus_file(roots: Sequence[Path]) -> Path:
    """The syllabus a bank is checked against: the first root's own, else the shipped one."""
    local = [p / "syllabus.yaml" for p in roots if p.is_dir() and (p / "syllabus.yaml").is_file()]
    return local[0] if local else syllabus_path()


def collect(
    paths: Sequence[Path] | None = None,
    syllabus: Syllabus | None = None,
    seeds: range = VALIDATION_SEEDS,
) -> tuple[Bank, list[Problem]]:
    """Load what can be loaded and return it with every problem found (for `bank validate`)."""
    roots = _roots(paths)
    if syllabus is None:
        syllabus = load_syllabus(_syllabus_file(roots))
    collector = _Collector(syllabus, seeds)
    files = bank_files(roots)
    for root in roots:
        if not root.exists():
            collector.problems.append(
                Problem(display_path(root), 1, "", "no such file or directory")
            )
    for path in files:
        collector.add_file(path)
    collector.problems.extend(collector.alias_problems())
    bank = Bank(collector.questions, syllabus, collector.files, collector.sets, collector.aliases())
    return bank, sorted(collector.problems)


def load_bank(paths: Sequence[Path] | None = None) -> Bank:
    """The bank at `paths` (default: the shipped one). Raises `BankError` listing every problem.

    Served from the cache (`trainer.bank.cache`) when no input changed since it was checked."""
    from trainer.bank import cache

    key = None
    if cache.cache_dir() is not None:  # off: not even the files are read for the key
        roots = _roots(paths)
        key = cache.fingerprint([*bank_files(roots), _syllabus_file(roots)])
        cached = cache.read(key)
        if cached is not None:
            return cached
    bank, problems = collect(paths, seeds=LOAD_SEEDS)
    if problems:
        raise BankError(problems)
    if key is not None:
        cache.write(key, bank)
    return bank
