"""A learner's settings: what they are, how typed values are checked, where they are kept.

Each setting is one row of `user_setting` (the learner's id, a key, the value as text), so the
settings follow the learner to any machine that opens the same database. A missing row means the
default; a stored value that no longer parses (an older version, a hand edit) also reads as the
default instead of failing. The exam date keeps the key the reports read (`exam_date`).

Importing this module loads nothing but the standard library: SQLAlchemy and the tables are
imported inside the functions that read or write the database, so a UI can import `Settings`
before its first frame.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from trainer.store.repository import Store

LANGUAGES = ("ja", "en")
# The scheduler's own `trainer.scheduling.NEW_ORDERS`, repeated so that reading settings does not
# import fsrs (a test holds the two, and the defaults below, equal to the scheduler's).
NEW_ORDERS = ("interleaved", "syllabus", "random")
CLEAR_WORDS = ("none", "clear")  # exam-date: remove it
RESET_WORD = "default"  # any key: back to the default (the row is removed)
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class Settings:
    new_per_day: int = 20
    reviews_per_day: int = 200
    desired_retention: float = 0.9
    learn_ahead_minutes: int = 20
    new_order: str = "interleaved"
    language: str = "ja"
    exam_date: date | None = None
    minutes_per_day: int | None = None  # the learner's daily time budget (`trainer plan`)


DEFAULTS = Settings()


@dataclass(frozen=True)
class Bilingual:
    """A text in both interface languages."""

    ja: str
    en: str

    def get(self, lang: str) -> str:
        return self.ja if lang == "ja" else self.en


class SettingError(ValueError):
    """A setting name or value that cannot be used; the message exists in both languages and
    names the key, what was given and what is expected. `str()` is the English one."""

    def __init__(self, key: str, given: str, message: Bilingual) -> None:
        super().__init__(message.en)
        self.key = key
        self.given = given
        self.message = message

    @property
    def ja(self) -> str:
        return self.message.ja

    @property
    def en(self) -> str:
        return self.message.en

    def get(self, lang: str) -> str:
        return self.message.get(lang)


SettingValue = int | float | str | date | None


@dataclass(frozen=True)
class SettingKey:
    """One setting: its command-line name, its `Settings` field, its row key in the database,
    how a typed value is read (raises `ValueError` when it cannot be used), and what it means."""

    name: str
    field: str
    stored: str
    parse: Callable[[str], SettingValue]
    expected: Bilingual
    description: Bilingual
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()

    def default(self) -> SettingValue:
        value: SettingValue = getattr(DEFAULTS, self.field)
        return value

    def text(self, value: SettingValue) -> str:
        """The value as it is stored and shown (`0.9`, `2027-02-20`, `none`)."""
        if value is None:
            return "none"
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, float):
            return f"{value:g}"
        return str(value)


def _whole(low: int, high: int) -> Callable[[str], SettingValue]:
    def parse(text: str) -> SettingValue:
        number = int(text)  # ValueError for anything but an optionally signed whole number
        if not low <= number <= high:
            raise ValueError(text)
        return number

    return parse


def _retention(text: str) -> SettingValue:
    number = float(text[:-1]) / 100 if text.endswith("%") else float(text)
    if not math.isfinite(number):
        raise ValueError(text)
    number = round(number, 4)
    if not 0.7 <= number <= 0.99:  # what the scheduler accepts (Anki's range)
        raise ValueError(text)
    return number


def _one_of(choices: tuple[str, ...]) -> Callable[[str], SettingValue]:
    def parse(text: str) -> SettingValue:
        word = text.lower()
        if word not in choices:
            raise ValueError(text)
        return word

    return parse


def _minutes(text: str) -> SettingValue:
    if text.lower() in CLEAR_WORDS:
        return None
    return _whole(1, 1440)(text)


def _day(text: str) -> SettingValue:
    if text.lower() in CLEAR_WORDS:
        return None
    if not _ISO_DAY.fullmatch(text):  # fromisoformat also takes 20270220 and week dates
        raise ValueError(text)
    return date.fromisoformat(text)


KEYS: dict[str, SettingKey] = {
    key.name: key
    for key in (
        SettingKey(
            "new-per-day",
            "new_per_day",
            "new_per_day",
            _whole(0, 9999),
            Bilingual("0〜9999 の整数", "a whole number from 0 to 9999"),
            Bilingual(
                "1日に始める新しい問題の上限（0 で新規なし）",
                "new questions per day at most (0: none)",
            ),
            minimum=0,
            maximum=9999,
        ),
        SettingKey(
            "reviews-per-day",
            "reviews_per_day",
            "reviews_per_day",
            _whole(0, 99999),
            Bilingual("0〜99999 の整数", "a whole number from 0 to 99999"),
            Bilingual(
                "1日の復習の上限（残りは翌日以降へ）",
                "reviews per day at most (the rest wait)",
            ),
            minimum=0,
            maximum=99999,
        ),
        SettingKey(
            "desired-retention",
            "desired_retention",
            "desired_retention",
            _retention,
            Bilingual("0.70〜0.99 の数（90% とも書けます）", "a number from 0.70 to 0.99 (or 90%)"),
            Bilingual(
                "目標とする再生率（高いほど復習が増える）",
                "chance of recall to aim for (higher: more reviews)",
            ),
            minimum=0.7,
            maximum=0.99,
        ),
        SettingKey(
            "learn-ahead",
            "learn_ahead_minutes",
            "learn_ahead_minutes",
            _whole(0, 1440),
            Bilingual("0〜1440 の整数（分）", "a whole number of minutes from 0 to 1440"),
            Bilingual(
                "期限の何分前から復習を出題してよいか",
                "how many minutes early a review may be asked",
            ),
            minimum=0,
            maximum=1440,
        ),
        SettingKey(
            "new-order",
            "new_order",
            "new_order",
            _one_of(NEW_ORDERS),
            Bilingual(
                "interleaved（分野を交互）、syllabus（シラバス順）、random（ランダム）のいずれか",
                "interleaved (topics taken in turn), syllabus (syllabus order) or random",
            ),
            Bilingual("新しい問題を出す順番", "the order new questions come in"),
            choices=NEW_ORDERS,
        ),
        SettingKey(
            "language",
            "language",
            "language",
            _one_of(LANGUAGES),
            Bilingual("ja（日本語）または en（英語）", "ja (Japanese) or en (English)"),
            Bilingual(
                "問題と画面の言語（ctrl+l でも切り替え）",
                "language of questions and screens (also ctrl+l)",
            ),
            choices=LANGUAGES,
        ),
        SettingKey(
            "exam-date",
            "exam_date",
            "exam_date",  # the key `trainer.reports.query.EXAM_DATE` reads
            _day,
            Bilingual(
                "YYYY-MM-DD 形式の日付、または none/clear（消去）",
                "a date as YYYY-MM-DD, or none/clear to remove it",
            ),
            Bilingual(
                "受験日（合格見込みをこの日まで予測）",
                "exam day (readiness is projected to it)",
            ),
        ),
        SettingKey(
            "minutes-per-day",
            "minutes_per_day",
            "minutes_per_day",
            _minutes,
            Bilingual(
                "1〜1440 の整数（分）、または none/clear（未設定）",
                "a whole number of minutes from 1 to 1440, or none/clear",
            ),
            Bilingual(
                "1日に使える学習時間（trainer plan が目標再生率を選ぶ）",
                "study minutes a day (trainer plan picks a retention to fit)",
            ),
            minimum=1,
            maximum=1440,
        ),
    )
}

assert {key.field for key in KEYS.values()} == {f.name for f in fields(Settings)}


def _normalize(text: str) -> str:
    """Full-width digits and letters as typed with a Japanese input method, spaces trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


