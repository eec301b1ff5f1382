"""`trainer optimize [--dry-run] [--json]`: fit FSRS to the learner's own review log.

Fits FSRS-6 with fsrs-rs (as Anki does), compares default and fitted parameters on held-out
time-series splits (log loss, RMSE over bins), and applies the fitted ones only when they predict
better and there are enough reviews; `--dry-run` reports without storing anything.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from trainer.commands.language import add_lang_argument
from trainer.commands.storage import EXIT_CODES, add_store_arguments, user_name
from trainer.locale import Section
from trainer.study.personal_text import lines

if TYPE_CHECKING:
    from trainer.scheduling.personal import Figures
    from trainer.store.repository import Store
    from trainer.study.personal import Optimized

TEXT = Section("personal")  # trainer/locale/{ja,en}.json, [personal]
EXIT_FAILED = 1


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "optimize",
        help="fit the scheduler (FSRS) to your own reviews",
        description=(
            "Fit FSRS-6 parameters to your review log (fsrs-rs, as Anki does), compare them with "
            "the defaults on held-out reviews, and use them from now on if they predict better."
        ),
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--dry-run", action="store_true", help="fit and report; store nothing")
    parser.add_argument("--json", action="store_true", help="as JSON")
    add_lang_argument(parser)
    add_store_arguments(parser)
    parser.set_defaults(handler=run)


def _figures(figures: Figures | None) -> dict[str, float] | None:
    if figures is None:
        return None
    return {"log_loss": round(figures.log_loss, 4), "rmse_bins": round(figures.rmse_bins, 4)}


def as_json(user: str, result: Optimized, dry_run: bool) -> dict[str, object]:
    from trainer.scheduling.personal import MIN_REVIEWS

    fit = result.fit
    return {
        "user": user,
        "reviews": fit.reviews,
        "interday_reviews": fit.items,
        "min_interday_reviews": MIN_REVIEWS,
        "needed": fit.needed,
        "parameters": None if fit.parameters is None else list(fit.parameters),
        "figures": {
            "default": _figures(fit.default),
            "current": _figures(fit.current),
            "fitted": _figures(fit.fitted),
        },
        "better": fit.better,
        "applied": result.applied,
        "dry_run": dry_run,
        "in_force_before": "default"
        if result.in_force is None
        else result.in_force.fitted_at.isoformat(),
    }


def run(args: argparse.Namespace) -> int:
    from trainer.commands.language import learner_lang
    from trainer.commands.output import fail, print_json
    from trainer.commands.storage import with_store
    from trainer.study.personal import optimize

    def work(store: Store) -> int:
        name = user_name(args)
        user_id = store.user_id(name)
        lang = learner_lang(args, store, user_id)
        try:
            result = optimize(store, user_id, dry_run=args.dry_run)
        except (ValueError, RuntimeError) as exc:  # fsrs-rs refused the data
            return fail(TEXT[lang]["fit_failed"].format(reason=exc), EXIT_FAILED)
        if args.json:
            print_json(as_json(name, result, args.dry_run))
        else:
            print("\n".join(lines(result, lang, args.dry_run)))
        return 0

    return with_store(args, work)
