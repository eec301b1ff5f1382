"""How an exercise is described: metadata, checks, programs, tolerances (data first).

An exercise module in `trainer/grading/specs/` defines `EXERCISE = Exercise(...)`. Each `Check`
names a *program* (what to call on the learner's module: functions, classes, methods; what to snap
as outputs), where its inputs come from (edge-case `Example`s, then a hypothesis strategy), how
to compare the outputs with the reference's, and optional extras: an invariant `verify` function
run on the learner's outputs, and a finite-difference `GradCheck` of a backward pass against the
learner's own forward pass. Programs are plain JSON-able data: they are sent to the worker as they
are, and run against the reference in the parent by the same interpreter.

The spec's texts (title, summary, hints, check names, example labels, `explain`, `verify`
messages) are written in English; their Japanese is in `specs/ja/ID.toml`, joined to them by
`catalog.load_exercise` (see `trainer.grading.l10n`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from trainer.grading.compare import Tolerance

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

    from trainer.grading.sandbox import Limits

Step = dict[str, Any]
DEFAULT_TOLERANCE = Tolerance()
Inputs = Mapping[str, Any]


@dataclass(frozen=True)
class Program:
    steps: tuple[Step, ...]
    outputs: tuple[str, ...]

    def as_data(self) -> dict[str, Any]:
        return {"steps": list(self.steps), "outputs": list(self.outputs)}


def program(*steps: Step, outputs: Sequence[str]) -> Program:
    saved = {s.get("save") for s in steps}
    missing = [o for o in outputs if o not in saved]
    if missing:
        raise ValueError(f"outputs never saved: {missing}")
    return Program(tuple(steps), tuple(outputs))


def lit(value: Any) -> dict[str, Any]:
    """A literal argument (JSON-able), as opposed to the name of an input or a saved value."""
    return {"$lit": value}


Arg = str | dict[str, Any]


def call(fn: str, *args: Arg, save: str | None = None, **kwargs: Arg) -> Step:
    """Call the function (or class) `fn` of the learner's module."""
    return {"op": "call", "fn": fn, "args": list(args), "kwargs": kwargs, "save": save}


def method(obj: str, fn: str, *args: Arg, save: str | None = None, **kwargs: Arg) -> Step:
    """Call method `fn` of the saved object `obj`."""
    step = call(fn, *args, save=save, **kwargs)
    step["obj"] = obj
    return step


def attr(obj: str, name: str, save: str) -> Step:
    return {"op": "attr", "obj": obj, "name": name, "save": save}


def snap(src: str, save: str) -> Step:
    """Snapshot a value now (e.g. an input after a call that must not, or must, change it)."""
    return {"op": "snap", "src": src, "save": save}


def alias(src: str, save: str) -> Step:
    """Keep the objects a container holds now (a dict's or list's arrays, not copies of them).

    Snapping the alias later shows whether those very arrays were updated in place, even when
    the learner's code has since put new arrays into the container.
    """
    return {"op": "alias", "src": src, "save": save}


def asarray(module: str, src: str, save: str) -> Step:
    """The NumPy array `src` as an array of `module` (array_api_strict, torch)."""
    return {"op": "asarray", "module": module, "src": src, "save": save}


def to_numpy(module: str, src: str, save: str, what: str | None = None) -> Step:
    """`src`, which must be an array of `module`, back as NumPy (`what` names it in errors)."""
    return {"op": "to_numpy", "module": module, "src": src, "save": save, "what": what or src}


def item(src: str, index: int, save: str, what: str | None = None) -> Step:
    """Item `index` of a returned tuple; `what` names it in errors ("forward's result")."""
    return {"op": "item", "src": src, "index": index, "save": save, "what": what or src}


def seed(value: int) -> Step:
    return {"op": "seed", "value": value}


def func(name: str, save: str) -> Step:
    """One of the worker's test functions (see `worker.TEST_FUNCTIONS`), e.g. to pass as `f`."""
    return {"op": "func", "name": name, "save": save}


@dataclass(frozen=True)
class Example:
    """A hand-written case: an edge case, or the textbook's own example.

    `explain` (by output name) is said when this case gets that output wrong: it belongs to a case
    that isolates one clause of the contract (the clause is the likely cause only when such a
    case fails, not on any mismatch of that output).
    """

    label: str
    inputs: Inputs
    explain: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class GradCheck:
    """Central differences of the learner's forward pass against their backward pass.

    The scalar is `L = sum over (output, weight) of sum(weight * forward output)`; each analytic
    gradient (an output of the check's program, e.g. "dx") is compared with the numerical
    gradient of L with respect to an input (e.g. "x"), in float64.
    """

    forward: Callable[[Inputs], Program]
    loss_terms: tuple[tuple[str, str], ...]  # (forward output, input holding its weight)
    wrt: tuple[tuple[str, str], ...]  # (analytic gradient output, input it differentiates)
    h: float = 1e-6
    tolerance: float = 1e-5  # on |a - n| / max(|a| + |n|, 1), elementwise


Verify = Callable[[Inputs, Mapping[str, Any]], str | None]


@dataclass(frozen=True)
class Convention:
    """Another convention for an output (PyTorch's, say): `explain` is said only when the
    learner's wrong output equals what that convention computes (`compute(inputs)`)."""

    output: str
    compute: Callable[[Inputs], Any]
    explain: str


@dataclass(frozen=True)
class Check:
    name: str
    program: Program | Callable[[Inputs], Program]
    strategy: Callable[[], SearchStrategy[dict[str, Any]]] | None = None
    examples: tuple[Example, ...] = ()
    max_examples: int = 40
    tolerance: Tolerance = DEFAULT_TOLERANCE
    tolerances: Mapping[str, Tolerance] = field(default_factory=dict)
    dtypes: Mapping[str, str] = field(default_factory=dict)
    reference: bool = True  # compare every output with the reference's
    # Said when that output is wrong, whatever the case: what the output is (not a clause's
    # cause; a clause's explanation goes on an `Example` that isolates it).
    explain: Mapping[str, str] = field(default_factory=dict)
    verify: Verify | None = None
    gradcheck: GradCheck | None = None
    # Said (with the NumPy calls found in the learner's file) when the code raises in this check.
    explain_error: str | None = None
    conventions: tuple[Convention, ...] = ()

    def program_for(self, inputs: Inputs) -> Program:
        return self.program if isinstance(self.program, Program) else self.program(inputs)


@dataclass(frozen=True)
class Exercise:
    id: str
    title: str
    topic: str  # a path like the bank's topics, e.g. "deep_learning/cnn"
    source: str  # where it comes from: seed section, textbook file
    summary: str  # one line: what to implement
    functions: tuple[str, ...]  # what the learner's file must define
    hints: tuple[str, ...]
    checks: Callable[[], list[Check]]  # built on demand (imports hypothesis)
    limits: Limits | None = None
    tags: tuple[str, ...] = ()
    devices: tuple[str, ...] = ()  # device files the learner's code may open (a GPU exercise)
    # Array libraries the checks hand the learner's code (imported before the learner's file).
    array_modules: tuple[str, ...] = ()