def setting_key(name: str) -> SettingKey:
    """The setting called `name` (as on the command line; `new_per_day` is accepted too)."""
    key = KEYS.get(_normalize(name).lower().replace("_", "-"))
    if key is None:
        names = ", ".join(KEYS)
        raise SettingError(
            name,
            name,
            Bilingual(
                f"「{name}」という設定はありません（設定: {names}）",
                f"unknown setting {name!r} (the settings are: {names})",
            ),
        )
    return key


def parse_setting(name: str, text: str) -> SettingValue:
    """The value `text` means for setting `name`; `default` means its default.
    Raises `SettingError` (bilingual) for an unknown name or a value it cannot take."""
    key = setting_key(name)
    clean = _normalize(text)
    if clean.lower() == RESET_WORD:
        return key.default()
    try:
        return key.parse(clean)
    except (ValueError, OverflowError):
        raise SettingError(
            key.name,
            text,
            Bilingual(
                f"{key.name}: 「{text}」は使えません。{key.expected.ja}を指定してください",
                f"{key.name}: {text!r} cannot be used; expected {key.expected.en}",
            ),
        ) from None


def value_of(settings: Settings, name: str) -> SettingValue:
    value: SettingValue = getattr(settings, setting_key(name).field)
    return value


def value_text(settings: Settings, name: str) -> str:
    """The value of setting `name` as shown and stored (`0.9`, `2027-02-20`, `none`)."""
    return setting_key(name).text(value_of(settings, name))


