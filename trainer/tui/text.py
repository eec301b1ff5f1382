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
        "home_keys": "s 全部を学習 · t 選んだ分野 · c 問題数を指定 · x 模擬試験 · p 進捗 · e 演習"
        " · ? ヘルプ",
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
        "readiness": "合格見込み {expected}（95%: {low}–{high}）合格確率 {p_pass} 学習範囲 {seen}",
        "history": "復習 {total} 回 · 正答率 {accuracy} · 連続 {streak} 日（最長 {best} 日）",
        "retention": "真の定着率（30 日）{rate}（{n} 件、目標 {desired}）",
        "retention_gap": " · FSRS の予測とのずれ {gap}",
        "history_chart": "過去 {days} 日の復習数（最大 {max}、計 {sum}）",
        "forecast_chart": "今後 {days} 日の復習予定（期限切れ {overdue}、最大 {max}、計 {sum}）",
        "weakest": "弱い分野（学習すると伸びる順）",
        "mastery": "定着度",
        "seen": "学習済/全",
        "accuracy_30d": "30日正答率",
        "streak": "連続 {streak} 日（最長 {best} 日）",
        "exercise": "演習",
        "status": "状態",
        "attempts": "提出",
        "title": "内容",
        "status_passed": "合格",
        "status_failed": "不合格",
        "status_never": "未提出",
        "exercise_keys": "Enter/c 採点 · o エディタで開く（$EDITOR）· Esc ホーム",
        "exercise_checking": "{id} を採点中…（操作はそのまま続けられます）",
        "not_recorded": "提出は記録されませんでした: {error}",
        "no_editor": "$EDITOR が未設定です。ファイル: {path}",
        "exam_setup_title": "模擬試験（本番は約 100 問・120 分）",
        "exam_questions": "問題数",
        "exam_minutes": "制限時間（分）",
        "exam_setup_hint": "Tab で移動、Enter で次へ（Esc で取消）",
        "exam_intro": "模擬試験: {n} 問、制限時間 {m} 分（シード {seed}）。\n\n"
        "シラバスの重みに従って全分野から出題します。正誤は最後にまとめて表示します。"
        "解答は復習としても記録されます（不正解 = Again、正解 = Good）。"
        "とばした問題は最後にもう一度出題します。"
        "未解答のまま終わった問題は不正解として採点します。",
        "exam_start": "Enter で開始（ここから時間を計ります）· Esc でホームへ",
        "exam_empty": "出題できる問題がありません。",
        "exam_count": "{k}/{n} 問 · 解答 {a}",
        "exam_revisit": "見直し",
        "exam_back": "とばした {n} 問に戻ります",
        "exam_back_one": "とばした 1 問に戻ります",
        "exam_left": "残り {left}",
        "exam_hint_typed": "Enter で解答（正誤は最後に表示）· 空欄で Enter または Ctrl+N で"
        "とばす · Esc 終了",
        "exam_hint_choice": "番号キーで選択し Enter で解答 · 未選択で Enter または Ctrl+N で"
        "とばす · Esc 終了",
        "exam_hint_multiple": "番号キーで選択/解除し Enter で解答（複数選択）· Ctrl+N で"
        "とばす · Esc 終了",
        "exam_confirm": "試験を終了しますか？ここまでの解答を採点して記録します。"
        "未解答の問題は不正解になります。",
        "exam_confirm_keys": "y / Enter 終了 · n / Esc 続ける",
        "exam_finishing": "採点しています…",
        "exam_time_up": "時間切れです。",
        "exam_result": "結果: {k}/{n} 問正解（{pct}）、解答 {a} 問",
        "exam_area": "分野",
        "exam_correct": "正解",
        "exam_share": "正答率",
        "exam_missed": "不正解・未解答の問題（{n} 問）",
        "exam_all_right": "全問正解です。",
        "exam_unanswered": "（未解答）",
        "your_answer": "あなたの解答",
        "exam_saved": "記録しました（模擬試験 #{id}）。",
        "exam_not_saved": "模擬試験を記録できませんでした: {error}",
        "exam_done_keys": "↑↓ でスクロール · Enter または Esc でホームへ",
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
        "home_keys": "s study all · t topic · c custom count · x mock exam · p progress"
        " · e exercises · ? help",
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
        "readiness": "readiness {expected} (95%: {low}–{high}) · P(pass) {p_pass} · studied {seen}",
        "history": "{total} reviews · accuracy {accuracy} · streak {streak} d (best {best})",
        "retention": "true retention (30 days) {rate} over {n} reviews (target {desired})",
        "retention_gap": " · FSRS predictions off by {gap}",
        "history_chart": "reviews per day, last {days} days (max {max}/day, total {sum})",
        "forecast_chart": "due in the next {days} days (overdue {overdue}, max {max}, total {sum})",
        "weakest": "weakest topics (most to gain first)",
        "mastery": "mastery",
        "seen": "studied",
        "accuracy_30d": "30-day accuracy",
        "streak": "streak {streak} days (best {best})",
        "exercise": "exercise",
        "status": "status",
        "attempts": "tries",
        "title": "title",
        "status_passed": "passed",
        "status_failed": "failed",
        "status_never": "never tried",
        "exercise_keys": "Enter/c check · o open in $EDITOR · Esc home",
        "exercise_checking": "checking {id}… (the screen stays usable)",
        "not_recorded": "not recorded: {error}",
        "no_editor": "$EDITOR is not set; your file: {path}",
        "exam_setup_title": "Mock exam (the real one: about 100 items in 120 minutes)",
        "exam_questions": "questions",
        "exam_minutes": "minutes",
        "exam_setup_hint": "Tab moves, Enter goes on; Esc cancels",
        "exam_intro": "Mock exam: {n} questions in {m} minutes (seed {seed}).\n\n"
        "Drawn across the syllabus by weight. Nothing is marked until the end. Answers also "
        "count as reviews (wrong = Again, right = Good). Skipped questions come back after the "
        "last one; those left unanswered count as wrong.",
        "exam_start": "Enter: start (the clock starts now) · Esc: back home",
        "exam_empty": "There are no questions to draw.",
        "exam_count": "{k}/{n} · answered {a}",
        "exam_revisit": "revisit",
        "exam_back": "Back to the {n} questions you skipped",
        "exam_back_one": "Back to the question you skipped",
        "exam_left": "{left} left",
        "exam_hint_typed": "Enter answers (marked at the end) · empty Enter or Ctrl+N skips"
        " · Esc finishes",
        "exam_hint_choice": "Pick with the number keys, Enter answers · Enter with none picked or"
        " Ctrl+N skips · Esc finishes",
        "exam_hint_multiple": "Toggle with the number keys (several may be right), Enter answers"
        " · Ctrl+N skips · Esc finishes",
        "exam_confirm": "Finish the exam now? What you answered is marked and saved; "
        "the rest counts as wrong.",
        "exam_confirm_keys": "y / Enter: finish · n / Esc: go on",
        "exam_finishing": "marking…",
        "exam_time_up": "Time is up.",
        "exam_result": "Score: {k}/{n} correct ({pct}), {a} answered",
        "exam_area": "area",
        "exam_correct": "correct",
        "exam_share": "share",
        "exam_missed": "Missed or unanswered ({n})",
        "exam_all_right": "Every answer was right.",
        "exam_unanswered": "(not answered)",
        "your_answer": "your answer",
        "exam_saved": "Saved (mock exam #{id}).",
        "exam_not_saved": "The mock exam could not be saved: {error}",
        "exam_done_keys": "↑↓ scroll · Enter or Esc: back home",
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
