"""Merged questions: a former id lives on as an alias of the question kept (issue 15, defect 6).

The loader refuses an alias that is still a question's or a set's id, one claimed by two
questions, and one that is not an id; the shipped bank keeps one question per merged group and
resolves every former id to it.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from tests.bank.test_shipped_bank import shipped
from trainer.bank.loader import collect, load_bank
from trainer.bank.resources import syllabus_path


def question(qid: str, aliases: str | None = None) -> str:
    """A minimal valid question; `aliases` is the YAML flow list written after its id."""
    line = f"  aliases: {aliases}\n" if aliases is not None else ""
    return f"""\
- id: {qid}
{line}  syllabus: "3-4-1"
  area: deep_learning
  kind: numeric
  difficulty: 1
  source: {{seed: 000_c7c515c0397d0ed0.txt, section: "確認テスト 0-1 (l.34)"}}
  prompt: {{ja: "問題", en: "Question"}}
  explanation: {{ja: "解説", en: "Explanation"}}
  answer: 3
"""


@pytest.fixture
def bank_dir(tmp_path: Path) -> Path:
    shutil.copy(syllabus_path(), tmp_path / "syllabus.yaml")
    return tmp_path


def problems_for(bank_dir: Path, **files: str) -> list[str]:
    for name, text in files.items():
        (bank_dir / f"{name}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    _, problems = collect([bank_dir])
    return [str(p).replace(f"{Path(p.file).parent}/", "") for p in problems]


def test_an_alias_resolves_to_its_survivor(bank_dir: Path) -> None:
    (bank_dir / "q.yaml").write_text(question("t.kept", "[t.old, t.older]"), encoding="utf-8")
    bank = load_bank([bank_dir])
    assert list(bank.questions) == ["t.kept"]
    assert bank.aliases == {"t.old": "t.kept", "t.older": "t.kept"}
    assert bank.resolve("t.old") == "t.kept"
    assert bank.resolve("t.kept") == "t.kept"
    assert bank.resolve("t.unknown") == "t.unknown"
    found = bank.question("t.older")
    assert found is not None and found.id == "t.kept"
    assert bank.question("t.unknown") is None


def test_an_alias_that_is_a_live_id_is_located_in_either_order(bank_dir: Path) -> None:
    # The live question comes after the alias claiming its id: found all the same.
    found = problems_for(bank_dir, a=question("t.kept", "[t.live]"), b=question("t.live"))
    assert found == ["a.yaml:2: t.kept: aliases: 't.live' is a question's id (b.yaml:1)"]
    found = problems_for(bank_dir, a=question("t.live"), b=question("t.kept", "[t.live]"))
    assert found == ["b.yaml:2: t.kept: aliases: 't.live' is a question's id (a.yaml:1)"]


def test_an_alias_of_its_own_id_is_refused(bank_dir: Path) -> None:
    found = problems_for(bank_dir, q=question("t.kept", "[t.kept]"))
    assert found == ["q.yaml:2: t.kept: aliases: 't.kept' is a question's id (q.yaml:1)"]


def test_an_alias_claimed_twice_names_the_first_claim(bank_dir: Path) -> None:
    found = problems_for(bank_dir, a=question("t.one", "[t.old]"), b=question("t.two", "[t.old]"))
    assert found == ["b.yaml:2: t.two: aliases: 't.old' is already an alias of 't.one' (a.yaml:2)"]


def test_an_alias_listed_twice_in_one_question_is_refused(bank_dir: Path) -> None:
    found = problems_for(bank_dir, q=question("t.kept", "[t.old, t.old]"))
    assert found == [
        "q.yaml:2: t.kept: aliases: 't.old' is already an alias of 't.kept' (q.yaml:2)"
    ]


def test_an_alias_that_is_not_an_id_is_located(bank_dir: Path) -> None:
    found = problems_for(bank_dir, q=question("t.kept", "['Old Id']"))
    assert len(found) == 1
    assert found[0].startswith("q.yaml:2: t.kept: aliases.0: String should match pattern")


def test_an_alias_that_is_a_set_id_is_refused(bank_dir: Path) -> None:
    item = textwrap.indent(question("t.item").replace("- id:", "  id:", 1), "  ")
    items = item.replace("    id:", "  - id:", 1)
    second = items.replace("t.item", "t.item2")
    stem = '  stem: {ja: "題材", en: "A stem"}\n'
    text = f"- set: t.case\n{stem}  items:\n{items}{second}" + question("t.kept", "[t.case]")
    found = problems_for(bank_dir, q=text)
    assert len(found) == 1 and "aliases: 't.case' is a set's id" in found[0], found


# -- the shipped bank ---------------------------------------------------------------------------

MERGED = {
    "adv.resnet-bottleneck-params": {"adv4.bottleneck-params"},
    "fnd.fps-inference-time": {"adv4.fps"},
    "adv.det-p1-datasets": {"adv4.detection-datasets", "fnd.detection-datasets"},
    "adv4.vision-tasks": {"fnd.recognition-tasks", "adv.segmentation-tasks"},
}


@pytest.mark.parametrize("survivor", sorted(MERGED))
def test_each_merged_group_is_one_question_and_its_former_ids_resolve_to_it(
    survivor: str,
) -> None:
    bank = shipped()
    assert survivor in bank.questions
    for former in MERGED[survivor]:
        assert former not in bank.questions, f"{former} is still a question of its own"
        assert bank.resolve(former) == survivor
        assert set(bank.questions[survivor].aliases or ()) == MERGED[survivor]
