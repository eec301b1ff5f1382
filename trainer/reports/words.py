"""The words of the text, Markdown and HTML reports, in Japanese and English.

A report is written in one language throughout (`trainer report --lang`); the figures' own
explanations come from `trainer.reports.glossary`, shared with the progress screen. The JSON
document stays language-neutral (ids, with each topic's name in both languages).
"""

from __future__ import annotations

from typing import Any

LANGS = ("ja", "en")

WORDS: dict[str, dict[str, str]] = {
    "ja": {
        "title": "{user} さんの学習レポート",
        "html_title": "E資格 学習レポート: {user}",
        "generated": "{day} 作成。",
        "readiness": (
            "合格見込み（今日の模擬試験の予想得点率）: {expected}（95% 範囲 {low}〜{high}、"
            "{n} 問として。合格ライン {pass_mark} と仮定した合格確率 {p_pass}）。"
            "試験の重みのうち学習済み {seen}"
        ),
        "plan": (
            "試験日 {date}（あと {days} 日）: 今やめた場合の見込み {projected}"
            "（合格確率 {p_pass}）。"
            "{target} に届くには新規 {new} 問と復習 {refresh} 問、1 日あたり新規約 {daily_new} 問・"
            "復習約 {daily_reviews} 回"
        ),
        "plan_unreachable": "（この計画では届きません）",
        "note": "  注: {note}",
        "reviews": "解答数: {total}（正答率 {accuracy}）、連続学習 {streak} 日、最長 {best} 日",
        "retention": (
            "真の定着率（30 日）: {rate}（{n} 回の復習）、目標 {desired} に対して: {verdict}"
        ),
        "calibration": (
            "予測とのずれ: FSRS の予測想起率は {n} 回の日をまたぐ復習で平均 {gap} ずれています"
        ),
        "mock_exam": "模擬試験 {at}: {correct}/{questions}（{score}）、解答 {answered} 問。{areas}",
        "flagged": "誤りの可能性ありとした問題: {n}（{names}）。trainer cards list --state flagged",
        "glossary": "各数値の意味",
        "figure": "数値",
        "meaning": "意味",
        "mastery_per_topic": "分野別の定着度",
        "topic": "分野",
        "id": "ID",
        "leeches": "苦手",
        "weight": "重み",
        "study_next": "次に学ぶ分野（伸びしろの大きい順）",
        "points": "+{gain} 点",
        "due_next": "今後 30 日の復習予定: {n} 件（期限切れ +{overdue}）",
        "heatmap_text": "1 日あたりの解答数、直近 26 週（行は月〜日）:",
        "exercises": "コード演習",
        "exercise": "演習",
        "status": "状態",
        "attempts": "提出回数",
        "last": "最新の判定",
        "best": "最速",
        "mastery_per_area": "分野区分ごとの定着度",
        "area": "区分",
        "forecast": "復習予定",
        "overdue": "期限切れ: {n}",
        "day": "日付",
        "due": "予定",
        "true_retention": "真の定着率",
        "desired": "目標 {desired}: {verdict}",
        "last_30_days": "直近 30 日",
        "all_time": "全期間",
        "calibration_head": "予測とのずれ（平均 {gap}）:",
        "predicted_recall": "予測想起率",
        "reviews_col": "復習数",
        "predicted": "予測",
        "recalled": "実際",
        "gpu_timing": "CPU と GPU の実行時間",
        "review_calendar": "学習カレンダー",
        "accuracy_trend": "正答率の推移",
        "calibration_section": "FSRS はあなたの記憶を正しく予測しているか",
        "topics": "全分野",
        # charts
        "weekdays": "月,水,金",
        "heatmap_chart": "1 日あたりの解答数（直近 26 週）",
        "coverage_legend": "学習範囲",
        "mastery_legend": "定着度",
        "cards_due": "復習予定の問題数",
        "forecast_chart": "今後 30 日の復習予定（現在 {n} 件が期限切れ）",
        "trend_chart": "週ごとの正答率（7 日間の窓）",
        "predicted_axis": "予測想起率（FSRS）",
        "recalled_axis": "実際の想起率",
        "calibration_chart": "予測とのずれ: 平均 {gap}",
        "size_axis": "サイズ n",
        "ms_axis": "1 回あたりの時間 ms（中央値）",
        "timing_chart": "{function}: バックエンド別の 1 回あたりの時間",
        "timing_text": "CPU と GPU の実行時間: {function}（{day}）",
        "size": "サイズ",
        "never_beat": "{fast} は測定したどのサイズでも numpy より速くなりませんでした",
        "always_beat": "{fast} は測定したすべてのサイズで numpy より速かった",
        "beats_from": "{fast} は n = {size} から numpy より速い（交差点はおよそ n ≈ {estimate}）",
        "transfer": "{backend}: ホストからデバイスへのコピーが 1 回の呼び出し全体の {share}",
        # values
        "verdict_few": "まだ復習が足りません",
        "verdict_below": "目標より低い: 間隔が長すぎるかもしれません",
        "verdict_above": "目標より高い: 間隔をもっと長くできます",
        "verdict_on": "目標どおり",
        "note_past": "試験日が今日か過去です",
        "note_target": "定着率の目標（{desired}）を超える目標には届きません",
        "passed": "合格",
        "attempted": "挑戦中",
    },
    "en": {
        "title": "Progress report for {user}",
        "html_title": "E資格 progress report: {user}",
        "generated": "Generated {day}.",
        "readiness": (
            "Readiness (expected mock-exam score now): {expected} (95% interval {low}-{high} on "
            "{n} items; pass mark assumed {pass_mark}, P(pass) {p_pass}); studied {seen} of the "
            "syllabus weight"
        ),
        "plan": (
            "Exam {date} ({days:# day}): projected {projected} if you stop now (P(pass) {p_pass}); "
            "to reach {target}: {new} new + {refresh} refreshed questions, about {daily_new} new "
            "and {daily_reviews} reviews a day"
        ),
        "plan_unreachable": " (not reachable as planned)",
        "note": "  note: {note}",
        "reviews": "Reviews: {total} (accuracy {accuracy}), streak {streak:# day}, best {best}",
        "retention": (
            "True retention (30 days): {rate} over {n:# review} vs desired {desired}: {verdict}"
        ),
        "calibration": (
            "Calibration: FSRS's predicted recall is off by {gap} on average over {n} interday "
            "reviews"
        ),
        "mock_exam": (
            "Mock exam {at}: {correct}/{questions} ({score}), answered {answered}; {areas}"
        ),
        "flagged": "Flagged as possibly wrong: {n} ({names}); trainer cards list --state flagged",
        "glossary": "What the figures mean",
        "figure": "figure",
        "meaning": "meaning",
        "mastery_per_topic": "Mastery per topic",
        "topic": "topic",
        "id": "id",
        "leeches": "leeches",
        "weight": "weight",
        "study_next": "Study next (largest expected gain)",
        "points": "+{gain} pts",
        "due_next": "Due next 30 days: {n} (+{overdue} overdue)",
        "heatmap_text": "Reviews per day, last 26 weeks (Mon..Sun rows):",
        "exercises": "Exercises",
        "exercise": "exercise",
        "status": "status",
        "attempts": "attempts",
        "last": "last verdict",
        "best": "best",
        "mastery_per_area": "Mastery per area",
        "area": "area",
        "forecast": "Forecast (cards due)",
        "overdue": "Overdue: {n}",
        "day": "day",
        "due": "due",
        "true_retention": "True retention",
        "desired": "Desired {desired}: {verdict}",
        "last_30_days": "last 30 days",
        "all_time": "all time",
        "calibration_head": "Calibration (mean gap {gap}):",
        "predicted_recall": "predicted recall",
        "reviews_col": "reviews",
        "predicted": "predicted",
        "recalled": "recalled",
        "gpu_timing": "CPU vs GPU timing",
        "review_calendar": "Review calendar",
        "accuracy_trend": "Accuracy trend",
        "calibration_section": "Does FSRS predict your memory?",
        "topics": "Topics",
        "weekdays": "Mon,Wed,Fri",
        "heatmap_chart": "Reviews per day (last 26 weeks)",
        "coverage_legend": "studied (coverage)",
        "mastery_legend": "mastery",
        "cards_due": "cards due",
        "forecast_chart": "Forecast: next 30 days ({n} overdue now)",
        "trend_chart": "Accuracy per week (7-day windows)",
        "predicted_axis": "predicted recall (FSRS)",
        "recalled_axis": "recalled",
        "calibration_chart": "Calibration: mean gap {gap}",
        "size_axis": "size n",
        "ms_axis": "ms per call (median)",
        "timing_chart": "{function}: time per call by backend",
        "timing_text": "CPU vs GPU timing: {function} ({day})",
        "size": "size",
        "never_beat": "{fast} never beat numpy at the sizes measured",
        "always_beat": "{fast} beat numpy at every size measured",
        "beats_from": "{fast} beats numpy from n = {size} (crossover near n ≈ {estimate})",
        "transfer": "{backend}: host-to-device copy is {share} of an end-to-end call",
        "verdict_few": "not enough reviews yet",
        "verdict_below": "below target: intervals may be too long for you",
        "verdict_above": "above target: intervals could be longer",
        "verdict_on": "on target",
        "note_past": "the exam date is today or past",
        "note_target": "a target above the desired retention ({desired}) cannot be reached",
        "passed": "passed",
        "attempted": "attempted",
    },
}


def word(lang: str, key: str, **values: Any) -> str:
    """The report's `key` in `lang` (unknown languages read English), filled in with `values`."""
    from trainer.bank.english import words  # "{days:# day}": 1 day, 2 days

    text = WORDS.get(lang, WORDS["en"])[key]
    return text.format(**words(values)) if values else text


def value(lang: str, key: str) -> str:
    """A value word (a verdict, a status) in `lang`; one the table lacks: as is."""
    return WORDS.get(lang, WORDS["en"]).get(key, key)
