"""Topic display names (`trainer.bank.topics`): every topic path of the bank, and every prefix of
one, is named after the syllabus in both languages."""

from __future__ import annotations

import pytest

from trainer.bank.loader import load_bank, load_syllabus
from trainer.bank.topics import build_topic_names, in_topic, resolve_topic, topic_names


def test_every_topic_and_prefix_has_a_syllabus_name_in_both_languages() -> None:
    bank = load_bank()
    names = topic_names(bank)
    assert topic_names(bank) is names  # computed once per bank
    paths = {q.topic for q in bank.questions.values()}
    prefixes = {"/".join(p.split("/")[:n]) for p in paths for n in range(1, 4)}
    syllabus = {e.name.ja for e in bank.syllabus.entries.values()}
    areas = {a.ja for a in bank.syllabus.areas.values()}
    for path in prefixes:
        ja, en = names.name(path, "ja"), names.name(path, "en")
        assert ja and en, path
        assert ja in syllabus | areas, (path, ja)  # a name the syllabus gives, not the path
        assert "_" not in en, (path, en)


def test_topics_are_the_syllabus_sections_named_and_numbered_by_it() -> None:
    bank = load_bank()
    names = topic_names(bank)
    sections = {e.id for e in bank.syllabus.entries.values() if e.depth == 1}
    # every question's topic is its section: 24 topics under 5 majors, not 40-odd free paths
    assert {names.nodes[q.topic] for q in bank.questions.values()} == sections
    assert all(
        names.nodes[q.topic] == q.syllabus.rsplit("-", 1)[0] for q in bank.questions.values()
    )
    assert names.name("3_dl_fundamentals/3-4_cnn", "ja") == "畳み込みニューラルネットワーク"
    assert names.label("3_dl_fundamentals/3-4_cnn", "en") == "3-4 Convolutional neural networks"
    assert names.label("2_machine_learning", "ja") == "2 機械学習"
    # the two old drifting paths for object detection are one topic now
    old_paths = {"deep_learning/detection", "deep_learning/object_detection"}
    drifted = [
        q
        for q in bank.questions.values()
        if q.syllabus.startswith("4-2-") and _head(q.legacy_topic) in old_paths
    ]
    assert {_head(q.legacy_topic) for q in drifted} == old_paths
    assert {q.topic for q in drifted} == {"4_dl_applications/4-2_object_detection"}


@pytest.mark.parametrize(
    ("value", "path"),
    [
        ("3-4", "3_dl_fundamentals/3-4_cnn"),
        ("cnn", "3_dl_fundamentals/3-4_cnn"),
        ("dl_fundamentals/cnn", "3_dl_fundamentals/3-4_cnn"),
        ("3_dl_fundamentals/3-4_cnn/", "3_dl_fundamentals/3-4_cnn"),
        ("3", "3_dl_fundamentals"),
        ("dev_env", "5_dev_env"),
        ("4-2", "4_dl_applications/4-2_object_detection"),
    ],
)
def test_a_topic_is_named_by_number_slug_or_path(value: str, path: str) -> None:
    assert resolve_topic(load_bank(), value) == path


def test_old_topic_paths_select_what_they_selected_before() -> None:
    bank = load_bank()
    for old in ("deep_learning/detection", "applied_math/information", "deep_learning/cnn/im2col"):
        wanted = resolve_topic(bank, old)
        assert wanted == old
        chosen = {q.id for q in bank.questions.values() if in_topic(q.topic, q.legacy_topic, old)}
        before = {
            q.id
            for q in bank.questions.values()
            if q.legacy_topic == old or (q.legacy_topic or "").startswith(old + "/")
        }
        assert chosen == before and chosen, old


def test_a_topic_that_selects_nothing_resolves_to_none() -> None:
    bank = load_bank()
    for value in ("nope", "3-99", "deep_learning/nothing", "", "/"):
        assert resolve_topic(bank, value) is None, value


def test_an_unknown_path_reads_as_its_last_part() -> None:
    names = build_topic_names(load_syllabus(), [("x/y", "3-4-1")])
    assert names.name("x/y", "ja") == "基本的な畳み込み演算"
    assert names.name("x/y/some_thing", "en") == "some thing"
    assert names.nodes["x/y"] == "3-4-1"


def _head(path: str | None) -> str:
    return "/".join((path or "").split("/")[:2])
