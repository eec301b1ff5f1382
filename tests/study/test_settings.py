"""`trainer.study.settings`: defaults, every key's values (good and bad), storage per learner."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from trainer.reports.query import EXAM_DATE, exam_date
from trainer.store.records import get_setting, set_setting
from trainer.store.repository import Store
from trainer.study.settings import (
    DEFAULTS,
    KEYS,
    SettingError,
    Settings,
    is_default,
    load_settings,
    parse_setting,
    save_setting,
    setting_key,
    settings_json,
    value_text,
)


@pytest.fixture
def store(any_store: Store) -> Store:
    """Every test here runs on SQLite and on PostgreSQL 15."""
    return any_store


def test_keys_are_the_documented_ones_in_order() -> None:
    assert list(KEYS) == [
        "new-per-day",
        "reviews-per-day",
        "desired-retention",
        "learn-ahead",
        "new-order",
        "language",
        "exam-date",
        "minutes-per-day",
    ]
    for key in KEYS.values():
        assert key.description.ja and key.description.en
        assert key.expected.ja and key.expected.en


def test_defaults() -> None:
    assert Settings() == DEFAULTS == Settings(20, 200, 0.9, 20, "interleaved", "ja", None)
    assert all(is_default(DEFAULTS, key) for key in KEYS)


def test_nothing_stored_reads_the_defaults(store: Store) -> None:
    assert load_settings(store, store.user_id("ann")) == DEFAULTS


GOOD = [
    ("new-per-day", "0", 0),
    ("new-per-day", "9999", 9999),
    ("new-per-day", " 35 ", 35),
    ("new-per-day", "３５", 35),  # full-width digits, as typed with a Japanese input method
    ("reviews-per-day", "0", 0),
    ("reviews-per-day", "99999", 99999),
    ("desired-retention", "0.7", 0.7),
    ("desired-retention", "0.99", 0.99),
    ("desired-retention", "85%", 0.85),
    ("desired-retention", ".95", 0.95),
    ("learn-ahead", "0", 0),
    ("learn-ahead", "1440", 1440),
    ("new-order", "syllabus", "syllabus"),
    ("new-order", "RANDOM", "random"),
    ("new-order", "interleaved", "interleaved"),
    ("language", "en", "en"),
    ("language", "JA", "ja"),
    ("exam-date", "2027-02-20", date(2027, 2, 20)),
    ("exam-date", "none", None),
    ("exam-date", "clear", None),
    ("new_per_day", "3", 3),  # the field name works as the key too
    ("new-per-day", "default", 20),
    ("exam-date", "default", None),
]


@pytest.mark.parametrize(("key", "text", "value"), GOOD)
def test_good_values(key: str, text: str, value: object) -> None:
    assert parse_setting(key, text) == value


BAD = [
    ("new-per-day", "-1"),
    ("new-per-day", "10000"),
    ("new-per-day", "2.5"),
    ("new-per-day", "ten"),
    ("new-per-day", ""),
    ("reviews-per-day", "100000"),
    ("reviews-per-day", "-5"),
    ("desired-retention", "0.69"),
    ("desired-retention", "1"),
    ("desired-retention", "0.995"),
    ("desired-retention", "nan"),
    ("desired-retention", "inf"),
    ("desired-retention", "high"),
    ("desired-retention", "200%"),
    ("learn-ahead", "1441"),
    ("learn-ahead", "-1"),
    ("learn-ahead", "20m"),
    ("new-order", "alphabetical"),
    ("new-order", ""),
    ("language", "fr"),
    ("language", "日本語"),
    ("exam-date", "2027-13-01"),
    ("exam-date", "20270220"),
    ("exam-date", "2027-W08-6"),
    ("exam-date", "tomorrow"),
]


@pytest.mark.parametrize(("key", "text"), BAD)
def test_bad_values_are_refused_in_both_languages(key: str, text: str) -> None:
    with pytest.raises(SettingError) as caught:
        parse_setting(key, text)
    error = caught.value
    assert error.key == key and error.given == text
    expected = setting_key(key).expected
    assert error.en == str(error) == error.get("en")
    assert error.ja == error.get("ja") != error.en
    for lang, message in (("ja", error.ja), ("en", error.en)):
        assert message.startswith(f"{key}: ")  # names the key...
        assert text in message  # ...what was given...
        assert expected.get(lang) in message  # ...and what is expected


def test_an_unknown_key_lists_the_known_ones() -> None:
    with pytest.raises(SettingError) as caught:
        parse_setting("colour", "blue")
    assert "colour" in caught.value.en and "colour" in caught.value.ja
    assert "new-per-day" in caught.value.en and "exam-date" in caught.value.ja


def test_round_trip_of_every_key(store: Store) -> None:
    user = store.user_id("ann")
    changed = {
        "new-per-day": "5",
        "reviews-per-day": "150",
        "desired-retention": "0.85",
        "learn-ahead": "60",
        "new-order": "syllabus",
        "language": "en",
        "exam-date": "2027-02-20",
    }
    for key, text in changed.items():
        after = save_setting(store, user, key, text)
        assert value_text(after, key) == text and not is_default(after, key)
    expected = Settings(5, 150, 0.85, 60, "syllabus", "en", date(2027, 2, 20))
    assert after == expected
    assert load_settings(store, user) == expected
    assert load_settings(store, store.user_id("bob")) == DEFAULTS  # per learner


def test_the_exam_date_is_where_the_reports_read_it(store: Store) -> None:
    user = store.user_id("ann")
    save_setting(store, user, "exam-date", "2027-02-20")
    assert get_setting(store, user, EXAM_DATE) == "2027-02-20"
    assert exam_date(store, user) == date(2027, 2, 20)
    set_setting(store, user, EXAM_DATE, "2027-08-01")  # `trainer config exam-date` writes here
    assert load_settings(store, user).exam_date == date(2027, 8, 1)
    assert save_setting(store, user, "exam-date", "clear").exam_date is None
    assert get_setting(store, user, EXAM_DATE) is None


def test_a_bad_value_saves_nothing(store: Store) -> None:
    user = store.user_id("ann")
    save_setting(store, user, "new-per-day", "7")
    with pytest.raises(SettingError):
        save_setting(store, user, "new-per-day", "-7")
    with pytest.raises(SettingError):
        save_setting(store, user, "nope", "1")
    assert load_settings(store, user) == Settings(new_per_day=7)


def test_the_default_removes_the_row(store: Store) -> None:
    user = store.user_id("ann")
    save_setting(store, user, "reviews-per-day", "50")
    assert get_setting(store, user, "reviews_per_day") == "50"
    assert save_setting(store, user, "reviews-per-day", "default") == DEFAULTS
    assert get_setting(store, user, "reviews_per_day") is None
    save_setting(store, user, "language", "en")
    save_setting(store, user, "language", "ja")  # the default value: no row either
    assert get_setting(store, user, "language") is None


@pytest.mark.parametrize(
    ("stored", "text"),
    [
        ("new_per_day", "many"),
        ("new_per_day", "-4"),
        ("reviews_per_day", ""),
        ("desired_retention", "0.2"),
        ("learn_ahead_minutes", "1e9"),
        ("new_order", "by-colour"),
        ("language", "klingon"),
        (EXAM_DATE, "someday"),
    ],
)
def test_stored_garbage_reads_as_the_default(store: Store, stored: str, text: str) -> None:
    user = store.user_id("ann")
    set_setting(store, user, stored, text)  # an older version or a hand edit wrote it
    assert load_settings(store, user) == DEFAULTS
    good = ("language", "en") if stored != "language" else ("new-order", "random")
    after = save_setting(store, user, *good)  # the other settings still read as stored
    assert value_text(after, good[0]) == good[1]
    assert load_settings(store, user) == after


def test_json_has_every_key_with_its_default_and_meaning() -> None:
    settings = Settings(desired_retention=0.8, exam_date=date(2027, 2, 20))
    doc = settings_json(settings, "en")
    assert list(doc) == list(KEYS)
    assert doc["desired-retention"] == {
        "value": 0.8,
        "default": 0.9,
        "is_default": False,
        "description": KEYS["desired-retention"].description.en,
    }
    assert doc["exam-date"]["value"] == "2027-02-20" and doc["exam-date"]["default"] is None
    assert doc["new-per-day"]["is_default"] is True
    assert settings_json(settings, "ja")["language"]["description"] == (
        KEYS["language"].description.ja
    )


def test_importing_the_settings_loads_no_database_code() -> None:
    import subprocess
    import sys

    code = (
        "import sys, trainer.study.settings\n"
        "print(any(m.split('.')[0] in ('sqlalchemy', 'textual') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_settings_offer_what_the_scheduler_knows_with_its_defaults() -> None:
    """settings.py repeats the scheduler's new-card orders and defaults (to stay light to
    import); they must never drift apart."""
    from trainer.scheduling import NEW_ORDERS
    from trainer.scheduling.queue import DEFAULT_LEARN_AHEAD, DEFAULT_NEW_LIMIT
    from trainer.study import settings

    assert settings.NEW_ORDERS == NEW_ORDERS
    defaults = settings.Settings()
    assert defaults.new_order in NEW_ORDERS
    assert defaults.new_per_day == DEFAULT_NEW_LIMIT
    assert timedelta(minutes=defaults.learn_ahead_minutes) == DEFAULT_LEARN_AHEAD
