"""What each figure of the progress report means: one short line per figure, in Japanese and
English.

The progress screen and the text, Markdown and HTML reports all explain their figures with these
lines, so the screen and the reports cannot explain one figure two ways. The definitions behind
them are in `trainer.reports.compute` (`Mastery`, `readiness`, `retention`). Each line fits an
80-column terminal (72 cells after the screen's margins and indent; `tests/reports` checks).
"""

from __future__ import annotations

# In the order the screen and the reports show them.
FIGURES = (
    "readiness",
    "p_pass",
    "studied",
    "retention",
    "calibration",
    "mastery",
    "seen",
    "gain",
    "accuracy_30d",
)

# lang -> figure -> (the figure's name, as the screen's labels name it; what it means)
GLOSSARY: dict[str, dict[str, tuple[str, str]]] = {
    "ja": {
        "readiness": ("合格見込み", "今日の模擬試験の予想得点率（95% 範囲）。未学習は不正解"),
        "p_pass": ("合格確率", "合格ライン（非公表、{pass_mark} と仮定）に届く確率"),
        "studied": ("学習範囲", "試験の重みのうち、一度でも解いた問題の割合"),
        "retention": ("真の定着率", "1 日以上あけた復習で思い出せた割合"),
        "calibration": ("予測とのずれ", "FSRS の予測と実際の想起率の平均差（0 = 正確）"),
        "mastery": ("定着度", "分野の全問題の今の想起確率を重みで平均（未学習は 0）"),
        "seen": ("既習/全", "一度でも解いた問題数 / 分野の全問題数"),
        "gain": ("伸びしろ", "分野の定着度が {desired} になれば合格見込みが上がる点数"),
        "accuracy_30d": ("30日正答率", "過去 30 日の解答のうち正解だった割合"),
    },
    "en": {
        "readiness": ("readiness", "expected mock-exam score today (95% range); unseen = wrong"),
        "p_pass": (
            "P(pass)",
            "chance of reaching the pass mark (assumed {pass_mark}; unpublished)",
        ),
        "studied": ("studied", "share of the exam's weight you have answered at least once"),
        "retention": ("true retention", "share recalled when reviewed a day or more later"),
        "calibration": ("FSRS off by", "mean gap between predicted and actual recall (0 = exact)"),
        "mastery": ("mastery", "recall now, averaged over all questions by weight; unseen = 0"),
        "seen": ("seen", "questions answered at least once / questions in the topic"),
        "gain": ("gain", "points readiness would rise if the topic were at {desired} mastery"),
        "accuracy_30d": ("30-day acc.", "share of your answers right in the last 30 days"),
    },
}

# Other short lines the screen and the reports share.
NOTES: dict[str, dict[str, str]] = {
    "ja": {"no_weak": "定着度が目標（{desired}）を下回る分野はありません"},
    "en": {"no_weak": "no topic is below the target mastery ({desired})"},
}

LANGS = ("ja", "en")


def term(lang: str, figure: str) -> str:
    """The figure's name in `lang`."""
    return GLOSSARY[lang][figure][0]


def explain(lang: str, figure: str, pass_mark: float = 0.65, desired: float = 0.9) -> str:
    """`name: meaning`, the one line that explains `figure` in `lang`."""
    name, meaning = GLOSSARY[lang][figure]
    return f"{name}: " + meaning.format(pass_mark=f"{pass_mark:.0%}", desired=f"{desired:.0%}")


def note(lang: str, key: str, desired: float = 0.9) -> str:
    return NOTES[lang][key].format(desired=f"{desired:.0%}")