def is_default(settings: Settings, name: str) -> bool:
    key = setting_key(name)
    return bool(getattr(settings, key.field) == key.default())


def _from_rows(rows: dict[str, str]) -> Settings:
    """Settings from stored rows (key -> text); what is missing or unreadable is the default."""
    values: dict[str, SettingValue] = {}
    for key in KEYS.values():
        text = rows.get(key.stored)
        if text is None:
            continue
        try:
            values[key.field] = key.parse(_normalize(text))
        except (ValueError, OverflowError):
            continue
    return replace(DEFAULTS, **values)  # type: ignore[arg-type]


def load_settings(store: Store, user_id: int) -> Settings:
    """The learner's settings, in one query."""
    from sqlalchemy import select

    from trainer.store.models_reports import UserSetting

    stored = [key.stored for key in KEYS.values()]
    # Core on the table, not an ORM session: at start-up this is the first query, and an ORM
    # query would pay for configuring every mapper first (about 40 ms before the home screen).
    table = UserSetting.__table__.c
    query = select(table.key, table.value).where(table.user_id == user_id, table.key.in_(stored))
    return _from_rows({str(key): str(value) for key, value in store.rows(query)})


def save_setting(store: Store, user_id: int, name: str, text: str) -> Settings:
    """Check `text` for setting `name` and store it; returns the learner's settings after it.
    An unknown name or an unusable value raises `SettingError` and stores nothing. The default
    value (or `default`, or `none` for the exam date) removes the row."""
    from sqlalchemy import select

    from trainer.store.models_reports import UserSetting

    key = setting_key(name)
    value = parse_setting(key.name, text)
    now = datetime.now(UTC)
    stored = [item.stored for item in KEYS.values()]
    with store.writing() as session:
        row = session.scalar(
            select(UserSetting).where(UserSetting.user_id == user_id, UserSetting.key == key.stored)
        )
        if value == key.default():
            if row is not None:
                session.delete(row)
        elif row is None:
            session.add(
                UserSetting(user_id=user_id, key=key.stored, value=key.text(value), updated_at=now)
            )
        else:
            row.value = key.text(value)
            row.updated_at = now
        session.flush()
        query = select(UserSetting.key, UserSetting.value).where(
            UserSetting.user_id == user_id, UserSetting.key.in_(stored)
        )
        rows = {item: found for item, found in session.execute(query)}
    return _from_rows(rows)


def settings_json(settings: Settings, lang: str) -> dict[str, dict[str, object]]:
    """Every setting with its value, default and meaning, for `trainer config show --json`."""

    def plain(value: SettingValue) -> object:
        return value.isoformat() if isinstance(value, date) else value

    return {
        key.name: {
            "value": plain(getattr(settings, key.field)),
            "default": plain(key.default()),
            "is_default": is_default(settings, key.name),
            "description": key.description.get(lang),
        }
        for key in KEYS.values()
    }
