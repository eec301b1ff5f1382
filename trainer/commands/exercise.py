"""`trainer exercise ...`: list, show, hint, check, watch and reset the code exercises.

The learner edits copies of the stubs in a workspace folder (`--workspace`, else
$TRAINER_WORKSPACE, else `exercises/` in the user data folder); a copy is made from the stub the
first time an exercise is shown, checked or watched. `check` exits 0 only when every check passed,
and every check run is stored as a submission (code hash, verdict, timings) unless `--no-record`.

Everything the learner reads comes in their language (`--lang`, else the stored setting): the
title, contract and hints (see `trainer.grading.l10n` for where the Japanese lives), the verdict,
and this module's own lines (`TEXT`). `--json` stays language-neutral: ids and statuses as they
are, English texts under their keys and the Japanese beside them as `KEY_ja`.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trainer.commands.language import add_lang_argument, stored_lang
from trainer.commands.output import fail, print_json
from trainer.commands.storage import add_store_arguments, user_name
from trainer.locale import Section

if TYPE_CHECKING:
    from collections.abc import Callable

    from trainer.grading.runner import Options
    from trainer.grading.spec import Exercise
    from trainer.grading.verdict import Verdict
    from trainer.store.repository import Store

EXIT_NOT_PASSED = 1
EXIT_USAGE = 2

TEXT = Section("exercise")  # trainer/locale/{ja,en}.json, [exercise]


def say(lang: str, key: str, **values: object) -> str:
    return TEXT[lang][key].format(**values)


EPILOG = """\
where your files live:
  The stubs are copied to a workspace folder the first time you show, check or watch an
  exercise: --workspace DIR, else $TRAINER_WORKSPACE, else exercises/ in the user data folder
  (e.g. ~/.local/share/trainer/exercises). Edit them there; 'reset' puts the stub back and keeps
  your version in .backup/.

