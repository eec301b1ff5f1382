"""`trainer export anki`: the shipped bank as an Anki package, read back from the .apkg (a zip
holding an SQLite collection): notes, fields, tags, decks, and the same ids on a second export."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.reliability.quizdriver import write_bank
from trainer.bank.loader import Bank, load_bank
from trainer.cli import main
from trainer.reports.anki import FIELDS, MODEL_IDS, deck_id, write_apkg

VARIANTS = 2


@dataclass(frozen=True)
class Collection:
    notes: list[tuple[str, int, list[str], list[str]]]  # guid, model id, fields, tags
    cards: list[tuple[int, str]]  # deck id, note guid
    decks: dict[int, str]  # id -> name
    models: dict[int, dict[str, object]]

    def fields(self, note_id: str) -> dict[str, str]:
        for _, mid, values, _ in self.notes:
            if values[0] == note_id:
                names = [str(f["name"]) for f in self.models[mid]["flds"]]  # type: ignore[union-attr]
                return dict(zip(names, values, strict=True))
        raise KeyError(note_id)


def read_apkg(path: Path, tmp: Path) -> Collection:
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        inner = next(n for n in ("collection.anki21", "collection.anki2") if n in names)
        archive.extract(inner, tmp)
    connection = sqlite3.connect(tmp / inner)
    try:
        notes = [
            (guid, mid, flds.split("\x1f"), tags.split())
            for guid, mid, flds, tags in connection.execute(
                "SELECT guid, mid, flds, tags FROM notes ORDER BY id"
            )
        ]
        cards = list(
            connection.execute(
                "SELECT cards.did, notes.guid FROM cards JOIN notes ON notes.id = cards.nid"
            )
        )
        decks_json, models_json = connection.execute("SELECT decks, models FROM col").fetchone()
    finally:
        connection.close()
    decks = {int(k): v["name"] for k, v in json.loads(decks_json).items()}
    models = {int(k): v for k, v in json.loads(models_json).items()}
    return Collection(notes, cards, decks, models)


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank()


@pytest.fixture(scope="module")
def exported(bank: Bank, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Collection]:
    folder = tmp_path_factory.mktemp("anki")
    write_apkg(bank, folder / "bank.apkg", lang="both", variants=VARIANTS)
    yield read_apkg(folder / "bank.apkg", folder)


def test_one_note_per_fixed_question_and_n_per_parametric(bank: Bank, exported: Collection) -> None:
    questions = bank.questions.values()
    fixed = sum(not q.parametric for q in questions)
    parametric = sum(q.parametric for q in questions)
    assert len(exported.notes) == fixed + VARIANTS * parametric
    assert len(exported.cards) == len(exported.notes)
    assert len({guid for guid, *_ in exported.notes}) == len(exported.notes)


def test_one_note_type_per_answer_kind_with_fixed_ids(bank: Bank, exported: Collection) -> None:
    kinds = {q.kind for q in bank.questions.values()}
    used = {mid for _, mid, _, _ in exported.notes}
    assert used == {MODEL_IDS[kind] for kind in kinds}
    for kind, mid in MODEL_IDS.items():
        model = exported.models[mid]
        assert [f["name"] for f in model["flds"]] == list(FIELDS[kind])  # type: ignore[attr-defined]
        front = model["tmpls"][0]["qfmt"]  # type: ignore[index]
        if kind == "choice":
            assert "Options_ja" in front and "type:" not in front
        else:
            assert "{{type:Answer" in front


def test_choice_fields_are_bilingual_with_explanation_and_source(
    bank: Bank, exported: Collection
) -> None:
    question = next(
        q for q in bank.questions.values() if q.kind == "choice" and q.style is None and not q.stem
    )
    fields = exported.fields(question.id)
    assert question.prompt.ja.split("\n")[0][:10] in fields["Prompt_ja"]
    assert fields["Options_ja"].startswith('<ol class="options">')
    assert fields["Options_ja"].count("<li>") == len(question.correct) + len(question.distractors)
    assert fields["Answer_ja"] and fields["Explanation_ja"]
    assert fields["Explanation_en"] or fields["Explanation_ja"]
    number = question.source.seed[:3]
    assert f"講義ノート {number}「" in fields["Source_ja"]
    assert f"course notes {number} " in fields["Source_en"]


def test_numeric_key_is_the_type_in_answer(bank: Bank, exported: Collection) -> None:
    question = next(q for q in bank.questions.values() if q.kind == "numeric" and not q.parametric)
    fields = exported.fields(question.id)
    assert fields["Answer"]
    assert float(fields["Answer"]) == pytest.approx(question.answer, rel=1e-2, abs=1e-2)  # type: ignore[attr-defined]


def test_parametric_questions_are_drawn_variants(bank: Bank, exported: Collection) -> None:
    question = next(q for q in bank.questions.values() if q.parametric)
    first, second = (exported.fields(f"{question.id}#{seed}") for seed in range(VARIANTS))
    assert first["Prompt_en"] != second["Prompt_en"] or first["Answer"] != second["Answer"]


def test_code_blank_keeps_its_listing_in_pre(bank: Bank, exported: Collection) -> None:
    question = next(q for q in bank.questions.values() if q.style == "code-blank" and q.listing)
    fields = exported.fields(question.id)
    assert fields["Prompt_ja"].startswith("<pre><code>")
    first_line = question.listing.splitlines()[0]  # type: ignore[union-attr]
    assert first_line in fields["Prompt_ja"].split("</code></pre>")[0]
    assert "\n" in fields["Prompt_ja"].split("</code></pre>")[0]


def test_item_sets_carry_their_stem(bank: Bank, exported: Collection) -> None:
    question = next(q for q in bank.questions.values() if q.stem is not None)
    assert question.stem is not None
    seed = "#0" if question.parametric else ""
    fields = exported.fields(question.id + seed)
    assert question.stem.en.split("\n")[0][:30] in fields["Prompt_en"].replace("&#x27;", "'")


def test_tags_from_topic_and_syllabus(bank: Bank, exported: Collection) -> None:
    for guid, _, values, tags in exported.notes[:50]:
        question = bank.questions[values[0].split("#")[0]]
        assert "topic::" + question.topic.replace("/", "::") in tags, guid
        assert f"syllabus::{question.syllabus}" in tags


def test_decks_follow_the_syllabus(bank: Bank, exported: Collection) -> None:
    names = set(exported.decks.values())
    assert "E資格" in names
    section = bank.syllabus.entries["3-4"]
    major = bank.syllabus.entries["3"]
    expected = f"E資格::3 {major.name.ja}::3-4 {section.name.ja}"
    assert expected in names
    assert exported.decks[deck_id("3-4")] == expected
    question = next(q for q in bank.questions.values() if q.syllabus.startswith("3-4-"))
    guid = next(g for g, _, values, _ in exported.notes if values[0].split("#")[0] == question.id)
    assert (deck_id("3-4"), guid) in exported.cards


def test_a_second_export_keeps_every_id(bank: Bank, exported: Collection, tmp_path: Path) -> None:
    write_apkg(bank, tmp_path / "again.apkg", lang="en", variants=VARIANTS)
    again = read_apkg(tmp_path / "again.apkg", tmp_path)
    assert [(g, m) for g, m, _, _ in again.notes] == [(g, m) for g, m, _, _ in exported.notes]
    assert set(again.decks) == set(exported.decks)
    assert again.decks[deck_id("3-4")].startswith("E資格::3 ")
    assert "Convolutional" in again.decks[deck_id("3-4")]
    # English cards show the English fields, falling back to Japanese where they say the same.
    front = again.models[MODEL_IDS["choice"]]["tmpls"][0]["qfmt"]  # type: ignore[index]
    assert "{{Prompt_en}}" in front and "{{^Prompt_en}}{{Prompt_ja}}" in front


# -- the command ------------------------------------------------------------------------------


@pytest.fixture
def small_bank(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TRAINER_BANK", str(write_bank(tmp_path / "bank", 4)))
    return tmp_path


def export(capsys: pytest.CaptureFixture[str], folder: Path, *args: str) -> tuple[int, str]:
    code = main(["--db", f"sqlite:///{folder / 'p.db'}", "export", "anki", *args])
    out, err = capsys.readouterr()
    assert out == ""
    return code, err


def test_command_writes_the_package(small_bank: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = small_bank / "deck.apkg"
    code, err = export(capsys, small_bank, "--out", str(out), "--lang", "en")
    assert code == 0, err
    assert "4 notes" in err and str(out) in err
    assert len(read_apkg(out, small_bank).notes) == 4


@pytest.mark.parametrize("given", ["0", "-2", "many"])
def test_bad_variants_is_one_line(
    small_bank: Path, capsys: pytest.CaptureFixture[str], given: str
) -> None:
    out = small_bank / "deck.apkg"
    code, err = export(capsys, small_bank, "--out", str(out), "--lang", "ja", "--variants", given)
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "--variants" in err and "1 以上" in err
    assert not out.exists()


def test_unwritable_out_is_one_line(small_bank: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = small_bank / "missing" / "deck.apkg"
    code, err = export(capsys, small_bank, "--out", str(out), "--lang", "en")
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"trainer: cannot write {out}")
    assert not list(small_bank.glob("**/*.partial"))
