"""Grading a file: generate cases here, run them in the sandboxed worker, compare here.

For each check of the exercise: the hand-written examples go first, in one batch; then hypothesis
draws cases (derandomized, no deadline, no database), each evaluated by the same worker as it is
drawn, and on the first failure hypothesis shrinks it, so the learner sees the smallest failing
input it could find. The reference runs in this process on a copy of every input. A check passes
only when every case returned plain outputs that match; a worker that dies, hangs or answers
anything else ends the run with timeout, memory or crashed, never with passed.

Watch mode passes a spare worker (started ahead, `spawn_worker`) and a `ReplayCache`: a check
that passed keeps its drawn cases, and the next check of the exercise sends them in one batch
before drawing anything (see `replay.py` for why that is the same check).
"""

from __future__ import annotations

import copy
import hashlib
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from trainer.grading.catalog import (
    load_exercise,
    load_reference,
    package_dir,
    solutions_dir,
    stubs_dir,
)
from trainer.grading.compare import Mismatch, compare, show, show_inputs
from trainer.grading.l10n import Bi, contract_error, say
from trainer.grading.relay import relayed
from trainer.grading.replay import Case, Key, ReplayCache, drawn, sources_digest
from trainer.grading.sandbox import CallResult, Limits, Worker, WorkerFailure
from trainer.grading.spec import Check, Exercise, GradCheck, Inputs, Program
from trainer.grading.verdict import CheckResult, Status, Verdict
from trainer.grading.worker import run_program

MAX_SOURCE_BYTES = 1_000_000
SHRINK_SECONDS = 2.0
SHRINK_CALLS = 300
FLOAT32_H = 1e-3  # the finite-difference step when the forward pass answers in float32


GOT_CHARS = 4000  # what the learner's output is shown as (a returned list of long strings...)


def _shown(got: str | None) -> str | None:
    """The learner's output as shown: escaped and cut (it may hold anything they returned)."""
    return None if got is None else relayed(got, GOT_CHARS)


class GraderBug(Exception):
    """The reference failed on a generated input: a bug in the exercise, not the learner's."""


class _Fatal(BaseException):
    """Stops hypothesis at once: the worker is gone (BaseException, so hypothesis lets it pass)."""

    def __init__(self, result: CheckResult) -> None:
        super().__init__(result.message)
        self.result = result


class _Failed(Exception):
    """A failing case inside the hypothesis loop (hypothesis shrinks on it)."""


class _StopShrinking(BaseException):
    pass


@dataclass(frozen=True)
class Options:
    limits: Limits | None = None
    fail_fast: bool = True  # stop at the first failing check
    sandbox: bool = True  # Landlock and seccomp where the kernel has them
    examples_scale: float = 1.0  # multiplies every check's max_examples


def code_hash(source: bytes) -> str:
    return "sha256:" + hashlib.sha256(source).hexdigest()


def _worker_settings(
    exercise: Exercise, options: Options
) -> tuple[Limits, list[Path], bool, list[str], list[str]]:
    """What a worker for this exercise is started with: limits, hidden paths, sandbox, devices,
    array modules."""
    return (
        options.limits or exercise.limits or Limits(),
        [package_dir(), solutions_dir(), stubs_dir()],
        options.sandbox,
        list(exercise.devices),
        _available(exercise.array_modules),
    )


def spawn_worker(exercise_id: str, options: Options | None = None) -> Worker:
    """A spare worker for the next check of this exercise: its interpreter started (NumPy
    imported), waiting for the learner's file; pass it to `check_file` once, or close it."""
    exercise = load_exercise(exercise_id)
    limits, forbidden, sandbox, devices, modules = _worker_settings(exercise, options or Options())
    worker = Worker(None, "", exercise_id, limits, forbidden, sandbox, devices, modules)
    try:
        worker.spawn()
    except BaseException:
        worker.close()
        raise
    return worker


def check_file(
    exercise_id: str,
    path: str | Path,
    options: Options | None = None,
    *,
    display_path: str | None = None,
    spare: Worker | None = None,
    replay: ReplayCache | None = None,
) -> Verdict:
    """Grade the file at `path` against exercise `exercise_id`.

    `spare` (from `spawn_worker`) saves starting an interpreter; it is used for this file only
    and closed here in any case (one that does not fit this check is closed unused). `replay`
    keeps each passing check's drawn cases and sends them again first (see `replay.py`).
    """
    options = options or Options()
    try:
        exercise = load_exercise(exercise_id)
        return _check_source(exercise_id, exercise, path, options, display_path, spare, replay)
    finally:
        if spare is not None:
            spare.close()


