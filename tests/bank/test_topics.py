"""Topic display names (`trainer.bank.topics`): every topic path of the bank, and every prefix of
one, is named after the syllabus in both languages."""

from __future__ import annotations

from trainer.bank.loader import load_bank, load_syllabus
from trainer.bank.topics import build_topic_names, topic_names


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


def test_groups_are_named_after_their_home_in_the_syllabus() -> None:
    names = topic_names(load_bank())
    assert names.name("applied_math", "ja") == "応用数学"
    assert names.name("deep_learning/cnn", "ja") == "畳み込みニューラルネットワーク"  # most of 3-4
    assert names.name("deep_learning/rnn", "en") == "Recurrent neural networks"
    assert names.name("machine_learning/svm", "en").startswith("Supervised learning 3")  # 2-1-6
    assert names.label("deep_learning/cnn/im2col", "en").endswith(" (im2col)")  # path beside
    assert names.label("machine_learning", "ja") == "機械学習"  # an area: the name alone


def test_an_unknown_path_reads_as_its_last_part() -> None:
    names = build_topic_names(load_syllabus(), [("x/y", "3-4-1")])
    assert names.name("x/y", "ja") == "基本的な畳み込み演算"
    assert names.name("x/y/some_thing", "en") == "some thing"
    assert names.nodes["x/y"] == "3-4-1"
