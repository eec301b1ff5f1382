"""The plan to the exam date as lines of text, in the learner's language: for `trainer plan`
and for the progress screen's panel (one wording for both)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from trainer.locale import Section

if TYPE_CHECKING:
    from trainer.study.plan import Plan

TEXT = Section("personal")  # trainer/locale/{ja,en}.json, [personal]


def plan_message(plan: Plan, lang: str) -> str | None:
    text = TEXT[lang]
    if plan.exam_date is None:
        return text["no_exam_date"]
    if plan.days <= 0:
        return text["exam_past"].format(date=plan.exam_date.isoformat())
    return None


def lines(plan: Plan, lang: str) -> list[str]:
    from rich.cells import cell_len

    text = TEXT[lang]
    message = plan_message(plan, lang)
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
