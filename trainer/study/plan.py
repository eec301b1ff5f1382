"""`trainer plan`: the days up to the exam for a few desired retentions, for this learner.

Starts from the learner's cards as they are today, with the learner's FSRS parameters, answer
times and ratings (typical ones while the log is short), and the bank's questions not yet seen as
new cards introduced at the learner's new-per-day limit.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from trainer.scheduling.planning import RETENTIONS, Costs, Outlook

if TYPE_CHECKING:
    from trainer.store.parameters import LoggedReview
    from trainer.store.repository import Store
    from trainer.study.settings import Settings

MIN_SAMPLES = 20  # answers of a kind before the learner's own mean time replaces the typical one
LONGEST_ANSWER_S = 300.0  # longer answers count as this (the learner left the screen)


@dataclass(frozen=True)
class Plan:
    today: date
    exam_date: date | None  # None: no exam date set, nothing simulated
    days: int
    outlooks: list[Outlook]
    minutes_per_day: int | None
    within_budget: float | None  # the highest retention whose time fits the budget
    optimal: float | None
    costs: Costs
    own_costs: bool  # costs from the learner's own answers (else typical ones)
    personal_parameters: bool
    cards: int  # questions in the bank
    new: int  # of them never reviewed


def answer_costs(history: Sequence[LoggedReview]) -> tuple[Costs, bool]:
    """Mean seconds of a new card (its whole first day), of an interday pass, and of a lapse
    (with that day's relearning); rating shares; the typical ones where samples are few."""
    typical = Costs()
    first_day: dict[int, date] = {}
    last_day: dict[int, date] = {}
    new_s: dict[int, float] = {}
    lapse_s: dict[tuple[int, date], float] = {}
    passes: list[float] = []
    first_ratings = [0, 0, 0, 0]
    pass_ratings = [0, 0, 0]
    for review in history:
        day = review.reviewed_at.date()
        seconds = min((review.duration_ms or 0) / 1000, LONGEST_ANSWER_S)
        card = review.card_id
        if card not in first_day:
            first_day[card] = day
            first_ratings[review.rating - 1] += 1
        if day == first_day[card]:
            new_s[card] = new_s.get(card, 0.0) + seconds
        elif last_day[card] != day:  # the day's first (interday) review
            if review.rating == 1:
                lapse_s[(card, day)] = seconds
            else:
                passes.append(seconds)
                pass_ratings[review.rating - 2] += 1
        elif (card, day) in lapse_s:  # relearning after a lapse
            lapse_s[(card, day)] += seconds
        last_day[card] = day
    own = len(new_s) >= MIN_SAMPLES and len(passes) >= MIN_SAMPLES

    def mean(values: Collection[float], fallback: float) -> float:
        return sum(values) / len(values) if len(values) >= MIN_SAMPLES else fallback

    def shares(counts: list[int], fallback: tuple[float, ...]) -> tuple[float, ...]:
        total = sum(counts)
        if total < MIN_SAMPLES:
            return fallback
        return tuple(c / total for c in counts)

    costs = Costs(
        new_s=mean(list(new_s.values()), typical.new_s),
        pass_s=mean(passes, typical.pass_s),
        fail_s=mean(list(lapse_s.values()), typical.fail_s),
        first_ratings=shares(first_ratings, typical.first_ratings),  # type: ignore[arg-type]
        pass_ratings=shares(pass_ratings, typical.pass_ratings),  # type: ignore[arg-type]
    )
    return costs, own


def make_plan(
    store: Store,
    user_id: int,
    question_ids: Collection[str],
    settings: Settings,
    now: datetime,
    *,
    retentions: Sequence[float] = RETENTIONS,
    with_optimal: bool = True,
) -> Plan:
    from fsrs.scheduler import DEFAULT_PARAMETERS

    from trainer.scheduling.planning import Deck, budget_retention, simulate_to_exam
    from trainer.store.parameters import review_history, reviewed_cards
    from trainer.study.personal import learner_parameters

    today = now.date()
    exam = settings.exam_date
    parameters = learner_parameters(store, user_id)
    personal = parameters != tuple(DEFAULT_PARAMETERS)
    cards = [c for c in reviewed_cards(store, user_id) if c.question_id in question_ids]
    new = len(question_ids) - len(cards)
    costs, own = answer_costs(review_history(store, user_id))
    days = (exam - today).days if exam is not None else 0
    if exam is None or days <= 0:
        return Plan(
            today, exam, max(days, 0), [], settings.minutes_per_day, None, None, costs, own,
            personal, len(question_ids), new,
        )  # fmt: skip
    deck = Deck(
        stability=[c.stability for c in cards],
        difficulty=[c.difficulty for c in cards],
        elapsed_days=[(today - c.last_review.date()).days for c in cards],
        due_in_days=[(c.due.date() - today).days if c.due else 0 for c in cards],
        new=new,
    )
    outlooks = [
        simulate_to_exam(
            parameters,
            deck,
            days,
            r,
            new_per_day=settings.new_per_day,
            reviews_per_day=settings.reviews_per_day,
            costs=costs,
            seed=7,
        )
        for r in retentions
    ]
    budget = settings.minutes_per_day
    fitting = None if budget is None else budget_retention(outlooks, budget)
    optimal = None
    if with_optimal:
        optimal = _cached_optimal(
            store,
            user_id,
            parameters,
            deck_size=len(question_ids),
            days=days,
            new_per_day=settings.new_per_day,
            costs=costs,
        )
    return Plan(
        today, exam, days, outlooks, budget, None if fitting is None else fitting.retention,
        optimal, costs, own, personal, len(question_ids), new,
    )  # fmt: skip


OPTIMAL_KEY = "plan_optimal_retention"  # user_setting: "<inputs digest> <retention>"


def _cached_optimal(
    store: Store,
    user_id: int,
    parameters: Sequence[float],
    *,
    deck_size: int,
    days: int,
    new_per_day: int,
    costs: Costs,
) -> float:
    """fsrs-rs's optimal retention, kept with a digest of its inputs: it takes most of a second,
    and its inputs change at most once a day (the days left) or after reviews (the costs)."""
    import hashlib

    from trainer.scheduling.planning import optimal_retention
    from trainer.store.records import get_setting, set_setting

    inputs = (
        [round(w, 4) for w in parameters],
        deck_size,
        days,
        new_per_day,
        [round(costs.new_s), round(costs.pass_s), round(costs.fail_s)],
        [round(p, 2) for p in (*costs.first_ratings, *costs.pass_ratings)],
    )
    digest = hashlib.sha256(repr(inputs).encode()).hexdigest()[:32]
    stored = get_setting(store, user_id, OPTIMAL_KEY)
    if stored is not None:
        key, _, value = stored.partition(" ")
        if key == digest:
            try:
                return float(value)
            except ValueError:
                pass
    optimal = optimal_retention(
        parameters, deck_size=deck_size, days=days, new_per_day=new_per_day, costs=costs
    )
    set_setting(store, user_id, OPTIMAL_KEY, f"{digest} {optimal}")
    return optimal
