"""`?`: every key of every screen, over the current one."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from trainer.tui.widgets.plain import Wrapped

KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Everywhere / 共通",
        (
            ("?, F1", "this help (F1 while typing) / ヘルプ"),
            ("ctrl+l", "日本語 ⇄ English"),
            ("ctrl+p", "command palette / コマンド"),
            ("ctrl+q", "quit (a checked answer is saved) / 終了"),
        ),
    ),
    (
        "Home / ホーム",
        (
            ("s", "study everything due, then new / 全部を学習"),
            ("t, Enter", "study the topic under the cursor / 選んだ分野"),
            ("c", "study a custom number of questions / 問題数を指定"),
            ("x", "mock exam: timed, scored at the end / 模擬試験"),
            ("↑ ↓", "move in the topic table / 分野を選ぶ"),
            ("p", "progress: mastery, history, forecast / 進捗"),
            ("e", "code exercises / 演習"),
            ("b", "card browser: search, suspend, bury, flag, reset / カード一覧"),
            (",", "settings: limits, retention, language, exam date / 設定"),
            ("r", "refresh the counts / 再読込"),
            ("q", "quit / 終了"),
        ),
    ),
    (
        "Review / 復習",
        (
            ("1-9", "pick a choice / 選択肢を選ぶ"),
            ("Enter", "answer; after feedback: Good (Again if wrong) / 解答・評価"),
            ("1 2 3 4", "after feedback: Again · Hard · Good · Easy / 評価"),
            ("ctrl+g", "I don't know: show the answer, recorded as Again / 分からない"),
            ("o", "after a wrong verdict: I was right, then rate 2-4 / 正解だった"),
            ("ctrl+z", "undo the last rating (up to 10 back) / 元に戻す"),
            ("ctrl+b", "bury until tomorrow / 明日まで埋める"),
            ("ctrl+s", "suspend until unsuspended / 出題停止"),
            ("ctrl+f", "flag as possibly wrong, with a note / 誤りの報告"),
            ("PgUp PgDn", "scroll the question and feedback / スクロール"),
            ("Esc", "back home; what was answered is saved / ホームへ"),
        ),
    ),
    (
        "Mock exam / 模擬試験",
        (
            ("Enter", "start; answer (nothing is marked until the end) / 開始・解答"),
            ("1-9", "pick a choice / 選択肢を選ぶ"),
            ("ctrl+n, empty Enter", "skip: it comes back after the last one / とばす"),
            ("Esc", "finish early: what was answered is scored / 途中で終了"),
            ("Enter, Esc", "on the results: back home / 結果からホームへ"),
        ),
    ),
    (
        "Progress / 進捗",
        (
            ("r", "rebuild the report / 再読込"),
            ("Esc, q", "back home / ホームへ"),
        ),
    ),
    (
        "Settings / 設定",
        (
            ("↑ ↓, Enter", "pick a setting and change it / 選んで変更"),
            ("Enter", "while typing: save (checked first) / 保存"),
            ("Esc", "cancel the change; again: back home / 取消・ホームへ"),
        ),
    ),
    (
        "Cards / カード一覧",
        (
            ("/", "search id, topic, question text / 検索"),
            ("v", "filter by state (new, due, flagged, leech, ...) / 状態で絞り込み"),
            ("Enter", "the card in detail: question, memory, every review / 詳細"),
            ("s", "suspend / unsuspend / 出題停止・解除"),
            ("b", "bury until tomorrow / unbury / 保留・解除"),
            ("f", "flag as possibly wrong (with a note) / unflag / フラグ・解除"),
            ("x", "reset: new again, after y/n / リセット"),
            ("Esc, q", "close the detail; back home / 戻る"),
        ),
    ),
    (
        "Exercises / 演習",
        (
            ("↑ ↓", "pick an exercise / 演習を選ぶ"),
            ("Enter, c", "check your file (in the background) / 採点"),
            ("o", "open your file in $EDITOR / エディタで開く"),
            ("Esc, q", "back home / ホームへ"),
        ),
    ),
)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q,f1", "close", "Close", id="help-close")
    ]

    def compose(self) -> ComposeResult:
        table = Table(show_header=False, box=None, expand=True, padding=(0, 1))
        table.add_column("key", style="bold", no_wrap=True)
        table.add_column("action", ratio=1)
        for section, keys in KEYS:
            table.add_row(f"[reverse] {section} [/]", "")
            for key, action in keys:
                table.add_row(key, Wrapped(action))
        with VerticalScroll(id="help-box"):
            yield Static(table, id="help-keys")

    def action_close(self) -> None:
        self.dismiss(None)
