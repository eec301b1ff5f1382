"""The exercises in Japanese and English: where each text lives, and how a verdict picks one.

Layout (one rule for every learner-visible exercise text):

- English is the source: the stub's docstring (the contract), and the spec's strings (title,
  summary, hints, check names, example labels, `explain` texts, `verify` messages).
- Japanese for exercise ID lives in `trainer/grading/specs/ja/ID.toml`: `title`, `summary`,
  `contract` and `hints` (in the spec's order), and a `[strings]` table from each English string
  of the spec to its Japanese (gettext style: the English text is the key).
- The grader's own wording (statuses, "expected"/"got", mismatches, timeouts, crashes, ...) is
  the `MESSAGES` table below.

`load_exercise` turns the spec's strings into `Bi` (a str whose value is the English, with
`.ja`), so a verdict carries both texts from the parent process (the sandboxed worker never
translates): `Verdict.report(lang=...)` picks one, and `--json` keeps the English under each key
and adds the Japanese as `KEY_ja` (`name_ja`, `message_ja`, `case_label_ja`).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from string import Formatter
from typing import Any

JA_DIR = Path(__file__).resolve().parent / "specs" / "ja"


class Bi(str):
    """A text in both languages: the str value is the English, `.ja` the Japanese."""

    ja: str

    def __new__(cls, en: str, ja: str) -> Bi:
        text = super().__new__(cls, en)
        text.ja = ja
        return text

    def __getnewargs__(self) -> tuple[str, str]:  # type: ignore[override]
        return (str.__str__(self), self.ja)

    @property
    def en(self) -> str:
        return str.__str__(self)

    def pick(self, lang: str) -> str:
        return self.ja if lang == "ja" else self.en


def text(value: str, lang: str) -> str:
    """`value` in `lang` (a plain str is the same in both)."""
    if isinstance(value, Bi):
        return value.pick(lang)
    return str(value)


def ja_of(value: str | None) -> str | None:
    """The Japanese of a `Bi` (None for a plain str or None)."""
    return value.ja if isinstance(value, Bi) else None


# (English, Japanese) templates, filled by `say`; a Bi field is filled in the same language.
MESSAGES: dict[str, tuple[str, str]] = {
    # statuses, as the report's headline and per-check lines name them
    "status.passed": ("passed", "合格"),
    "status.failed": ("failed", "不合格"),
    "status.error": ("error", "エラー"),
    "status.timeout": ("timeout", "時間切れ"),
    "status.memory": ("memory", "メモリ不足"),
    "status.crashed": ("crashed", "クラッシュ"),
    "status.not run": ("not run", "未実行"),
    # the report
    "report.cases": ("{cases:# case}", "{cases} ケース"),
    "report.input": ("input{label}:", "入力{label}:"),
    "report.label": (" ({label})", "（{label}）"),
    "report.where": ("where: {where}", "場所: {where}"),
    "report.max_abs": ("max abs error {abs}", "最大絶対誤差 {abs}"),
    "report.max_rel": (", max rel error {rel}", "、最大相対誤差 {rel}"),
    "report.expected": ("expected:", "期待値:"),
    "report.got": ("got:", "あなたの値:"),
    "report.stdout": ("your output{note}:", "あなたの標準出力{note}:"),
    "report.stderr": ("your stderr{note}:", "あなたの標準エラー出力{note}:"),
    "report.truncated": (" (truncated)", "（一部省略）"),
    # case labels
    "label.edge": ("edge case: {label}", "境界ケース: {label}"),
    "label.shrunk": ("generated, then shrunk", "自動生成し、最小の失敗例まで縮小"),
    "label.generated": ("generated", "自動生成"),
    "label.finite": ("finite differences", "数値微分"),
    "label.stopped": ("running when it stopped: {label}", "停止時に実行中だったケース: {label}"),
    # the runner
    "run.cannot_read": ("cannot read {path}: {error}", "{path} を読めません: {error}"),
    "run.too_large": (
        "the file is larger than {limit} bytes",
        "ファイルが {limit} バイトを超えています",
    ),
    "run.not_utf8": (
        "the file is not UTF-8 text: {error}",
        "ファイルが UTF-8 のテキストではありません: {error}",
    ),
    "run.at": ("{message} (at {where})", "{message}（場所: {where}）"),
    "run.load_syntax": (
        "syntax error while loading your file: {message}",
        "ファイルの読み込み中に構文エラー: {message}",
    ),
    "run.load_error": (
        "error while loading your file: {message}",
        "ファイルの読み込み中にエラー: {message}",
    ),
    "run.incomplete": (
        "not every check produced results",
        "結果を返さなかったチェックがあります",
    ),
    "run.grader_bug": ("grader bug: {bug}", "採点器の不具合: {bug}"),
    "run.no_case": ("no case was run", "ケースが 1 つも実行されませんでした"),
    "run.memory": ("out of memory (MemoryError)", "メモリ不足（MemoryError）"),
    "run.memory_limit": (
        "out of memory (MemoryError): more than {limit} MB of address space",
        "メモリ不足（MemoryError）: アドレス空間が {limit} MB を超えました",
    ),
    "run.missing": ("results are missing", "結果が欠けています"),
    "run.numpy_calls": (
        "{explain}\nNumPy calls in your file to replace: {calls}",
        "{explain}\n置き換えるべき NumPy の呼び出し: {calls}",
    ),
    "run.explained": ("{explain}\n{message}", "{explain}\n{message}"),
    "run.verify_raised": (
        "your outputs are not what the contract describes ({error})",
        "出力が仕様に合っていません（{error}）",
    ),
    "run.todo": (
        "not implemented yet: fill in the blank marked TODO",
        "まだ実装されていません: TODO の箇所を埋めてください",
    ),
    "run.todo_at": (
        "not implemented yet: fill in the blank marked TODO ({where})",
        "まだ実装されていません: TODO の箇所を埋めてください（{where}）",
    ),
    "run.raised": (
        "your code raised {kind}: {message}",
        "あなたのコードが {kind} を送出しました: {message}",
    ),
    "run.forward_raised": (
        "your forward pass raised {kind}",
        "あなたの順伝播が {kind} を送出しました",
    ),
    "run.forward_returned": (
        "your forward pass returned {kind}",
        "あなたの順伝播が {kind} を返しました",
    ),
    "run.forward_shape": (
        "your forward output has shape {shape}, not {want}",
        "あなたの順伝播の出力の形状が {want} ではなく {shape} です",
    ),
    "run.finite": ("finite-difference check: {problem}", "数値微分によるチェック: {problem}"),
    "run.grad_shape": (
        "{grad} should have the shape of {input} {shape}",
        "{grad} は {input} と同じ形状 {shape} でなければなりません",
    ),
    "run.grad_differs": (
        "{grad} disagrees with a numerical gradient of your own forward pass at {at}: "
        "backward gives {a}, central differences give {n}",
        "{grad} が、あなた自身の順伝播から求めた数値微分と {at} で一致しません: "
        "逆伝播は {a}、中心差分は {n} です",
    ),
    "run.grad_forward": (
        "(it does match a numerical gradient of your own forward pass: check the forward pass)",
        "（あなた自身の順伝播の数値微分とは一致します: 順伝播を確認してください）",
    ),
    "run.grad_both": (
        "(it does not match a numerical gradient of your own forward pass either)",
        "（あなた自身の順伝播の数値微分とも一致しません）",
    ),
    # the learner's file does not provide what the exercise asks for (worker.ContractError)
    "contract.no_name": (
        "your file defines no function or class named '{name}'",
        "ファイルに '{name}' という名前の関数もクラスも定義されていません",
    ),
    "contract.no_attr": (
        "'{kind}' object has no attribute or method '{name}'",
        "'{kind}' オブジェクトに属性またはメソッド '{name}' がありません",
    ),
    "contract.tuple": (
        "{name} should be a tuple of at least {count} items; it is a {kind}{size}",
        "{name} は {count} 個以上の要素のタプルでなければなりませんが、{kind}{size} です",
    ),
    "contract.array_module": (
        "{what} should be an array of {module}, like its inputs; it is a {kind}",
        "{what} は入力と同じく {module} の配列でなければなりませんが、{kind} です",
    ),
    "contract.not_module": (
        "your file cannot be loaded as a Python module",
        "ファイルを Python モジュールとして読み込めません",
    ),
    # the worker process (sandbox.WorkerFailure)
    "worker.not_running": ("the worker is not running", "採点用プロセスが動いていません"),
    "worker.corrupted": (
        "crashed: the grader's channel was corrupted{suffix}: {what} "
        "(does your code write to file descriptors it did not open?)",
        "クラッシュ: 採点器との通信路が壊れました{suffix}: {what}"
        "（自分で開いていないファイル記述子に書き込んでいませんか?）",
    ),
    "channel.first": ("an unexpected first message", "最初のメッセージが想定外"),
    "channel.turn": ("an answer out of turn", "順番の合わない応答"),
    "channel.error": ("a malformed error", "形式の壊れたエラー"),
    "channel.result": ("a malformed result", "形式の壊れた結果"),
    "channel.unreadable": ("an unreadable result ({error})", "読めない結果（{error}）"),
    "worker.timeout": (
        "time limit exceeded{suffix} ({budget} s)",
        "制限時間を超えました{suffix}（{budget} 秒）",
    ),
    "worker.cpu": ("CPU time limit exceeded{suffix}", "CPU 時間の制限を超えました{suffix}"),
    "worker.memory": ("out of memory{suffix}", "メモリ不足{suffix}"),
    "worker.load_memory": (
        "your file ran out of memory while loading",
        "ファイルの読み込み中にメモリが不足しました",
    ),
    "worker.signal": (
        "crashed: {meaning} ({name}){suffix}",
        "クラッシュ: {meaning}（{name}）{suffix}",
    ),
    "worker.exited": (
        "the process exited (code {code}){suffix} before returning every result",
        "すべての結果を返す前にプロセスが終了しました（終了コード {code}）{suffix}",
    ),
    "worker.while_loading": ("while loading your file", "ファイルの読み込み中"),
    "signal.SIGSEGV": ("segmentation fault", "セグメンテーション違反"),
    "signal.SIGBUS": ("bus error", "バスエラー"),
    "signal.SIGABRT": ("aborted", "異常終了（abort）"),
    "signal.SIGFPE": ("floating-point exception", "浮動小数点例外"),
    "signal.SIGILL": ("illegal instruction", "不正な命令"),
    "signal.SIGKILL": ("killed (possibly out of memory)", "強制終了（メモリ不足の可能性）"),
    "signal.SIGXFSZ": (
        "file size limit exceeded ({limit} MB)",
        "ファイルサイズの制限を超えました（{limit} MB）",
    ),
    "signal.other": ("killed by a signal", "シグナルで終了"),
    # comparing outputs (compare.Mismatch)
    "cmp.number": (
        "{path} should be a number (a scalar), got {kind}",
        "{path} は数値（スカラー）でなければなりませんが、{kind} です",
    ),
    "cmp.sequence": (
        "{path} should be a {type} of {count} items, got {kind}",
        "{path} は {count} 個の要素の {type} でなければなりませんが、{kind} です",
    ),
    "cmp.length": (
        "{path} should have {count} items, got {got}",
        "{path} の要素数は {count} でなければなりませんが、{got} です",
    ),
    "cmp.dict": (
        "{path} should be a dict, got {kind}",
        "{path} は dict でなければなりませんが、{kind} です",
    ),
    "cmp.keys": (
        "{path} should have the keys {want}, got {got}",
        "{path} のキーは {want} でなければなりませんが、{got} です",
    ),
    "cmp.none": (
        "{path} should be None, got {kind}",
        "{path} は None でなければなりませんが、{kind} です",
    ),
    "cmp.bool": ("{path} should be {want}", "{path} は {want} でなければなりません"),
    "cmp.differs": ("{path} differs", "{path} が異なります"),
    "cmp.array_dtype": (
        "{path} should be a NumPy array of dtype {dtype}, got {kind}",
        "{path} は dtype {dtype} の NumPy 配列でなければなりませんが、{kind} です",
    ),
    "cmp.ragged": (
        "{path} should be an array, got a ragged {type}",
        "{path} は配列でなければなりませんが、長さの揃わない {type} です",
    ),
    "cmp.kind": (
        "{path} should be {want}, got {kind}",
        "{path} は{want}でなければなりませんが、{kind} です",
    ),
    "cmp.shape": (
        "{path} has shape {shape}, expected {want}",
        "{path} の形状が {shape} です（期待値は {want}）",
    ),
    "cmp.dtype": (
        "{path} has dtype {dtype}, expected {want}",
        "{path} の dtype が {dtype} です（期待値は {want}）",
    ),
    "cmp.real": (
        "{path} has dtype {dtype}; a real-valued array was expected",
        "{path} の dtype が {dtype} です。実数の配列でなければなりません",
    ),
    "cmp.elements": (
        "{at} is {got}, expected {want} ({count} of {size} elements differ)",
        "{at} が {got} です（期待値は {want}。{size} 要素中 {count} 要素が異なります）",
    ),
    "cmp.first": (
        "{message}\nthe first wrong element (in index order): {at} is {got}, expected {want}",
        "{message}\n最初に違う要素（添字の順）: {at} が {got} です（期待値は {want}）",
    ),
    "cmp.value": ("{path} is {got}, expected {want}", "{path} が {got} です（期待値は {want}）"),
    "kind.array": (
        "an array of shape {shape} and dtype {dtype}",
        "形状 {shape}、dtype {dtype} の配列",
    ),
    "kind.other": ("a {name}", "{name}"),
}


class _Fields(Formatter):
    """Fills a template in one language: a Bi field gives its text in that language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, Bi):
            value = value.pick(self.lang)
        if self.lang == "en" and format_spec.startswith("#"):
            from trainer.bank.english import plural

            return plural(int(value), format_spec[1:].strip())
        return str(super().format_field(value, format_spec))


