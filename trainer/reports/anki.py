"""The question bank as an Anki package (.apkg), built with genanki.

One note type per answer kind: `choice` shows its options on the front; `numeric`, `expression`
and `text` ask with Anki's type-in box (`{{type:Answer}}`). Every note carries both languages in
its fields (`Prompt_ja`, `Prompt_en`, …); the card templates show Japanese, English or both
(`--lang`). The back holds the key, the explanation and the source in the course notes.

The deck tree is the syllabus's: `E資格::3 深層学習の基礎::3-4 畳み込みニューラルネットワーク`.
A parametric question becomes `variants` notes (seeds 0..N-1, drawn by
`trainer.bank.variants.make_variant`), a fixed one a single note (seed 0).

Exporting again must update the learner's notes in Anki, not add copies: note GUIDs come from the
question id and the seed (`genanki.guid_for`), note type ids are constants and deck ids are
derived from the syllabus node, so none of them changes between exports or languages.

The notes are built as plain data (`build_notes`); genanki is imported only when used.
"""

from __future__ import annotations

import hashlib
import html
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trainer.locale import Section

if TYPE_CHECKING:
    from trainer.bank.loader import Bank
    from trainer.bank.schema import Question
    from trainer.bank.variants import Variant

TEXT = Section("export")  # trainer/locale/{ja,en}.json, [export]

LANGS = ("ja", "en", "both")
DEFAULT_VARIANTS = 3
ROOT_DECK = "E資格"

# Fixed note type ids (never change them: Anki recognises a note type by its id).
MODEL_IDS = {
    "choice": 1_607_392_311,
    "numeric": 1_607_392_312,
    "expression": 1_607_392_313,
    "text": 1_607_392_314,
}
KINDS = tuple(MODEL_IDS)

BILINGUAL = ("Prompt", "Explanation", "Source")
# The fields of each note type, in order; `Id` first (Anki's sort field: `question-id#seed`).
FIELDS = {
    "choice": (
        "Id",
        "Prompt_ja",
        "Prompt_en",
        "Options_ja",
        "Options_en",
        "Multiple",
        "Answer_ja",
        "Answer_en",
        "Explanation_ja",
        "Explanation_en",
        "Source_ja",
        "Source_en",
    ),
    "numeric": (
        "Id",
        "Prompt_ja",
        "Prompt_en",
        "Answer",
        "Note_ja",
        "Note_en",
        "Explanation_ja",
        "Explanation_en",
        "Source_ja",
        "Source_en",
    ),
    "expression": (
        "Id",
        "Prompt_ja",
        "Prompt_en",
        "Answer",
        "Note_ja",
        "Note_en",
        "Explanation_ja",
        "Explanation_en",
        "Source_ja",
        "Source_en",
    ),
    "text": (
        "Id",
        "Prompt_ja",
        "Prompt_en",
        "Answer_ja",
        "Answer_en",
        "Note_ja",
        "Note_en",
        "Explanation_ja",
        "Explanation_en",
        "Source_ja",
        "Source_en",
    ),
}

CSS = """\
.card { font-family: "Hiragino Sans", "Noto Sans CJK JP", "Yu Gothic", sans-serif;
  font-size: 18px; text-align: left; line-height: 1.5; }
pre { background: #f4f4f4; color: #222; padding: .5em .75em; overflow-x: auto;
  font-size: 15px; line-height: 1.35; }
.nightMode pre { background: #2b2b2b; color: #eee; }
.formula { font-family: "Cambria Math", "STIX Two Math", serif; margin: .5em 0; }
.en { color: #666; margin-top: .4em; }
.nightMode .en { color: #aaa; }
.label { font-weight: bold; margin-top: .8em; }
.hint, .note { color: #777; font-size: 15px; }
ol.options li { margin: .2em 0; }
"""


@dataclass(frozen=True)
class AnkiNote:
    """One note as plain data: its note type (the answer kind), fields, tags, deck and GUID."""

    kind: str
    guid: str
    fields: dict[str, str]  # field name -> HTML
    tags: tuple[str, ...]
    deck: str  # a syllabus node id (`3-4`), or "" for the root deck
    question_id: str
    seed: int


@dataclass(frozen=True)
class DeckInfo:
    node: str  # syllabus node id, "" for the root
    names: dict[str, str]  # lang ("ja", "en", "both") -> full deck name with "::"


@dataclass(frozen=True)
class ExportSummary:
    notes: int
    decks: int
    questions: int


