"""A faulty bank is a list of `file:line: id: message` problems (issue 17, "Banks"): a generator
that divides by zero, loops forever on params that allow no draw, or raises, and a template that
indexes a string, are each reported with a time limit per sample, never a traceback or a hang."""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from trainer.bank import loader
from trainer.bank.generators.registry import GENERATORS, Generated, GeneratorConfig, generator
from trainer.bank.loader import collect
from trainer.bank.resources import syllabus_path

QUESTION = """\
- id: {id}
  syllabus: "3-4-1"
  area: deep_learning
  kind: numeric
  difficulty: 1
  source: {{seed: 003_494dc364992eefb7.txt, section: "test"}}
  generator: {generator}
  params: {params}
  tolerance: {{abs: 0, rel: 0}}
  prompt: {{ja: "{prompt}", en: "H={{H}}"}}
  explanation: {{ja: "{{answer}}", en: "{{answer}}"}}
"""


class _Nothing(GeneratorConfig):
    pass


@pytest.fixture(scope="module", autouse=True)
def raising_generator() -> Iterator[None]:
    """A generator that raises, registered for these tests only (the registry is global)."""

    @generator("test-raises", kind="numeric", config=_Nothing)
    def _raises(rng: random.Random, config: _Nothing) -> Generated:
        raise RuntimeError("the generator broke")

    yield
    del GENERATORS["test-raises"]


@pytest.mark.parametrize(
    ("generator_name", "params", "prompt", "message"),
    [
        ("conv-output-size", "{S: [0]}", "H={H}", "ZeroDivisionError"),
        (
            "conv-output-size",
            "{H: [10, 10], FH: [3], P: [0, 0], S: [4], divisible: true}",
            "H={H}",
            "no variant within",
        ),
        ("conv-output-size", "{}", "H={H[x]}", "TypeError"),
        ("test-raises", "{}", "H={H}", "RuntimeError: the generator broke"),
    ],
)
def test_a_generator_or_template_fault_is_a_located_problem(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    generator_name: str,
    params: str,
    prompt: str,
    message: str,
) -> None:
    monkeypatch.setattr(loader, "SAMPLE_LIMIT_S", 0.5)
    shutil.copy(syllabus_path(), tmp_path / "syllabus.yaml")
    text = QUESTION.format(id="t.fault", generator=generator_name, params=params, prompt=prompt)
    (tmp_path / "q.yaml").write_text(text, encoding="utf-8")
    _, problems = collect([tmp_path])
    assert len(problems) == 1, problems
    problem = problems[0]
    assert problem.file.endswith("q.yaml") and problem.line > 1 and problem.question_id == "t.fault"
    assert message in problem.message
