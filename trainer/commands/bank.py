"""`trainer bank ...`: validate, list, sample and check questions of the bank; report coverage.

What it prints for people is in `--lang`, else the learner's stored language (read without
creating or changing a database: an author's check needs none), else Japanese; the loader's
problem lines (file:line) and `--json` stay as they are.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trainer.commands.language import add_lang_argument
from trainer.commands.output import fail, load_bank_or_fail, print_json
from trainer.locale import Section

if TYPE_CHECKING:
    from trainer.bank.loader import Bank

TEXT = Section("bank_cli")  # trainer/locale/{ja,en}.json, [bank_cli]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    bank = subparsers.add_parser("bank", help="work with the question bank")
    actions = bank.add_subparsers(dest="bank_command", metavar="ACTION", required=True)

    validate = actions.add_parser(
        "validate", help="check bank files; print every problem as file:line"
    )
    validate.add_argument(
        "paths", nargs="*", type=Path, help="YAML files or directories (default: the shipped bank)"
    )
    validate.add_argument("--json", action="store_true")
    add_lang_argument(validate)
    validate.set_defaults(handler=run_validate)

    listing = actions.add_parser("list", help="list questions")
    listing.add_argument(
        "--topic", help="a syllabus major or section: number (3, 3-4), slug (cnn) or path"
    )
    listing.add_argument("--tag")
    listing.add_argument("--json", action="store_true")
    add_lang_argument(listing)
    listing.set_defaults(handler=run_list)

    sample = actions.add_parser("sample", help="render one variant of a question")
    sample.add_argument("id")
    sample.add_argument("--seed", type=int, default=0)
    add_lang_argument(sample)
    sample.add_argument("--json", action="store_true")
    sample.set_defaults(handler=run_sample)

    check = actions.add_parser("check", help="judge an answer to one variant")
    check.add_argument("id")
    check.add_argument("--seed", type=int, default=0)
    check.add_argument("--answer", required=True)
    add_lang_argument(check)
    check.add_argument("--json", action="store_true")
    check.set_defaults(handler=run_check)

    coverage = actions.add_parser(
        "coverage", help="which sections of the course notes the questions cite; per syllabus area"
    )
    coverage.add_argument("--json", action="store_true")
    add_lang_argument(coverage)
    coverage.set_defaults(handler=run_coverage)


def _lang(args: argparse.Namespace) -> str:
    from trainer.commands.language import peeked_lang

    return peeked_lang(args)


def _say(lang: str, key: str, **values: object) -> str:
    return TEXT[lang][key].format(**values)


def _cells(text: str, width: int, *, right: bool = False) -> str:
    """`text` padded to `width` terminal columns (a Japanese character takes two)."""
    from rich.cells import cell_len

    pad = " " * max(0, width - cell_len(text))
    return pad + text if right else text + pad


def _load() -> Bank | int:
    return load_bank_or_fail(show_problems=True)


def run_validate(args: argparse.Namespace) -> int:
    from trainer.bank.errors import BankError
    from trainer.bank.loader import collect

    try:
        bank, problems = collect(args.paths or None)
    except BankError as exc:
        bank, problems = None, exc.problems
    count = len(bank.questions) if bank else 0
    if args.json:
        print_json(
            {"valid": not problems, "questions": count, "problems": [p.as_json() for p in problems]}
        )
    else:
        lang = _lang(args)
        for problem in problems:
            print(problem)
        if problems:
            print(_say(lang, "problems", n=len(problems)))
        else:
            print(_say(lang, "ok", n=count))
    return 1 if problems else 0


def run_list(args: argparse.Namespace) -> int:
    bank = _load()
    if isinstance(bank, int):
        return bank
    from trainer.bank.topics import in_topic, resolve_topic

    topic = resolve_topic(bank, args.topic) or args.topic if args.topic else None
    rows: list[dict[str, Any]] = [
        {
            "id": q.id,
            "topic": q.topic,
            "syllabus": q.syllabus,
            "kind": q.kind,
            "tags": list(q.tags),
            "generator": q.generator,
            "style": q.shape.value,
            "set": q.item_set,
            "framework": None if q.framework is None else q.framework.value,
        }
        for q in bank.questions.values()
        if (topic is None or in_topic(q.topic, q.legacy_topic, topic))
        and (not args.tag or args.tag in q.tags)
    ]
    if args.json:
        print_json(rows)
    else:
        for row in rows:
            extra = f" [{row['generator']}]" if row["generator"] else ""
            print(f"{row['id']:<48} {row['kind']:<10} {row['syllabus']:<7} {row['topic']}{extra}")
    return 0


def _variant(args: argparse.Namespace) -> Any:
    from trainer.bank.variants import make_variant

    bank = _load()
    if isinstance(bank, int):
        return bank
    question = bank.question(args.id)  # a merged question's former id names the one kept
    if question is None:
        return fail(_say(_lang(args), "unknown_id", id=args.id))
    return make_variant(question, args.seed)


def run_sample(args: argparse.Namespace) -> int:
    variant = _variant(args)
    if isinstance(variant, int):
        return variant
    data: dict[str, Any] = {
        "id": variant.question_id,
        "kind": variant.kind,
        "seed": variant.seed,
        "params": variant.params,
        "prompt": {"ja": variant.prompt.ja, "en": variant.prompt.en},
    }
    if variant.kind == "choice":
        data["choices"] = [
            {"label": c.label, "text": {"ja": c.text.ja, "en": c.text.en}} for c in variant.choices
        ]
    data["answer"] = variant.answer_json()
    data["explanation"] = {"ja": variant.explanation.ja, "en": variant.explanation.en}
    if args.json:
        print_json(data)
        return 0
    lang = _lang(args)
    print(variant.prompt.get(lang))
    for choice in variant.choices:
        print(f"  {choice.label}. {choice.text.get(lang)}")
    from trainer.bank.checking import expected_text

    print(f"\n{_say(lang, 'answer')}: {expected_text(variant)}\n")
    print(variant.explanation.get(lang))
    return 0


def run_check(args: argparse.Namespace) -> int:
    from trainer.bank.checking import check_answer
    from trainer.bank.errors import AnswerError

    variant = _variant(args)
    if isinstance(variant, int):
        return variant
    lang = _lang(args)  # the verdict's message, in its JSON too
    try:
        verdict = check_answer(variant, args.answer)
    except AnswerError as exc:
        if args.json:
            print_json({"correct": None, "error": exc.get(lang)})
        return fail(exc.get(lang))
    if args.json:
        print_json(verdict.as_json(lang))
    else:
        print(verdict.message.get(lang))
        # the message no longer repeats the key
        print(f"{_say(lang, 'answer')}: {verdict.expected}")
    return 0


def _wrapped(ids: list[str], indent: int, width: int = 100) -> list[str]:
    lines: list[str] = []
    current = ""
    for qid in ids:
        candidate = f"{current}, {qid}" if current else qid
        if current and indent + len(candidate) > width:
            lines.append(current + ",")
            current = qid
        else:
            current = candidate
    if current:
        lines.append(current)
    return [" " * indent + line for line in lines]


def run_coverage(args: argparse.Namespace) -> int:
    from trainer.bank.coverage import compute_coverage

    bank = _load()
    if isinstance(bank, int):
        return bank
    coverage = compute_coverage(bank.questions.values(), bank.syllabus)
    if args.json:
        print_json(coverage.as_json(bank.syllabus))
        return 0
    lang = _lang(args)
    grouped = coverage.by_seed()
    for file, document in bank.syllabus.seeds.items():
        print(f"{file}  {document.title.get(lang)}")
        for section in grouped.get(file, []):
            span = f"l.{section.lines[0]}-{section.lines[1]}"
            if section.covered:
                mark = f"{len(section.questions):>3}"
            else:
                mark = "  !" if section.substance else "  -"
            print(f"  {section.id:<30} {span:<12} {mark}  {section.title}")
            if section.questions:
                for line in _wrapped(list(section.questions), 8):
                    print(line)
        print()
    uncovered = coverage.uncovered()
    print(_say(lang, "uncovered", n=len(uncovered)))
    for section in uncovered:
        span = f"l.{section.lines[0]}-{section.lines[1]}"
        print(f"  {section.seed}  {section.id}  {span}  {section.title}")
    print()
    print(
        _cells(_say(lang, "col_area"), 18),
        _cells(_say(lang, "col_questions"), 9, right=True),
        _cells(_say(lang, "col_parametric"), 10, right=True),
        "",
        _say(lang, "col_by_syllabus"),
    )
    for area in coverage.areas:
        leaves = " ".join(f"{leaf}:{count}" for leaf, count in area.by_syllabus)
        print(f"{area.area.value:<18} {area.questions:>9} {area.parametric:>10}  {leaves}")
    total = sum(a.questions for a in coverage.areas)
    parametric = sum(a.parametric for a in coverage.areas)
    print(f"{_cells(_say(lang, 'total'), 18)} {total:>9} {parametric:>10}")
    print()
    styles = [style for style, _ in coverage.majors[0].styles] if coverage.majors else []
    heading = " ".join(f"{s:>13}" for s in styles)
    sets = _cells(_say(lang, "col_sets"), 5, right=True)
    print(f"{_cells(_say(lang, 'col_major'), 34)} {heading} {sets}")
    for major in coverage.majors:
        name = f"{major.major} {bank.syllabus.entries[major.major].name.get(lang)}"
        counts = " ".join(f"{n:>13}" for _, n in major.styles)
        print(f"{_cells(name, 34)} {counts} {major.sets:>5}")
    if coverage.unplaced:
        print()
        print(_say(lang, "unplaced", n=len(coverage.unplaced)))
        for line in _wrapped(list(coverage.unplaced), 2):
            print(line)
    return 0