def _check_source(
    exercise_id: str,
    exercise: Exercise,
    path: str | Path,
    options: Options,
    display_path: str | None,
    spare: Worker | None,
    replay: ReplayCache | None,
) -> Verdict:
    started = time.perf_counter()
    shown = display_path or str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        return Verdict(
            exercise_id,
            shown,
            "",
            Status.ERROR,
            message=say("run.cannot_read", path=path, error=exc),
        )
    digest = code_hash(raw)
    verdict = Verdict(exercise_id, shown, digest, Status.ERROR)
    if len(raw) > MAX_SOURCE_BYTES:
        verdict.message = say("run.too_large", limit=MAX_SOURCE_BYTES)
        return verdict
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        verdict.message = say("run.not_utf8", error=exc)
        return verdict
    settings = _worker_settings(exercise, options)
    reference = load_reference(exercise_id)
    checks = exercise.checks()
    if spare is not None and spare.fits(exercise_id, *settings):
        spare.use(source, shown)
        worker = spare
    else:
        if spare is not None:
            spare.close()  # started for other settings, or gone meanwhile: not this check's
        worker = Worker(source, shown, exercise_id, *settings)
    replayed = (replay, sources_digest(exercise_id)) if replay is not None else None
    with worker:
        try:
            worker.start()
        except WorkerFailure as failure:
            verdict.status = failure.status
            verdict.message = failure.message
            if failure.where:
                verdict.message = say("run.at", message=failure.message, where=failure.where)
        else:
            verdict.sandbox = worker.sandbox_info
            if worker.import_error is not None:
                error = worker.import_error
                verdict.status = Status.ERROR
                key = "run.load_syntax" if error["type"] == "SyntaxError" else "run.load_error"
                message = str(error["message"])
                if error["type"] == "ContractError":
                    message = contract_error(message)
                verdict.message = say(key, message=message)
                verdict.traceback = error.get("traceback") or None
            else:
                _run_checks(exercise, checks, worker, reference, options, verdict, replayed)
        finally:
            worker.close()
            verdict.stdout, verdict.stderr = worker.output()
            verdict.output_truncated = worker.stdout.truncated or worker.stderr.truncated
            verdict.timings = {
                "total": (time.perf_counter() - started) * 1000,
                "startup": worker.startup_ms,
                "your_code": worker.busy_s * 1000,
            }
    return verdict


def numpy_calls(source: str) -> list[str]:
    """The NumPy functions the learner's file calls, as "np.pad (line 12)" (none if unparsable)."""
    import ast

    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = ast.unparse(node.func)
            if name.startswith(("np.", "numpy.")):
                found.append((node.lineno, f"{name} (line {node.lineno})"))
    return [text for _, text in sorted(set(found))]


def _available(modules: Sequence[str]) -> list[str]:
    import importlib.util

    return [name for name in modules if importlib.util.find_spec(name) is not None]


def _run_checks(
    exercise: Exercise,
    checks: Sequence[Check],
    worker: Worker,
    reference: ModuleType,
    options: Options,
    verdict: Verdict,
    replay: tuple[ReplayCache, str] | None = None,
) -> None:
    stop = False
    for index, check in enumerate(checks):
        if stop:
            verdict.checks.append(CheckResult(check.name, Status.NOT_RUN))
            continue
        kept = None
        if replay is not None:
            kept = _CheckReplay(replay[0], exercise.id, replay[1], index, check.name)
        run = _CheckRun(check, worker, reference, options, kept)
        result = run.run()
        verdict.checks.append(result)
        if not result.passed:
            stop = options.fail_fast or run.fatal
    failures = [c for c in verdict.checks if c.status not in (Status.PASSED, Status.NOT_RUN)]
    complete = all(c.passed and c.cases > 0 for c in verdict.checks) and bool(verdict.checks)
    if failures:
        verdict.status = failures[0].status
    elif complete:
        verdict.status = Status.PASSED
    else:  # never pass on missing results
        verdict.status = Status.ERROR
        verdict.message = say("run.incomplete")