def guid(question_id: str, seed: int) -> str:
    """The note's GUID: genanki's hash of the question id and the seed (stable across runs)."""
    import genanki

    value: str = genanki.guid_for(question_id, seed)
    return value


def deck_id(node: str) -> int:
    """A fixed deck id for a syllabus node (the root deck for ""), in genanki's id range."""
    digest = hashlib.sha256(f"trainer-anki-deck:{node}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:8], "big") % (1 << 30)


# -- HTML -------------------------------------------------------------------------------------


def text_html(text: str) -> str:
    """Plain bank text as HTML: escaped, its line breaks kept."""
    return html.escape(text.strip("\n")).replace("\n", "<br>")


def code_html(code: str) -> str:
    return f"<pre><code>{html.escape(code.strip(chr(10)))}</code></pre>"


def prompt_html(question: Question, variant: Variant, lang: str) -> str:
    """The prompt as shown: the set's stem, any listing (in <pre>), the formula (line breaks
    kept), then the item's own question. `make_variant` has joined them into one text; the
    exhibits are known from the question, so they are split off again to be marked up."""
    shown = variant.prompt.get(lang)
    pieces: list[tuple[str, str]] = []  # (kind, text)
    if question.stem is not None:
        pieces.append(("text", question.stem.get(lang)))
    if question.stem_listing:
        pieces.append(("code", question.stem_listing))
    if question.formula is not None:
        pieces.append(("formula", question.formula.get(lang)))
    if question.listing:
        pieces.append(("code", question.listing))
    prefix = "\n\n".join(text.rstrip("\n") for _, text in pieces)
    if not pieces or not shown.startswith(prefix):
        return f"<div>{text_html(shown)}</div>"
    parts = []
    for kind, text in pieces:
        if kind == "code":
            parts.append(code_html(text))
        elif kind == "formula":
            parts.append(f'<div class="formula">{text_html(text)}</div>')
        else:
            parts.append(f"<div>{text_html(text)}</div>")
    rest = shown[len(prefix) :].lstrip("\n")
    if rest:
        parts.append(f"<div>{text_html(rest)}</div>")
    return "".join(parts)


def _option_html(text: str, code: bool) -> str:
    return f"<code>{text_html(text)}</code>" if code else text_html(text)


def source_text(bank: Bank, question: Question, lang: str) -> str:
    """Where the question comes from: the course notes by number and title, and the section."""
    from trainer.bank.topics import cite_course_notes

    seed = question.source.seed
    number = seed[:3]
    if number.isdigit():
        cited = cite_course_notes(f"course notes {number}", bank.syllabus, lang)
    else:
        document = bank.syllabus.seeds.get(seed)
        cited = document.title.get(lang) if document is not None else seed
    separator = "、" if lang == "ja" else ", "
    return f"{cited}{separator}{question.source.section}"


# -- notes ------------------------------------------------------------------------------------


def _key_number(variant: Variant) -> str:
    from trainer.bank.numbers import format_key, format_number

    assert variant.number is not None
    tolerance = variant.tolerance
    if tolerance is None:
        return format_number(variant.number)
    return format_key(variant.number, tolerance.abs, tolerance.rel)


def _say(lang: str, key: str, **values: object) -> str:
    return TEXT[lang][key].format(**values)


def _kind_fields(question: Question, variant: Variant) -> dict[str, str]:
    """The fields that depend on the answer kind."""
    from trainer.bank.schema import Style

    fields: dict[str, str] = {}
    if variant.kind == "choice":
        code = question.shape is Style.CODE_BLANK
        for lang in ("ja", "en"):
            items = "".join(
                f"<li>{_option_html(c.text.get(lang), code)}</li>" for c in variant.choices
            )
            fields[f"Options_{lang}"] = f'<ol class="options">{items}</ol>'
            keys = [c for c in variant.choices if c.correct]
            fields[f"Answer_{lang}"] = "<br>".join(
                f"{c.label}. {_option_html(c.text.get(lang), code)}" for c in keys
            )
        fields["Multiple"] = "1" if variant.multiple else ""
        return fields
    if variant.kind == "numeric":
        fields["Answer"] = html.escape(_key_number(variant))
        for lang in ("ja", "en"):
            notes = []
            if variant.unit is not None:
                notes.append(_say(lang, "anki_unit", unit=variant.unit))
            tolerance = variant.tolerance
            if tolerance is not None and variant.number is not None:
                allowed = max(tolerance.abs, tolerance.rel * abs(variant.number))
                if allowed > 1e-9:
                    from trainer.bank.numbers import format_number

                    notes.append(_say(lang, "anki_tolerance", allowed=format_number(allowed)))
            fields[f"Note_{lang}"] = html.escape(" · ".join(notes))
        return fields
    if variant.kind == "expression":
        fields["Answer"] = html.escape(variant.expression or "")
        for lang in ("ja", "en"):
            fields[f"Note_{lang}"] = html.escape(_say(lang, "anki_equivalent"))
        return fields
    assert variant.text_answer is not None
    for lang in ("ja", "en"):
        fields[f"Answer_{lang}"] = html.escape(variant.text_answer.get(lang))
        others = [a for a in variant.accepted if a != variant.text_answer.get(lang)]
        fields[f"Note_{lang}"] = (
            html.escape(_say(lang, "anki_also_accepted", answers=" / ".join(others)))
            if others
            else ""
        )
    return fields


def _drop_repeated_english(fields: dict[str, str], kind: str) -> None:
    """An English field that says what its Japanese one says (a code option, a unit) is left
    empty: the `both` cards show it once, the English cards fall back to the Japanese field.
    The answer a text card's type-in box compares with is always kept."""
    for name in list(fields):
        if not name.endswith("_en") or (kind == "text" and name == "Answer_en"):
            continue
        if fields[name] == fields.get(name[:-3] + "_ja"):
            fields[name] = ""


def note_tags(question: Question) -> tuple[str, ...]:
    """Anki tags (no spaces; `::` makes a tree): the topic, the syllabus node, the question's
    own tags."""
    tags = [
        "topic::" + question.topic.replace("/", "::"),
        f"syllabus::{question.syllabus}",
        *question.tags,
    ]
    if question.parametric:
        tags.append("parametric")
    return tuple(tag.replace(" ", "_") for tag in tags if tag)


def deck_node(bank: Bank, question: Question) -> str:
    """The syllabus section (or major) whose deck holds the question; "" for the root."""
    entries = bank.syllabus.entries
    if question.syllabus not in entries:
        return ""
    parts = question.syllabus.split("-")
    node = "-".join(parts[:2])
    return node if node in entries else parts[0] if parts[0] in entries else ""


def build_notes(bank: Bank, variants: int = DEFAULT_VARIANTS) -> list[AnkiNote]:
    """Every note of the export, in bank order: one per fixed question, `variants` per
    parametric one."""
    from trainer.bank.variants import make_variant

    if variants < 1:
        raise ValueError("variants must be at least 1")
    notes = []
    for question in bank.questions.values():
        seeds = range(variants) if question.parametric else range(1)
        tags = note_tags(question)
        deck = deck_node(bank, question)
        source = {lang: text_html(source_text(bank, question, lang)) for lang in ("ja", "en")}
        for seed in seeds:
            variant = make_variant(question, seed)
            fields = {
                "Id": html.escape(f"{question.id}#{seed}" if question.parametric else question.id)
            }
            for lang in ("ja", "en"):
                fields[f"Prompt_{lang}"] = prompt_html(question, variant, lang)
                fields[f"Explanation_{lang}"] = text_html(variant.explanation.get(lang))
                fields[f"Source_{lang}"] = source[lang]
            fields |= _kind_fields(question, variant)
            _drop_repeated_english(fields, variant.kind)
            notes.append(
                AnkiNote(
                    variant.kind,
                    guid(question.id, seed),
                    fields,
                    tags,
                    deck,
                    question.id,
                    seed,
                )
            )
    return notes


def deck_names(bank: Bank, nodes: Sequence[str]) -> list[DeckInfo]:
    """The decks the notes need, with every parent: root, majors, sections."""
    entries = bank.syllabus.entries
    wanted: dict[str, None] = {"": None}
    for node in nodes:
        parts = node.split("-") if node else []
        for depth in range(1, len(parts) + 1):
            wanted["-".join(parts[:depth])] = None
    order = {node_id: place for place, node_id in enumerate(entries)}
    decks = []
    for node in sorted(wanted, key=lambda n: (n != "", order.get(n, len(order)))):
        names = {}
        for lang in LANGS:
            shown = "ja" if lang == "both" else lang
            path = [ROOT_DECK]
            parts = node.split("-") if node else []
            for depth in range(1, len(parts) + 1):
                entry = entries["-".join(parts[:depth])]
                path.append(f"{entry.id} {entry.name.get(shown)}".replace("::", ":"))
            names[lang] = "::".join(path)
        decks.append(DeckInfo(node, names))
    return decks


# -- templates --------------------------------------------------------------------------------


def _shown(field: str, lang: str) -> str:
    """A bilingual field in the card's language: one of them, or Japanese with English below
    (an empty English field: the Japanese one, which says the same)."""
    if lang == "both":
        ja, en = _m(f"{field}_ja"), _m(f"{field}_en")
        return f'{ja}{_m("#" + field + "_en")}<div class="en">{en}</div>{_m("/" + field + "_en")}'
    if lang == "en":
        en, ja = f"{field}_en", f"{field}_ja"
        return f"{_m('#' + en)}{_m(en)}{_m('/' + en)}{_m('^' + en)}{_m(ja)}{_m('/' + en)}"
    return _m(f"{field}_{lang}")


def _m(name: str) -> str:
    """A mustache tag of Anki's templates: `{{name}}`."""
    return "{{" + name + "}}"


def _label(key: str, lang: str) -> str:
    if lang == "both":
        return f"{TEXT['ja'][key]} / {TEXT['en'][key]}"
    return TEXT[lang][key]


def templates(kind: str, lang: str) -> tuple[str, str]:
    """The front and back templates of a note type in `lang` (ja, en or both)."""
    back_tail = (
        f'<div class="label">{_label("anki_explanation", lang)}</div>'
        f"<div>{_shown('Explanation', lang)}</div>"
        f'<div class="label">{_label("anki_source", lang)}</div>'
        f'<div class="note">{_shown("Source", lang)}</div>'
    )
    prompt = f"<div>{_shown('Prompt', lang)}</div>"
    if kind == "choice":
        front = (
            f"{prompt}{{{{#Multiple}}}}"
            f'<div class="hint">{_label("anki_pick_all", lang)}</div>{{{{/Multiple}}}}'
            f"{_shown('Options', lang)}"
        )
        back = (
            f'{{{{FrontSide}}}}<hr id="answer"><div class="label">{_label("anki_answer", lang)}'
            f"</div><div>{_shown('Answer', lang)}</div>{back_tail}"
        )
        return front, back
    answer = "Answer"
    if kind == "text":
        answer = "Answer_en" if lang == "en" else "Answer_ja"
    front = f"{prompt}{{{{type:{answer}}}}}"
    note = _shown("Note", lang)
    back = f'{prompt}<hr id="answer">{{{{type:{answer}}}}}<div class="note">{note}</div>'
    return front, back + back_tail


def model_name(kind: str) -> str:
    return f"E資格 ({kind})"


# -- writing ----------------------------------------------------------------------------------


def write_apkg(
    bank: Bank, out: Path, *, lang: str = "both", variants: int = DEFAULT_VARIANTS
) -> ExportSummary:
    """Write the bank to `out` as an Anki package; raises `OSError` if it cannot be written."""
    import genanki

    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}")
    notes = build_notes(bank, variants)
    models = {}
    for kind in KINDS:
        front, back = templates(kind, lang)
        models[kind] = genanki.Model(
            MODEL_IDS[kind],
            model_name(kind),
            fields=[{"name": name} for name in FIELDS[kind]],
            templates=[{"name": "Card 1", "qfmt": front, "afmt": back}],
            css=CSS,
        )
    infos = deck_names(bank, [n.deck for n in notes])
    decks = {info.node: genanki.Deck(deck_id(info.node), info.names[lang]) for info in infos}
    for note in notes:
        decks[note.deck].add_note(
            genanki.Note(
                model=models[note.kind],
                fields=[note.fields[name] for name in FIELDS[note.kind]],
                tags=list(note.tags),
                guid=note.guid,
            )
        )
    package = genanki.Package(list(decks.values()))
    out = Path(out)
    partial = out.with_name(f".{out.name}.partial")
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("collection.anki2", _collection(package))
            archive.writestr("media", "{}")
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
    questions = len({n.question_id for n in notes})
    return ExportSummary(len(notes), len(decks), questions)


def _collection(package: Any) -> bytes:
    """The package's collection as the bytes of an SQLite file, built in memory (genanki's own
    `write_to_file` leaves a temporary database behind in the temp folder)."""
    import itertools
    import sqlite3
    import time
    import warnings

    timestamp = time.time()
    connection = sqlite3.connect(":memory:")
    try:
        with warnings.catch_warnings():
            # genanki warns about markup it does not know in a field; the bank's text is
            # escaped and the markup is ours (<pre>, <code>, <ol>, …).
            warnings.filterwarnings("ignore", module="genanki")
            package.write_to_db(
                connection.cursor(), timestamp, itertools.count(int(timestamp * 1000))
            )
        connection.commit()
        return connection.serialize()
    finally:
        connection.close()
