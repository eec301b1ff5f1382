"""Check draft questions before they join the bank: `python -m tests.bank.check_staged DIR...`.

The drafts (YAML files in DIR, same format as the bank) are loaded together with the shipped bank
(ids must not clash; the shipped syllabus applies), and every draft question gets the checks the
suite gives the bank: it validates, renders for several seeds, its key is judged right and a
perturbed answer wrong, and a code-blank or formula-blank question's key passes its `check` while
every distractor fails it as its `fails` says. Prints each problem; exits 1 if there is any.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.bank.blank_harness import PASS, outcome
from tests.bank.test_shipped_bank import right_answers, wrong_answer
from trainer.bank.checking import check_answer
from trainer.bank.loader import collect
from trainer.bank.resources import bank_dir
from trainer.bank.schema import ChoiceQuestion, Style
from trainer.bank.variants import make_variant


def problems_of(drafts: list[Path]) -> tuple[int, list[str]]:
    bank, loaded = collect([bank_dir(), *drafts])
    out = [str(p) for p in loaded]
    draft_files = {str(p) for d in drafts for p in ([d] if d.is_file() else d.rglob("*.yaml"))}
    resolved = {str(Path(f).resolve()) for f in draft_files}
    mine = [
        q for qid, q in bank.questions.items() if str(Path(bank.files[qid]).resolve()) in resolved
    ]
    for question in mine:
        for seed in range(20) if question.parametric else range(1):
            variant = make_variant(question, seed)
            for answer in right_answers(variant):
                if not check_answer(variant, answer).correct:
                    out.append(f"{question.id}: seed {seed}: key {answer!r} judged wrong")
            if check_answer(variant, wrong_answer(variant)).correct:
                out.append(f"{question.id}: seed {seed}: a perturbed answer was accepted")
        if isinstance(question, ChoiceQuestion) and question.style in (
            Style.CODE_BLANK,
            Style.FORMULA_BLANK,
        ):
            for option in question.correct:
                result = outcome(question, option)
                if result != PASS:
                    out.append(f"{question.id}: key {option.text.en!r} fails its check: {result}")
            for distractor in question.distractors:
                result = outcome(question, distractor)
                if result == PASS:
                    out.append(f"{question.id}: distractor {distractor.text.en!r} passes")
                elif distractor.fails is not None and result != distractor.fails:
                    out.append(
                        f"{question.id}: distractor {distractor.text.en!r} fails with {result}, "
                        f"not {distractor.fails}"
                    )
    return len(mine), out


def main() -> None:
    count, problems = problems_of([Path(a) for a in sys.argv[1:]])
    for problem in problems:
        print(problem)
    print(f"{count} draft questions, {len(problems)} problem(s)")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