def say(key: str, **params: Any) -> Bi:
    """The message `key` of `MESSAGES` in both languages."""
    en, ja = MESSAGES[key]
    return Bi(_Fields("en").format(en, **params), _Fields("ja").format(ja, **params))


def status(value: str) -> Bi:
    return say(f"status.{value}")


# -- the Japanese of the exercises ------------------------------------------------------------


@dataclass(frozen=True)
class Japanese:
    """What `specs/ja/ID.toml` holds for one exercise."""

    title: str
    summary: str
    contract: str
    hints: tuple[str, ...]
    strings: Mapping[str, str]


@cache
def japanese(exercise_id: str) -> Japanese:
    path = JA_DIR / f"{exercise_id}.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        data = {}
    return Japanese(
        title=str(data.get("title", "")),
        summary=str(data.get("summary", "")),
        contract=str(data.get("contract", "")).strip("\n"),
        hints=tuple(str(h) for h in data.get("hints", ())),
        strings={str(k): str(v) for k, v in data.get("strings", {}).items()},
    )


def translate(value: str, strings: Mapping[str, str]) -> str:
    """`value` as a Bi when the table has its Japanese; else as it is (a test finds it)."""
    if isinstance(value, Bi) or value not in strings:
        return value
    return Bi(value, strings[value])


_CONTRACT_ERRORS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"your file defines no function or class named '(?P<name>.*)'"),
        "contract.no_name",
    ),
    (
        re.compile(r"'(?P<kind>.*)' object has no attribute or method '(?P<name>.*)'"),
        "contract.no_attr",
    ),
    (
        re.compile(
            r"(?P<name>.*) should be a tuple of at least (?P<count>\d+) items; "
            r"it is a (?P<kind>\w+)(?P<size>.*)"
        ),
        "contract.tuple",
    ),
    (
        re.compile(
            r"(?P<what>.*) should be an array of (?P<module>\w+), like its inputs; "
            r"it is a (?P<kind>.*)"
        ),
        "contract.array_module",
    ),
    (re.compile(r"your file cannot be loaded as a Python module"), "contract.not_module"),
)


def contract_error(message: str) -> str:
    """A `worker.ContractError` message (made in the sandbox, in English) in both languages."""
    for pattern, key in _CONTRACT_ERRORS:
        match = pattern.fullmatch(message)
        if match is not None:
            params = match.groupdict()
            if params.get("size"):
                length = params["size"].removeprefix(" of length ")
                params["size"] = Bi(params["size"], f"（長さ {length}）")
            return say(key, **params)
    return message
