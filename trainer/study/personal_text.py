"""The outcome of fitting FSRS to the learner's reviews as lines of text, in their language: for
`trainer optimize` and the settings screen's action (one wording for both)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from trainer.locale import Section

if TYPE_CHECKING:
    from trainer.study.personal import Optimized

TEXT = Section("personal")  # trainer/locale/{ja,en}.json, [personal]


def lines(result: Optimized, lang: str, dry_run: bool) -> list[str]:
    from rich.cells import cell_len

    from trainer.scheduling.personal import MIN_REVIEWS

    text = TEXT[lang]
    fit = result.fit
    if result.in_force is None:
        in_force = text["in_force_default"]
    else:
        in_force = text["in_force_own"].format(date=result.in_force.fitted_at.date().isoformat())
    if fit.parameters is None or fit.fitted is None or fit.default is None:
        return [
            text["not_enough"].format(items=fit.items, minimum=MIN_REVIEWS, needed=fit.needed),
            in_force,
        ]
    out = [text["fitted_on"].format(items=fit.items, reviews=fit.reviews), ""]
    rows = [(text["row_default"], fit.default)]
    if fit.current is not None:
        rows.append((text["row_current"], fit.current))
    rows.append((text["row_fitted"], fit.fitted))
    width = max(cell_len(label) for label, _ in [*rows, (text["held_out"], fit.fitted)])

    def pad(label: str) -> str:
        return label + " " * (width - cell_len(label))

    out.append(f"{pad(text['held_out'])}  {'log loss':>9}  {'RMSE(bins)':>10}")
    for label, figures in rows:
        out.append(f"{pad(label)}  {figures.log_loss:>9.4f}  {figures.rmse_bins:>10.2%}")
    out.append("")
    out.append("w = " + ", ".join(f"{w:g}" for w in fit.parameters))
    if dry_run:
        out.append(text["dry_run_better" if fit.better else "dry_run_worse"])
    else:
        out.append(text["applied" if result.applied else "kept"])
        if not result.applied:
            out.append(in_force)
    return out