@dataclass(frozen=True)
class _CheckReplay:
    """The replay cache as one check sees it (see `replay.py`)."""

    cache: ReplayCache
    exercise_id: str
    digest: str  # of the spec's and the reference's sources
    index: int
    name: str

    def key(self, max_examples: int) -> Key:
        return (self.exercise_id, self.digest, self.index, self.name, max_examples)


@contextmanager
def _global_rng() -> Iterator[None]:
    state = np.random.get_state()
    try:
        yield
    finally:
        np.random.set_state(state)


class _CheckRun:
    def __init__(
        self,
        check: Check,
        worker: Worker,
        reference: ModuleType,
        options: Options,
        replay: _CheckReplay | None = None,
    ) -> None:
        self.check = check
        self.worker = worker
        self.reference = reference
        self.options = options
        self.replay = replay
        self.cases = 0
        self.answered = 0  # calls of the last batch answered before a fatal one
        self.fatal = False

    # -- the run ---------------------------------------------------------------------------------

    def run(self) -> CheckResult:
        started = time.perf_counter()
        try:
            result = self._examples() or self._generated()
        except _Fatal as fatal:
            self.fatal = True
            result = fatal.result
        except GraderBug as bug:
            result = CheckResult(
                self.check.name, Status.ERROR, message=say("run.grader_bug", bug=bug)
            )
        if result is None:
            result = CheckResult(self.check.name, Status.PASSED)
            if self.cases == 0:
                result = CheckResult(self.check.name, Status.ERROR, message=say("run.no_case"))
        result.cases = self.cases
        result.duration_ms = (time.perf_counter() - started) * 1000
        return result

    def _examples(self) -> CheckResult | None:
        examples = self.check.examples
        if not examples:
            return None
        programs = [self.check.program_for(e.inputs) for e in examples]
        expected = [self._expected(p, e.inputs) for p, e in zip(programs, examples, strict=True)]
        results = self._call_batch(
            [(p, e.inputs) for p, e in zip(programs, examples, strict=True)],
            [e.label for e in examples],
        )
        for example, program, want, result in zip(
            examples, programs, expected, results, strict=False
        ):
            self.cases += 1
            failure = self._judge(
                example.inputs,
                program,
                want,
                result,
                say("label.edge", label=example.label),
                clauses=example.explain,
            )
            if failure is not None:
                return failure
        return None

    def _generated(self) -> CheckResult | None:
        if self.check.strategy is None:
            return None
        from hypothesis import HealthCheck, Phase, Verbosity, given, settings

        failures: list[tuple[Inputs, CheckResult]] = []
        shrink_started: list[float] = []
        calls_after_failure = [0]
        max_examples = max(1, round(self.check.max_examples * self.options.examples_scale))
        cache, key = None, None
        if self.replay is not None:
            cache, key = self.replay.cache, self.replay.key(max_examples)
            kept = cache.cases(key)
            if kept is not None and self._replayed(kept):
                return None  # the very cases a cold check draws, all passed again
        kept_cases: list[Case] = []

        @settings(
            max_examples=max_examples,
            derandomize=True,
            database=None,
            deadline=None,
            report_multiple_bugs=False,
            suppress_health_check=list(HealthCheck),
            phases=(Phase.generate, Phase.shrink),
            verbosity=Verbosity.quiet,
            print_blob=False,
        )
        @given(self.check.strategy())
        def probe(inputs: dict[str, Any]) -> None:
            if shrink_started:
                calls_after_failure[0] += 1
                if (
                    time.monotonic() - shrink_started[0] > SHRINK_SECONDS
                    or calls_after_failure[0] > SHRINK_CALLS
                ):
                    raise _StopShrinking
            program = self.check.program_for(inputs)
            want = self._expected(program, inputs)
            (result,) = self._call_batch([(program, inputs)], [say("label.generated")])
            if not shrink_started:
                self.cases += 1
                kept_cases.append(drawn(program, inputs, want))
            failure = self._judge(
                inputs, program, want, result, say("label.shrunk"), not shrink_started
            )
            if failure is not None:
                failures.append((inputs, failure))
                if not shrink_started:
                    shrink_started.append(time.monotonic())
                raise _Failed

        try:
            probe()
        except _StopShrinking:
            pass
        except GraderBug:
            raise
        except Exception:
            if not failures:
                raise
        if not failures:
            if cache is not None and key is not None:
                cache.keep(key, kept_cases)
            return None
        inputs, failure = failures[-1]  # the smallest: shrinking only tries smaller ones
        if self.check.gradcheck is not None and failure.status is Status.FAILED:
            program = self.check.program_for(inputs)
            want = self._expected(program, inputs)
            (result,) = self._call_batch([(program, inputs)], [say("label.generated")])
            return self._judge(inputs, program, want, result, failure.case_label or "") or failure
        return failure

    def _replayed(self, kept: Sequence[Case]) -> bool:
        """Send the kept cases in one batch and judge them as a cold check would: True when all
        pass (they count as cases); False at a failure (the caller checks as a cold check, which
        finds and shrinks it). A worker that stops ends the check as it would a cold one."""
        calls = [(case.program, copy.deepcopy(case.inputs)) for case in kept]
        before = self.cases
        try:
            results = self._call_batch(calls, [say("label.generated")] * len(calls))
        except _Fatal:
            self.cases = before + self.answered
            raise
        for case, (_, inputs), result in zip(kept, calls, results, strict=True):
            failure = self._judge(inputs, case.program, case.expected, result, "", True)
            if failure is not None:
                return False
        self.cases = before + len(kept)
        return True

    # -- evaluation ------------------------------------------------------------------------------

    def _expected(self, program: Program, inputs: Inputs) -> dict[str, Any] | None:
        if not self.check.reference:
            return None
        try:
            with _global_rng():
                result: dict[str, Any] = run_program(
                    self.reference, program.as_data(), copy.deepcopy(dict(inputs))
                )
        except Exception as exc:
            raise GraderBug(f"the reference failed on {show_inputs(inputs)}: {exc!r}") from exc
        return result

    def _call_batch(
        self, calls: Sequence[tuple[Program, Inputs]], labels: Sequence[str]
    ) -> list[CallResult]:
        results: list[CallResult] = []
        try:
            for result in self.worker.run([(p.as_data(), dict(i)) for p, i in calls]):
                results.append(result)
        except WorkerFailure as failure:
            running = len(results)
            self.answered = running
            inputs = calls[running][1] if running < len(calls) else None
            raise _Fatal(
                CheckResult(
                    self.check.name,
                    failure.status,
                    message=failure.message,
                    where=failure.where,
                    case=show_inputs(inputs) if inputs is not None else None,
                    case_label=say("label.stopped", label=labels[min(running, len(labels) - 1)]),
                )
            ) from None
        limit = self.worker.limits.memory_mb
        for i, result in enumerate(results):
            if result.memory:
                self.answered = i
                raise _Fatal(
                    CheckResult(
                        self.check.name,
                        Status.MEMORY,
                        message=say("run.memory_limit", limit=limit)
                        if limit
                        else say("run.memory"),
                        case=show_inputs(calls[i][1]),
                        case_label=labels[min(i, len(labels) - 1)],
                    )
                )
        if len(results) != len(calls):  # never read a short answer as a pass
            raise _Fatal(CheckResult(self.check.name, Status.CRASHED, message=say("run.missing")))
        return results

    def _judge(
        self,
        inputs: Inputs,
        program: Program,
        expected: Mapping[str, Any] | None,
        result: CallResult,
        label: str,
        diagnose: bool = True,
        clauses: Mapping[str, str] | None = None,
    ) -> CheckResult | None:
        check = self.check
        case = show_inputs(inputs)
        if result.error is not None:
            return self._error(result.error, case, label)
        got = result.outputs or {}
        if expected is not None:
            for name in program.outputs:
                mismatch = compare(
                    expected.get(name),
                    got.get(name),
                    name,
                    check.tolerances.get(name, check.tolerance),
                    check.dtypes.get(name),
                )
                if mismatch is not None:
                    message = mismatch.message
                    if name in check.explain:
                        message = say("run.explained", explain=check.explain[name], message=message)
                    if clauses and name in clauses:  # a case that isolates one clause failed
                        message = say("run.explained", explain=clauses[name], message=message)
                    for convention in check.conventions:  # the output another convention gives
                        if convention.output == name and self._follows(
                            convention.compute, inputs, got.get(name), name
                        ):
                            message = say(
                                "run.explained", explain=convention.explain, message=message
                            )
                    if diagnose and check.gradcheck and name in dict(check.gradcheck.wrt):
                        diagnostic = self._gradient_diagnostic(
                            inputs, got, name, expected.get(name)
                        )
                        if diagnostic is not None:
                            message = say("run.explained", explain=message, message=diagnostic)
                    return self._mismatch(replace(mismatch, message=message), case, label)
        if check.verify is not None:
            try:
                problem = check.verify(inputs, got)
            except Exception as exc:
                said = exc.args[0] if exc.args and isinstance(exc.args[0], Bi) else None
                problem = say("run.verify_raised", error=said or repr(exc))
            if problem:
                return CheckResult(
                    check.name, Status.FAILED, message=problem, case=case, case_label=label
                )
        # The finite-difference check is skipped while shrinking (it costs many calls per case).
        if check.gradcheck is not None and (diagnose or not check.reference):
            found = self._gradcheck(check.gradcheck, inputs, got)
            if found is not None:
                return CheckResult(
                    check.name,
                    Status.FAILED,
                    message=found.message,
                    case=case,
                    case_label=label,
                    expected=found.expected,
                    got=_shown(found.got),
                    where=found.where,
                    max_abs_error=found.max_abs_error,
                    max_rel_error=found.max_rel_error,
                )
        return None

    def _follows(self, compute: Any, inputs: Inputs, got: Any, name: str) -> bool:
        try:
            other = compute(copy.deepcopy(dict(inputs)))
        except Exception as exc:
            raise GraderBug(f"a convention failed on {show_inputs(inputs)}: {exc!r}") from exc
        tolerance = self.check.tolerances.get(name, self.check.tolerance)
        return compare(other, got, name, tolerance) is None

    def _mismatch(self, mismatch: Mismatch, case: str, label: str) -> CheckResult:
        return CheckResult(
            self.check.name,
            Status.FAILED,
            message=mismatch.message,
            case=case,
            case_label=label,
            expected=mismatch.expected,
            got=_shown(mismatch.got),
            where=mismatch.where,
            max_abs_error=mismatch.max_abs_error,
            max_rel_error=mismatch.max_rel_error,
        )

    def _error(self, error: Mapping[str, Any], case: str, label: str) -> CheckResult:
        kind = str(error.get("type", "Exception"))
        message = str(error.get("message", ""))
        line = error.get("line")
        where = f"{self.worker.display_path}:{line}" if line else None
        text: str
        if kind == "NotImplementedError":
            text = say("run.todo_at", where=where) if where else say("run.todo")
        elif kind == "ContractError":
            text = contract_error(message)
        else:
            text = say("run.raised", kind=kind, message=message)
        if self.check.explain_error is not None and kind != "NotImplementedError":
            calls = numpy_calls(self.worker.source)
            explain: str = self.check.explain_error
            if calls:
                explain = say("run.numpy_calls", explain=explain, calls=", ".join(calls))
            text = say("run.explained", explain=explain, message=text)
        return CheckResult(
            self.check.name,
            Status.ERROR,
            message=text,
            case=case,
            case_label=label,
            where=where,
            traceback=(error.get("traceback") or None) if kind != "NotImplementedError" else None,
        )

    # -- finite differences ----------------------------------------------------------------------

    def _numeric_gradients(
        self, grad: GradCheck, inputs: Inputs
    ) -> tuple[dict[str, np.ndarray] | None, str | None]:
        """Central differences of the learner's forward pass, per gradient name (or a problem)."""
        calls: list[tuple[Program, Inputs]] = []
        plan: list[tuple[str, int]] = []
        for grad_name, input_name in grad.wrt:
            base = np.asarray(inputs[input_name], dtype=np.float64)
            for flat in range(base.size):
                for sign in (1.0, -1.0):
                    moved = copy.deepcopy(dict(inputs))
                    array = np.array(base, dtype=np.float64)
                    array.flat[flat] += sign * grad.h
                    moved[input_name] = array
                    calls.append((grad.forward(moved), moved))
                    plan.append((grad_name, flat))
        results = self._call_batch(calls, [say("label.finite")] * len(calls))
        losses: list[float] = []
        for (_, case), result in zip(calls, results, strict=True):
            if result.error is not None:
                return None, say("run.forward_raised", kind=result.error.get("type"))
            outputs = result.outputs or {}
            total = 0.0
            for output_name, weight_name in grad.loss_terms:
                value = outputs.get(output_name)
                weight = np.asarray(case[weight_name], dtype=np.float64)
                if not isinstance(value, np.ndarray | float | int | np.generic):
                    return None, say("run.forward_returned", kind=type(value).__name__)
                value = np.asarray(value, dtype=np.float64)
                if value.shape != weight.shape:
                    return None, say("run.forward_shape", shape=value.shape, want=weight.shape)
                total += float(np.sum(weight * value))
            losses.append(total)
        numeric: dict[str, np.ndarray] = {}
        for grad_name, input_name in grad.wrt:
            numeric[grad_name] = np.zeros(np.shape(inputs[input_name]), dtype=np.float64)
        for i in range(0, len(losses), 2):
            grad_name, flat = plan[i]
            numeric[grad_name].flat[flat] = (losses[i] - losses[i + 1]) / (2 * grad.h)
        return numeric, None

    def _gradcheck(
        self, grad: GradCheck, inputs: Inputs, got: Mapping[str, Any]
    ) -> Mismatch | None:
        if any(
            isinstance(got.get(name), np.ndarray) and got[name].dtype == np.float32
            for name, _ in grad.loss_terms
        ):  # float32 work is right where the contract allows it: differences fit its precision
            grad = replace(grad, h=max(grad.h, FLOAT32_H), tolerance=max(grad.tolerance, 2e-3))
        numeric, problem = self._numeric_gradients(grad, inputs)
        if numeric is None:
            return Mismatch(say("run.finite", problem=problem))
        for grad_name, input_name in grad.wrt:
            analytic = got.get(grad_name)
            n = numeric[grad_name]
            if not isinstance(analytic, np.ndarray) or analytic.shape != n.shape:
                return Mismatch(
                    say("run.grad_shape", grad=grad_name, input=input_name, shape=n.shape),
                    show(n),
                    show(analytic),
                )
            a = analytic.astype(np.float64)
            with np.errstate(all="ignore"):
                rel = np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), 1.0)
            rel = np.where(np.isfinite(rel), rel, np.inf)
            if rel.max() > grad.tolerance:
                flat = int(np.argmax(rel))
                index = np.unravel_index(flat, n.shape) if n.ndim else ()
                at = f"{grad_name}[{', '.join(str(int(i)) for i in index)}]"
                return Mismatch(
                    say(
                        "run.grad_differs",
                        grad=grad_name,
                        at=at,
                        a=repr(a[index].item()),
                        n=repr(n[index].item()),
                    ),
                    show(n),
                    show(a),
                    at,
                    float(np.max(np.abs(a - n))),
                    float(rel.max()),
                )
        return None

    def _gradient_diagnostic(
        self, inputs: Inputs, got: Mapping[str, Any], name: str, expected: Any
    ) -> str | None:
        """Whether the wrong gradient fits the learner's own forward pass (None: can't tell)."""
        grad = self.check.gradcheck
        assert grad is not None
        one = replace(grad, wrt=((name, dict(grad.wrt)[name]),))
        found = self._gradcheck(one, inputs, got)
        if found is not None:
            return say("run.grad_both")
        # Within the finite differences' tolerance; say "it fits your forward pass" only when the
        # numerical gradient is much nearer the learner's than the reference's (not when the
        # error is below what finite differences can see).
        numeric, _ = self._numeric_gradients(one, inputs)
        analytic = got.get(name)
        if numeric is None or not isinstance(analytic, np.ndarray) or expected is None:
            return None
        try:
            off_own = float(np.max(np.abs(analytic - numeric[name])))
            off_reference = float(np.max(np.abs(analytic - np.asarray(expected))))
        except (TypeError, ValueError):
            return None
        return say("run.grad_forward") if off_own <= 0.1 * off_reference else None


def check_reference(exercise_id: str, options: Options | None = None) -> Verdict:
    """Grade the shipped reference (what the tests and `make bench` use)."""
    from trainer.grading.catalog import solution_path

    return check_file(exercise_id, solution_path(exercise_id), options)