exit codes of check:
  0  every check passed     1  not passed (failed, error, timeout, memory, crashed)
  2  bad usage (unknown exercise, unreadable file)    130  interrupted"""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "exercise",
        help="code exercises: list, show, hint, check, watch, reset",
        description="NumPy code exercises graded against reference implementations.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="exercise_command", metavar="ACTION", required=True)

    def action(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = actions.add_parser(
            name,
            help=help_text,
            epilog=EPILOG,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.add_argument("--workspace", metavar="DIR", help="folder of your working copies")
        add_lang_argument(sub)
        add_store_arguments(sub)  # the stored language, and the submissions of check and watch
        return sub

    listing = action("list", "list the exercises and the state of your copies")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_list)

    show = action("show", "the contract of an exercise and where your file is")
    show.add_argument("id")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=run_show)

    hint = action("hint", "the next hint (each call reveals one more)")
    hint.add_argument("id")
    hint.add_argument("--all", action="store_true", help="every hint at once")
    hint.set_defaults(handler=run_hint)

    for name, help_text, handler in (
        ("check", "grade your file; exit 0 only when it passes", run_check),
        ("watch", "re-check your file every time it is saved (Ctrl-C to stop)", run_watch),
    ):
        sub = action(name, help_text)
        sub.add_argument("id")
        sub.add_argument("--file", type=Path, metavar="PATH", help="grade this file instead")
        sub.add_argument(
            "--all-checks", action="store_true", help="run every check, not only up to a failure"
        )
        sub.add_argument("--no-record", action="store_true", help="do not store the submission")
        if name == "check":
            sub.add_argument("--json", action="store_true")
        else:
            sub.add_argument(
                "--interval", type=float, default=0.1, metavar="S", help="polling interval"
            )
        sub.set_defaults(handler=handler)

    timing = action("time", "time your code on CPU and GPU (exercise gpu_timing)")
    timing.add_argument("id")
    timing.add_argument("--file", type=Path, metavar="PATH", help="time this file instead")
    timing.add_argument(
        "--function",
        choices=("batched_matmul", "conv2d", "all"),
        default="batched_matmul",
        help="what to time (default: batched_matmul)",
    )
    timing.add_argument(
        "--sizes", type=_sizes, metavar="N,N,...", help="sizes to sweep (default: per function)"
    )
    timing.add_argument("--json", action="store_true")
    timing.add_argument("--no-record", action="store_true", help="do not store the result")
    timing.add_argument(
        "--skip-check", action="store_true", help="time without grading correctness first"
    )
    timing.set_defaults(handler=run_time, all_checks=False)

    reset = action("reset", "put the stub back (your version is kept in .backup/)")
    reset.add_argument("id")
    reset.set_defaults(handler=run_reset)


# -- helpers ------------------------------------------------------------------------------------


def _exercise(args: argparse.Namespace) -> Exercise | int:
    from trainer.grading.catalog import UnknownExercise, load_exercise

    try:
        return load_exercise(args.id)
    except UnknownExercise:
        return fail(say(stored_lang(args), "unknown", id=args.id))


def _workspace(args: argparse.Namespace) -> Path:
    from trainer.grading.workspace import workspace_dir

    return workspace_dir(args.workspace)


def _color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def _contract(exercise_id: str, lang: str = "en") -> str:
    from trainer.grading.contract import contract

    return contract(exercise_id, lang)


# -- list, show, hint, reset --------------------------------------------------------------------


def run_list(args: argparse.Namespace) -> int:
    from trainer.grading.catalog import exercise_ids, load_exercise
    from trainer.grading.l10n import ja_of, text
    from trainer.grading.workspace import copy_path, copy_state

    workspace = _workspace(args)
    rows: list[dict[str, Any]] = []
    for exercise_id in exercise_ids():
        exercise = load_exercise(exercise_id)
        rows.append(
            {
                "id": exercise.id,
                "title": exercise.title,
                "title_ja": ja_of(exercise.title),
                "topic": exercise.topic,
                "summary": exercise.summary,
                "summary_ja": ja_of(exercise.summary),
                "source": exercise.source,
                "functions": list(exercise.functions),
                "tags": list(exercise.tags),
                "file": str(copy_path(exercise_id, workspace)),
                "state": copy_state(exercise_id, workspace),
            }
        )
    if args.json:
        print_json(rows)
        return 0
    from rich.cells import cell_len

    lang = stored_lang(args)
    states = [say(lang, f"state_{row['state']}") for row in rows]
    width = max(10, *(cell_len(state) for state in states))
    for row, state in zip(rows, states, strict=True):
        padding = " " * (width - cell_len(state))
        print(f"{row['id']:<22} {state}{padding} {text(row['title'], lang)}")
    print("\n" + say(lang, "your_files", path=workspace))
    return 0


def run_show(args: argparse.Namespace) -> int:
    from trainer.grading.l10n import ja_of, text
    from trainer.grading.workspace import ensure_copy

    exercise = _exercise(args)
    if isinstance(exercise, int):
        return exercise
    path = ensure_copy(exercise.id, _workspace(args))
    checks = [check.name for check in exercise.checks()]
    if args.json:
        print_json(
            {
                "id": exercise.id,
                "title": exercise.title,
                "title_ja": ja_of(exercise.title),
                "topic": exercise.topic,
                "summary": exercise.summary,
                "summary_ja": ja_of(exercise.summary),
                "source": exercise.source,
                "functions": list(exercise.functions),
                "file": str(path),
                "contract": _contract(exercise.id),
                "contract_ja": _contract(exercise.id, "ja"),
                "checks": checks,
                "checks_ja": [ja_of(name) for name in checks],
                "hints": len(exercise.hints),
            }
        )
        return 0
    lang = stored_lang(args)
    print(f"{exercise.id}: {text(exercise.title, lang)}")
    print(say(lang, "your_file", path=path) + "\n")
    print(_contract(exercise.id, lang))
    print("\n" + say(lang, "checks"))
    for name in checks:
        print(f"  - {text(name, lang)}")
    print("\n" + say(lang, "hints", count=len(exercise.hints), id=exercise.id))
    print(say(lang, "check_it", id=exercise.id))
    return 0


def run_hint(args: argparse.Namespace) -> int:
    from trainer.grading.l10n import text
    from trainer.grading.workspace import hints_seen, set_hints_seen

    exercise = _exercise(args)
    if isinstance(exercise, int):
        return exercise
    workspace = _workspace(args)
    total = len(exercise.hints)
    shown = total if args.all else min(hints_seen(exercise.id, workspace) + 1, total)
    lang = stored_lang(args)
    for number, hint in enumerate(exercise.hints[:shown], start=1):
        print(say(lang, "hint", number=number, total=total, text=text(hint, lang)))
    if not args.all:
        set_hints_seen(exercise.id, workspace, shown)
        if shown < total:
            print("\n" + say(lang, "again", number=shown + 1))
    return 0


def run_reset(args: argparse.Namespace) -> int:
    from trainer.grading.workspace import WorkspaceError, copy_path, reset

    exercise = _exercise(args)
    if isinstance(exercise, int):
        return exercise
    workspace = _workspace(args)
    try:
        backup = reset(exercise.id, workspace)
    except (WorkspaceError, OSError) as exc:
        return fail(str(exc))
    lang = stored_lang(args)
    print(say(lang, "stub_back", path=copy_path(exercise.id, workspace)))
    if backup is not None:
        print(say(lang, "saved_as", path=backup))
    return 0


# -- check and watch ----------------------------------------------------------------------------


def _target(args: argparse.Namespace, exercise_id: str) -> Path | int:
    from trainer.grading.workspace import ensure_copy

    if args.file is not None:
        if not args.file.is_file():
            return fail(say(stored_lang(args), "no_such_file", path=args.file))
        return Path(args.file)
    try:
        return ensure_copy(exercise_id, _workspace(args))
    except OSError as exc:
        return fail(say(stored_lang(args), "cannot_copy", error=exc))


def _options(args: argparse.Namespace) -> Options:
    from trainer.grading.runner import Options

    return Options(fail_fast=not args.all_checks)


def _record(args: argparse.Namespace, verdict: Verdict) -> dict[str, Any]:
    """Store the submission; a database problem is reported, never fatal to the check."""
    from trainer.study.exercises import record_submission

    return _store_with(args, lambda store, user_id: record_submission(store, user_id, verdict))


def _store_with(args: argparse.Namespace, write: Callable[[Store, int], int]) -> dict[str, Any]:
    """Open the store, run one write for the learner, close: never fatal to the command."""
    if args.no_record:
        return {"recorded": False}
    from trainer.commands.storage import open_store
    from trainer.store.errors import StoreError

    try:
        store = open_store(args)
    except StoreError as exc:
        print(say(stored_lang(args), "not_recorded", error=exc), file=sys.stderr)
        return {"recorded": False, "record_error": str(exc)}
    try:
        submission = write(store, store.user_id(user_name(args)))
    except Exception as exc:  # the result matters more than its record
        print(say(stored_lang(args), "not_recorded", error=exc), file=sys.stderr)
        return {"recorded": False, "record_error": str(exc)}
    finally:
        store.close()
    return {"recorded": True, "submission_id": submission}


def _check_once(args: argparse.Namespace, exercise_id: str, path: Path) -> Verdict:
    from trainer.grading.runner import check_file

    return check_file(exercise_id, path, _options(args))


def run_check(args: argparse.Namespace) -> int:
    exercise = _exercise(args)
    if isinstance(exercise, int):
        return exercise
    path = _target(args, exercise.id)
    if isinstance(path, int):
        return path
    lang = "en" if args.json else stored_lang(args)
    verdict = _check_once(args, exercise.id, path)
    record = _record(args, verdict)
    if args.json:
        print_json({**verdict.as_json(), **record})
    else:
        print(verdict.report(color=_color(), lang=lang))
        if verdict.passed:
            _next_step(exercise.id, lang)
    return 0 if verdict.passed else EXIT_NOT_PASSED


def _next_step(exercise_id: str, lang: str) -> None:
    from trainer.grading.catalog import exercise_ids

    ids = exercise_ids()
    position = ids.index(exercise_id)
    if position + 1 < len(ids):
        print("\n" + say(lang, "next", id=ids[position + 1]))


def run_watch(args: argparse.Namespace) -> int:
    """Check now and after every save (trainer.grading.watch), until Ctrl-C."""
    import threading

    from trainer.grading.watch import watch

    exercise = _exercise(args)
    if isinstance(exercise, int):
        return exercise
    path = _target(args, exercise.id)
    if isinstance(path, int):
        return path
    lang = stored_lang(args)

    def checking() -> None:
        if _color():
            print("\033[2J\033[H", end="")
        print(say(lang, "checking", path=path), flush=True)

    def show(verdict: Verdict) -> None:
        _record(args, verdict)
        print(verdict.report(color=_color(), lang=lang))
        if verdict.passed:
            _next_step(exercise.id, lang)
        print("\n" + say(lang, "watching", path=path), flush=True)

    try:
        watch(
            exercise.id,
            path,
            checking,
            show,
            threading.Event(),
            options=_options(args),
            interval=args.interval,
        )
    except KeyboardInterrupt:
        print()
    return 0


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected sizes like 16,32,64, not {text!r}") from None
    if not sizes or min(sizes) < 1 or max(sizes) > 8192:
        raise argparse.ArgumentTypeError("sizes must be between 1 and 8192")
    return sizes


def run_time(args: argparse.Namespace) -> int:
    """Grade correctness on NumPy, then time the learner's functions on every backend found."""
    from trainer.grading.catalog import solution_path
    from trainer.grading.timing import TimingError, explain, render_chart, render_table, run_timing

    exercise = _exercise(args)
    if isinstance(exercise, int):
        return exercise
    if "timing" not in exercise.tags:
        return fail(say(stored_lang(args), "no_timing", id=exercise.id))
    path = _target(args, exercise.id)
    if isinstance(path, int):
        return path
    if not args.skip_check:
        verdict = _check_once(args, exercise.id, path)
        if not verdict.passed:
            lang = stored_lang(args)
            print(verdict.report(color=_color(), lang=lang))
            print("\n" + say(lang, "fix_first"))
            return EXIT_NOT_PASSED
    functions = ("batched_matmul", "conv2d") if args.function == "all" else (args.function,)
    reports = []
    for function in functions:
        try:
            reports.append(run_timing(path, solution_path(exercise.id), function, args.sizes))
        except TimingError as exc:
            return fail(f"timing {function}: {exc}", EXIT_NOT_PASSED)
    record = _record_timing(args, exercise.id, [r.as_json() for r in reports])
    if args.json:
        print_json({"exercise": exercise.id, "timings": [r.as_json() for r in reports], **record})
        return 0
    for report in reports:
        print(f"== {report.function}: {report.summary}")
        print(render_table(report))
        print()
        print(render_chart(report))
        print()
        print(explain(report))
        print()
    return 0


def _record_timing(
    args: argparse.Namespace, exercise_id: str, timings: list[dict[str, Any]]
) -> dict[str, Any]:
    """Store the sweep for the report; a database problem is reported, never fatal."""
    from trainer.study.exercises import record_timing

    return _store_with(
        args, lambda store, user_id: record_timing(store, user_id, exercise_id, timings)
    )
