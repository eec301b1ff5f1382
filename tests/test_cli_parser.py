"""The command line builds the parser of the one sub-command it is given (issue 16's speed):
which command a line names, and that the one registered is the same as in the whole parser."""

from __future__ import annotations

import argparse

import pytest

from tests.conftest import modules_after
from trainer.cli import COMMAND_MODULES, build_parser, module_of, named_command


def commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    (action,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_each_command_alone_is_the_command_of_the_whole_parser() -> None:
    every = commands(build_parser())
    assert {module_of(name) for name in every} == set(COMMAND_MODULES)
    for name, whole in every.items():
        alone = commands(build_parser(name))
        assert list(alone) == [name]
        assert alone[name].format_help() == whole.format_help()


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["exercise", "check", "softmax", "--json"], "exercise"),
        (["--db", "sqlite:///x.db", "--user", "exercise", "report"], "report"),
        (["--us", "exercise", "quiz"], "quiz"),  # --us abbreviates --user: 'exercise' is its value
        (["--db=sqlite://", "--lang", "en", "class", "list"], "class"),
        (["--version"], None),
        (["-h", "exercise"], None),  # help before the command: the whole parser's
        ([], None),  # the bare command (quiz) is decided after parsing
        (["exercises"], None),  # not a command: the whole parser says so
        (["--", "exercise"], None),
    ],
)
def test_the_command_a_line_names(argv: list[str], command: str | None) -> None:
    assert named_command(argv) == command
    if command is not None:  # the same command as the whole parser finds
        assert build_parser().parse_known_args(argv)[0].command == command


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        ([], "quiz"),
        (["--db", "sqlite:///x.db", "--lang", "en"], "quiz"),
        (["--version"], "quiz"),
        (["--help"], None),  # every command listed
        (["exercises"], None),
        (["report"], "report"),
    ],
)
def test_a_line_of_main_options_only_is_the_bare_command(
    argv: list[str], command: str | None
) -> None:
    assert named_command(argv, bare="quiz") == command


def test_the_bare_command_imports_no_other_command_module() -> None:
    loaded = modules_after(
        "import sys\n"
        "from trainer import cli\n"
        "cli.build_parser(cli.named_command([], 'quiz')).parse_args(['quiz', '--plain'])"
    )
    assert "trainer.commands.quiz" in loaded
    others = {name for name in COMMAND_MODULES if name != "trainer.commands.quiz"}
    assert not others & loaded, sorted(others & loaded)


def test_a_check_imports_no_other_command_module() -> None:
    loaded = modules_after(
        "from trainer.cli import build_parser, named_command\n"
        "argv = ['exercise', 'check', 'softmax']\n"
        "build_parser(named_command(argv)).parse_args(argv)"
    )
    assert "trainer.commands.exercise" in loaded
    others = {name for name in COMMAND_MODULES if name != "trainer.commands.exercise"}
    assert not others & loaded, sorted(others & loaded)
