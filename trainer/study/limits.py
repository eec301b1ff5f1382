"""What to tell the learner when a daily limit or the session's size shortened the queue.

Anki hides its limits; a learner who sees "new 396" on the home screen and then gets two
questions deserves to know why, and how to study more (custom study: more new today).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from trainer.bank.schema import Localized

if TYPE_CHECKING:
    from trainer.scheduling import QueuePlan
    from trainer.study.session import Limits


def limit_notes(plan: QueuePlan, limits: Limits, *, more_new: Localized) -> list[Localized]:
    """One line per limit that held questions back; `more_new` says how to study more new ones
    in the front end at hand (a key in the TUI, an option in line mode)."""
    notes: list[Localized] = []
    if plan.new_held_back and plan.new_allowed == plan.new_quota:
        notes.append(
            Localized(
                ja=f"新規は 1 日 {limits.new_limit} 問までです（今日 {limits.new_today} 問済み、"
                f"あと {limits.new_left} 問）。未学習 {plan.new_available} 問のうち"
                f" {plan.new_held_back} 問は明日以降に出します。{more_new.ja}",
                en=f"New questions are limited to {limits.new_limit} a day ({limits.new_today}"
                f" started today, {limits.new_left} left); {plan.new_held_back} of"
                f" {plan.new_available} unseen wait for later days. {more_new.en}",
            )
        )
    if plan.due_held_back and plan.due_allowed == plan.review_quota:
        notes.append(
            Localized(
                ja=f"復習は 1 日 {limits.review_limit} 枚までです（今日 {limits.reviews_today}"
                f" 枚済み）。期限の来た {plan.due_held_back} 問は明日に回します"
                "（設定 reviews-per-day で変更）。",
                en=f"Reviews are limited to {limits.review_limit} cards a day"
                f" ({limits.reviews_today} done today); {plan.due_held_back} due questions wait"
                " for tomorrow (setting reviews-per-day).",
            )
        )
    session_cut = (plan.new_held_back and plan.new_allowed < plan.new_quota) or (
        plan.due_held_back and (plan.review_quota is None or plan.due_allowed < plan.review_quota)
    )
    if session_cut:
        notes.append(
            Localized(
                ja=f"この回の問題数で絞りました（復習 {plan.due_held_back} 問・新規"
                f" {plan.new_held_back} 問は次の回へ）。",
                en=f"Cut to this session's size ({plan.due_held_back} due and"
                f" {plan.new_held_back} new left for the next session).",
            )
        )
    return notes


MORE_NEW_TUI = Localized(ja="n で今日の新規を増やせます。", en="Press n to study more new today.")
MORE_NEW_CLI = Localized(
    ja="--new N（または trainer config set new-per-day N）で増やせます。",
    en="Use --new N (or trainer config set new-per-day N) to study more.",
)
