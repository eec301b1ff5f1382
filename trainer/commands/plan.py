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
from trainer.study.plan_text import lines, plan_message

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


def as_json(user: str, plan: Plan, lang: str) -> dict[str, object]:
    costs = plan.costs
    return {
        "user": user,
        "today": plan.today.isoformat(),
        "exam_date": None if plan.exam_date is None else plan.exam_date.isoformat(),
        "days": plan.days,
        "message": plan_message(plan, lang),
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
