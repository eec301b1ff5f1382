"""`trainer plan [--json]`: the days up to the exam for desired retentions 0.80 to 0.95.

For each: reviews and new cards per day, minutes per day from the learner's own answer times, and
the expected recall of the bank on the exam day; then the retention the learner's daily time
budget allows (`trainer config set minutes-per-day N`) and fsrs-rs's optimal one.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from trainer.commands.language import add_lang_argument
from trainer.commands.storage import EXIT_CODES, add_store_arguments, user_name
from trainer.locale import Section

if TYPE_CHECKING:
    from trainer.store.repository import Store
    from trainer.study.plan import Plan

TEXT = Section("personal")  # trainer/locale/{ja,en}.json, [personal]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "plan",
        help="workload and recall up to the exam date for several retentions",
        description=(
            "Simulate the days up to the exam date (trainer config exam-date) for desired "
            "retentions 0.80, 0.85, 0.90 and 0.95: reviews, new cards and minutes per day, and "
            "the expected recall on the exam day; name the retention your time budget "
            "(trainer config set minutes-per-day N) allows and the optimal one."
        ),
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--json", action="store_true", help="as JSON (with every day)")
    add_lang_argument(parser)
    add_store_arguments(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from trainer.commands.language import forced_lang
    from trainer.commands.output import load_bank_or_fail, print_json
    from trainer.commands.storage import with_store
    from trainer.study.plan import make_plan
    from trainer.study.settings import load_settings

    bank = load_bank_or_fail()
    if isinstance(bank, int):
        return bank

    def work(store: Store) -> int:
        name = user_name(args)
        user_id = store.user_id(name)
        settings = load_settings(store, user_id)
        lang = forced_lang(args) or settings.language
        plan = make_plan(store, user_id, set(bank.questions), settings, datetime.now(UTC))
        if args.json:
            print_json(as_json(name, plan, lang))
        else:
            print("\n".join(lines(plan, lang)))
        return 0

    return with_store(args, work)


def _message(plan: Plan, lang: str) -> str | None:
    text = TEXT[lang]
    if plan.exam_date is None:
        return text["no_exam_date"]
    if plan.days <= 0:
        return text["exam_past"].format(date=plan.exam_date.isoformat())
    return None


def as_json(user: str, plan: Plan, lang: str) -> dict[str, object]:
    costs = plan.costs
    return {
        "user": user,
        "today": plan.today.isoformat(),
        "exam_date": None if plan.exam_date is None else plan.exam_date.isoformat(),
        "days": plan.days,
        "message": _message(plan, lang),
        "questions": plan.cards,
        "never_reviewed": plan.new,
        "personal_parameters": plan.personal_parameters,
        "answer_seconds": {
            "new": round(costs.new_s, 1),
            "pass": round(costs.pass_s, 1),
            "lapse": round(costs.fail_s, 1),
            "own": plan.own_costs,
        },
        "minutes_per_day": plan.minutes_per_day,
        "within_budget": plan.within_budget,
        "optimal": plan.optimal,
        "retentions": [
            {
                "retention": o.retention,
                "reviews_per_day": round(o.reviews_per_day, 1),
                "new_per_day": round(o.new_per_day, 1),
                "minutes_per_day": round(o.minutes_per_day, 1),
                "peak_minutes": round(o.peak_minutes, 1),
                "exam_recall": round(o.exam_recall, 4),
                "learned": o.learned,
                "days": [
                    {"reviews": d.reviews, "new": d.new, "minutes": round(d.minutes, 1)}
                    for d in o.days
                ],
            }
            for o in plan.outlooks
        ],
    }


def lines(plan: Plan, lang: str) -> list[str]:
    from rich.cells import cell_len

    text = TEXT[lang]
    message = _message(plan, lang)
    if message is not None:
        return [message]
    assert plan.exam_date is not None
    costs = plan.costs
    out = [
        text["plan_head"].format(
            date=plan.exam_date.isoformat(), days=plan.days, questions=plan.cards, new=plan.new
        ),
        text["plan_costs_own" if plan.own_costs else "plan_costs_typical"].format(
            new=f"{costs.new_s:.0f}", passed=f"{costs.pass_s:.0f}", lapse=f"{costs.fail_s:.0f}"
        ),
        text["plan_parameters_own" if plan.personal_parameters else "plan_parameters_default"],
        "",
    ]
    heads = [text[key] for key in ("col_retention", "col_reviews", "col_new", "col_minutes")]
    heads += [text["col_peak"], text["col_recall"]]
    rows = [
        [
            f"{o.retention:.0%}",
            f"{o.reviews_per_day:.1f}",
            f"{o.new_per_day:.1f}",
            f"{o.minutes_per_day:.0f}",
            f"{o.peak_minutes:.0f}",
            f"{o.exam_recall:.0%}",
        ]
        for o in plan.outlooks
    ]
    widths = [max(cell_len(row[i]) for row in [heads, *rows]) for i in range(len(heads))]
    for row in [heads, *rows]:
        cells = zip(row, widths, strict=True)
        out.append("  ".join(" " * (w - cell_len(cell)) + cell for cell, w in cells))
    out.append("")
    if plan.minutes_per_day is None:
        out.append(text["budget_none"])
    elif plan.within_budget is None:
        out.append(text["budget_short"].format(minutes=plan.minutes_per_day))
    else:
        out.append(
            text["budget_allows"].format(
                minutes=plan.minutes_per_day, retention=f"{plan.within_budget:.0%}"
            )
        )
    if plan.optimal is not None:
        out.append(text["optimal"].format(retention=f"{plan.optimal:.0%}", value=plan.optimal))
    return out
