"""Interface text in both languages; the question text itself comes from the bank."""

from __future__ import annotations

from datetime import timedelta

TEXT: dict[str, dict[str, str]] = {
    "ja": {
        "loading": "データベースを開いています…",
        "topic": "分野",
        "due": "復習",
        "new": "新規",
        "learned": "学習済",
        "leeches": "停止",
        "all": "合計",
        "summary": "今日の復習 {due} 問 · 新規 {new} 問 · 学習済 {learned} 問",
        "next_due": "次の復習: {when}",
        "home_keys": "s 全部を学習 · t 選んだ分野 · c 問題数を指定 · ? ヘルプ",
        "count_title": "何問学習しますか？",
        "count_hint": "1 以上の数を入力して Enter（Esc で取消）",
        "question": "問題",
        "review": "復習",
        "answer": "解答",
        "answer_choice": "番号キーで選択し Enter で解答",
        "answer_multiple": "番号キーで選択/解除し Enter で解答（複数選択）",
        "placeholder_numeric": "数値または式（例: 1/4, 25%, sqrt(2)/2）",
        "placeholder_expression": "式（例: 1 - tanh(x)**2）",
        "placeholder_text": "短い答え",
        "parsed_as": "解釈",
        "right": "○ 正解",
        "wrong": "× 不正解",
        "expected": "正解",
        "explanation": "解説",
        "source": "出典",
        "rate_right": "評価: 2 Hard · 3 Good · 4 Easy（Enter = Good）",
        "rate_wrong": "不正解なので Again として記録します（1 または Enter）",
        "checking": "採点中…",
        "saving": "記録中…",
        "done": "おつかれさまでした。解答 {n} 問、正解 {k} 問（正答率 {pct}）",
        "leech": "出題停止（リーチ）: {ids}",
        "done_keys": "Enter または Esc でホームへ",
        "nothing": "いま学習する問題はありません。",
        "again": "Again",
        "hard": "Hard",
        "good": "Good",
        "easy": "Easy",
    },
    "en": {
        "loading": "Opening the database…",
        "topic": "topic",
        "due": "due",
        "new": "new",
        "learned": "learned",
        "leeches": "leeches",
        "all": "total",
        "summary": "due today {due} · new {new} · learned {learned}",
        "next_due": "next review: {when}",
        "home_keys": "s study all · t selected topic · c custom count · ? help",
        "count_title": "How many questions?",
        "count_hint": "Type a number (1 or more) and Enter; Esc cancels",
        "question": "question",
        "review": "review",
        "answer": "answer",
        "answer_choice": "Pick with the number keys, Enter to answer",
        "answer_multiple": "Toggle with the number keys, Enter to answer (several may be right)",
        "placeholder_numeric": "a number or arithmetic (1/4, 25%, sqrt(2)/2)",
        "placeholder_expression": "an expression (1 - tanh(x)**2)",
        "placeholder_text": "a short answer",
        "parsed_as": "parsed as",
        "right": "RIGHT",
        "wrong": "WRONG",
        "expected": "answer",
        "explanation": "explanation",
        "source": "source",
        "rate_right": "Rate it: 2 Hard · 3 Good · 4 Easy (Enter = Good)",
        "rate_wrong": "Wrong, so it is recorded as Again (1 or Enter)",
        "checking": "checking…",
        "saving": "saving…",
        "done": "Session over: answered {n}, correct {k} (accuracy {pct})",
        "leech": "suspended as leeches: {ids}",
        "done_keys": "Enter or Esc: back home",
        "nothing": "Nothing to study right now.",
        "again": "Again",
        "hard": "Hard",
        "good": "Good",
        "easy": "Easy",
    },
}

RATING_KEYS = {1: "again", 2: "hard", 3: "good", 4: "easy"}


def say(lang: str, key: str, **values: object) -> str:
    return TEXT[lang][key].format(**values)


def span(delta: timedelta, lang: str) -> str:
    """A short interval: `10m`, `3d`, `2.5mo` (`10分`, `3日`, `2.5ヶ月` in Japanese)."""
    seconds = max(0.0, delta.total_seconds())
    units = (
        (365 * 86400, "年", "y"),
        (30 * 86400, "ヶ月", "mo"),
        (86400, "日", "d"),
        (3600, "時間", "h"),
        (60, "分", "m"),
    )
    for size, ja, en in units:
        if seconds >= size:
            amount = seconds / size
            number = f"{amount:.0f}" if amount >= 10 or amount == int(amount) else f"{amount:.1f}"
            return number + (ja if lang == "ja" else en)
    return "<1分" if lang == "ja" else "<1m"
