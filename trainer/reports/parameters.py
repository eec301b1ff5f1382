"""Which FSRS parameters were in force: the learner's own (`trainer optimize`) or the defaults.

Shown beside the calibration (does FSRS predict this learner's memory?), since a fit changes
the predictions the calibration compares with the answers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from trainer.store.parameters import StoredFit


def parameters_line(fsrs: StoredFit | None, lang: str) -> str:
    from trainer.locale import text

    if fsrs is None:
        return text(lang, "personal", "report_parameters_default")
    return text(lang, "personal", "report_parameters_own").format(
        date=fsrs.fitted_at.date().isoformat(),
        items=fsrs.items,
        log_loss=f"{fsrs.log_loss:.4f}",
        default_log_loss=f"{fsrs.default_log_loss:.4f}",
        rmse=f"{fsrs.rmse_bins:.2%}",
        default_rmse=f"{fsrs.default_rmse_bins:.2%}",
    )


def parameters_json(fsrs: StoredFit | None) -> dict[str, Any]:
    if fsrs is None:
        return {"source": "default"}
    return {
        "source": "own",
        "fitted_at": fsrs.fitted_at.isoformat(),
        "interday_reviews": fsrs.items,
        "log_loss": round(fsrs.log_loss, 4),
        "rmse_bins": round(fsrs.rmse_bins, 4),
        "default_log_loss": round(fsrs.default_log_loss, 4),
        "default_rmse_bins": round(fsrs.default_rmse_bins, 4),
        "parameters": list(fsrs.parameters),
    }
