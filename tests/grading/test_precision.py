"""Issue 16: textbook code passes, realistic mistakes fail, and the feedback names the cause.

One test (or a few) per point of the issue; each fails on the grader as it was before the fix.
"""

from __future__ import annotations

import pytest

from tests.grading.conftest import Grade
from trainer.grading.catalog import exercise_ids, solution_path, stub_path


def mutate(exercise_id: str, *edits: tuple[str, str]) -> str:
    """The reference with each (old, new) replaced once; every `old` must be there."""
    source = solution_path(exercise_id).read_text(encoding="utf-8")
    for old, new in edits:
        assert source.count(old) >= 1, (exercise_id, old)
        source = source.replace(old, new, 1)
    return source


# -- 1. optimizers that rebind params[key] instead of updating the array ----------------------

REBINDING = {
    "momentum": ("params[key] += self.v[key]", "params[key] = params[key] + self.v[key]"),
    "adagrad": ("params[key] -=", "params[key] = params[key] -"),
    "rmsprop": ("params[key] -=", "params[key] = params[key] -"),
    "adam": ("params[key] -=", "params[key] = params[key] -"),
}


@pytest.mark.parametrize("exercise_id", sorted(REBINDING))
def test_an_optimizer_that_rebinds_instead_of_updating_in_place_fails(
    grade: Grade, exercise_id: str
) -> None:
    verdict = grade(exercise_id, mutate(exercise_id, REBINDING[exercise_id]))
    report = verdict.report()
    assert verdict.status == "failed", report
    assert "in place" in report and "params[key] -=" in report, report
    assert "の場で" in verdict.report(lang="ja")


# -- 2. layers that put new gradient arrays into self.grads -----------------------------------

REPLACING = {
    "time_rnn": ("        for mine, total in zip(self.grads, totals, strict=True):\n"
                 "            mine[...] = total\n",
                 "        self.grads = [totals[0], totals[1], totals[2]]\n"),
    "lstm_cell": ("        self.grads[0][...] = x.T @ da\n", "        self.grads[0] = x.T @ da\n"),
    "embedding": ("        (dW,) = self.grads\n        dW[...] = 0\n",
                  "        dW = np.zeros_like(self.grads[0])\n        self.grads[0] = dW\n"),
}  # fmt: skip


@pytest.mark.parametrize("exercise_id", sorted(REPLACING))
def test_a_layer_that_replaces_its_gradient_arrays_fails(grade: Grade, exercise_id: str) -> None:
    verdict = grade(exercise_id, mutate(exercise_id, REPLACING[exercise_id]))
    report = verdict.report()
    assert verdict.status == "failed", report
    assert "grads_in_place" in report and "in place" in report, report


# -- 3. time_rnn: stateful, a second forward, self.dh ------------------------------------------

TIME_RNN_WRONG = [
    (
        "stateful ignored (always starts from zeros)",
        ("if not self.stateful or self.h is None:", "if True:"),
        "stateful=True: the next call of forward starts from the last h",
    ),
    (
        "the state never reset (h kept across calls when stateful=False)",
        ("if not self.stateful or self.h is None:", "if self.h is None:"),
        "stateful=False: every call of forward starts again from h = zeros",
    ),
    (
        "self.dh never set",
        ("        self.dh = dh\n", ""),
        "self.dh is the gradient for the initial h",
    ),
    (
        "self.dh the last step's",
        ("        self.dh = dh\n", "        self.dh = dhs[:, -1, :]\n"),
        "dh[",
    ),
]


@pytest.mark.parametrize(
    ("mistake", "edit", "says"), TIME_RNN_WRONG, ids=[w[0] for w in TIME_RNN_WRONG]
)
def test_time_rnn_clauses_are_exercised(
    grade: Grade, mistake: str, edit: tuple[str, str], says: str
) -> None:
    verdict = grade("time_rnn", mutate("time_rnn", edit))
    report = verdict.report()
    assert verdict.status == "failed", report
    assert says in report, report


# -- 6 and 8. time_rnn in float32, as the textbook allocates hs --------------------------------


def test_time_rnn_in_float32_as_the_textbook_passes(grade: Grade) -> None:
    source = mutate(
        "time_rnn",
        ("hs = np.empty((n, t_len, hidden))", "hs = np.empty((n, t_len, hidden), dtype='f')"),
    )
    verdict = grade("time_rnn", source)
    assert verdict.passed, verdict.report()


def test_a_clause_is_explained_only_when_a_case_isolating_it_fails(grade: Grade) -> None:
    # h computed in float16: wrong everywhere, but not because h fails to start at zeros
    source = mutate("time_rnn", ("hs[:, t, :] = self.h", "hs[:, t, :] = self.h.astype(np.float16)"))
    verdict = grade("time_rnn", source)
    report = verdict.report()
    assert verdict.status == "failed", report
    assert "stateful" not in report.split("[--]")[0].split("input")[0], report


def test_col2im_transposed_wrongly_is_not_told_about_overlaps(grade: Grade) -> None:
    source = mutate(
        "col2im",
        (
            "col.reshape(n, out_h, out_w, c, filter_h, filter_w).transpose(0, 3, 4, 5, 1, 2)",
            "col.reshape(n, c, filter_h, filter_w, out_h, out_w)",  # im2col's transpose not undone
        ),
    )
    verdict = grade("col2im", source)
    report = verdict.report()
    assert verdict.status == "failed", report
    assert "overlap, add" not in report and "cropped away" not in report, report


# -- 4. average_precision: ties --------------------------------------------------------------


def test_average_precision_breaking_ties_by_the_higher_index_fails(grade: Grade) -> None:
    source = mutate(
        "average_precision",
        ('order = np.argsort(-np.asarray(scores), kind="stable")',
         "order = np.argsort(np.asarray(scores))[::-1]"),
    )  # fmt: skip
    verdict = grade("average_precision", source)
    report = verdict.report()
    assert verdict.status == "failed", report
    assert "the lower index first" in report, report


# -- 5. gpu_timing: the code must use the namespace it is given -------------------------------

NUMPY_CONV = """
import sys
import numpy as np


def array_namespace(x):
    return sys.modules[type(x).__module__.partition(".")[0]]


def batched_matmul(a, b):
    xp = array_namespace(a)
    return xp.matmul(a, b)


def conv2d(x, w, b, stride=1, pad=0):
    n, c, h, w_in = x.shape
    fn, _, fh, fw = w.shape
    out_h = (h + 2 * pad - fh) // stride + 1
    out_w = (w_in + 2 * pad - fw) // stride + 1
    padded = np.pad(x, [(0, 0), (0, 0), (pad, pad), (pad, pad)])
    windows = np.zeros((n, c, fh, fw, out_h, out_w))
    for i in range(fh):
        for j in range(fw):
            windows[:, :, i, j] = padded[
                :, :, i:i + stride * out_h:stride, j:j + stride * out_w:stride
            ]
    col = windows.transpose(0, 4, 5, 1, 2, 3).reshape(n * out_h * out_w, -1)
    out = col @ w.reshape(fn, -1).T + b
    return out.reshape(n, out_h, out_w, fn).transpose(0, 3, 1, 2)
"""


def test_gpu_timing_written_against_numpy_fails_naming_the_calls(grade: Grade) -> None:
    pytest.importorskip("array_api_strict")
    verdict = grade("gpu_timing", NUMPY_CONV)
    report = verdict.report()
    assert not verdict.passed, report
    failure = verdict.first_failure()
    assert failure is not None and "array_api_strict" in failure.name, report
    assert "np.pad (line 20)" in report and "np.zeros (line 21)" in report, report
    assert "置き換える" in verdict.report(lang="ja")


def test_gpu_timing_reference_runs_on_every_array_library(grade: Grade) -> None:
    pytest.importorskip("array_api_strict")
    verdict = grade("gpu_timing", solution_path("gpu_timing").read_text(encoding="utf-8"))
    assert verdict.passed, verdict.report()
    assert any("array_api_strict" in c.name for c in verdict.checks)
    assert "cpuinfo" not in verdict.stderr


# -- 7. traps the contract names: said beside the line, and named in the failure --------------


TEXTBOOK_CROSS_ENTROPY = """import numpy as np


def cross_entropy_error(y, t):
    if y.ndim == 1:
        t = t.reshape(1, t.size)
        y = y.reshape(1, y.size)
    if t.size == y.size:
        t = t.argmax(axis=1)
    batch_size = y.shape[0]
    return -np.sum(np.log(y[np.arange(batch_size), t] + 1e-7)) / batch_size
"""


def test_cross_entropy_textbook_code_on_a_single_int_label_is_told_so(grade: Grade) -> None:
    verdict = grade("cross_entropy_error", TEXTBOOK_CROSS_ENTROPY)
    report = verdict.report()
    assert not verdict.passed, report
    assert "a single int label t = 2 (not an array" in report, report
    stub = stub_path("cross_entropy_error").read_text(encoding="utf-8")
    assert "the textbook's t.reshape(1, t.size) fails on it" in stub


def test_softmax_with_loss_ignoring_dout_is_told_to_multiply(grade: Grade) -> None:
    source = mutate("softmax_with_loss", ("return dout * (self.y", "return (self.y"))
    verdict = grade("softmax_with_loss", source)
    report = verdict.report()
    assert verdict.status == "failed", report
    assert "backward must multiply by dout" in report, report
    assert "ignores\n        dout" in stub_path("softmax_with_loss").read_text(encoding="utf-8")


def test_mean_squared_error_by_np_mean_is_told_the_batch_size(grade: Grade) -> None:
    source = mutate(
        "mean_squared_error",
        (
            "return float(np.sum((np.asarray(y) - np.asarray(d)) ** 2) / (2 * batch))",
            "return float(np.mean((np.asarray(y) - np.asarray(d)) ** 2) / 2)",
        ),
    )
    verdict = grade("mean_squared_error", source)
    report = verdict.report()
    assert verdict.status == "failed", report
    assert "not by the number of elements B*K" in report, report
    stub = stub_path("mean_squared_error").read_text(encoding="utf-8")
    assert "Rabbit Challenge common/functions.py (teacher" not in stub  # cites what it says


# -- 9. the smallest input, the first differing step, no relative error against 0 --------------


def test_no_relative_error_is_given_against_an_expected_zero() -> None:
    import numpy as np

    from trainer.grading.compare import Tolerance, compare

    found = compare(np.zeros(3), np.array([0.0, 1e-3, 0.0]), "dx", Tolerance())
    assert found is not None and found.max_abs_error == pytest.approx(1e-3)
    assert found.max_rel_error is None
    found = compare(np.array([0.0, 2.0, 4.0]), np.array([1.0, 3.0, 4.0]), "dx", Tolerance())
    assert found is not None and found.max_rel_error == pytest.approx(0.5)


def test_an_expected_zero_reads_without_a_huge_relative_error(grade: Grade) -> None:
    source = mutate(
        "relu_layer", ("np.where(self.mask, 0.0, dout)", "np.where(self.mask, 1e-3, dout)")
    )
    verdict = grade("relu_layer", source)
    report = verdict.report()
    assert verdict.status == "failed", report
    assert "max abs error 0.001" in report and "max rel error" not in report, report


def test_dropout_shows_the_big_input_as_the_expression_that_makes_it(grade: Grade) -> None:
    source = mutate("dropout", ("> self.dropout_ratio", "> 0.5"))
    verdict = grade("dropout", source)
    report = verdict.report()
    assert verdict.status == "failed", report
    assert "x = np.linspace(1.0, 2.0, 20_000).reshape(200, 100)" in report, report
    assert len(report) < 2500, report


def test_an_optimizer_failure_shows_one_step_and_the_element(grade: Grade) -> None:
    source = mutate("momentum", ("- self.lr * grads[key]", "+ self.lr * grads[key]"))
    verdict = grade("momentum", source)
    report = verdict.report()
    assert verdict.status == "failed", report
    failure = verdict.first_failure()
    assert failure is not None and failure.case is not None
    assert "g1" not in failure.case, report  # one step: the smallest fixed case
    assert failure.where is not None and failure.where.startswith("p0['"), report
    assert "update call number 1" in report and "expected" in report, report


def test_a_backward_error_below_finite_differences_is_not_blamed_on_the_forward_pass(
    grade: Grade,
) -> None:
    verdict = grade("lstm_cell", mutate("lstm_cell", ("dc_prev = dc * f", "dc_prev = dc")))
    report = verdict.report()
    assert verdict.status == "failed", report
    assert "dc_prev = dc * f" in report and "check the forward pass" not in report, report


def test_lstm_h_next_without_tanh_is_not_told_about_the_gate_order(grade: Grade) -> None:
    source = mutate("lstm_cell", ("h_next = o * tanh_c", "h_next = o * c_next"))
    verdict = grade("lstm_cell", source)
    report = verdict.report()
    assert verdict.status == "failed", report
    assert "gates in the order" not in report and "h_next = o * tanh(c_next)" in report, report


def test_gru_is_told_about_pytorch_only_when_its_output_is_pytorchs(grade: Grade) -> None:
    verdict = grade("gru_cell", mutate("gru_cell", ("h_hat = np.tanh(", "h_hat = 1.0 * np.sin(")))
    report = verdict.report()
    assert verdict.status == "failed", report
    assert "PyTorch" not in report, report
    swapped = mutate(
        "gru_cell", ("return (1 - z) * h_prev + z * h_hat", "return z * h_prev + (1 - z) * h_hat")
    )
    report = grade("gru_cell", swapped).report()
    assert "PyTorch swaps the roles of z" in report, report


def test_a_sequence_mismatch_names_the_first_wrong_step() -> None:
    import numpy as np

    from trainer.grading.compare import Tolerance, compare

    expected = np.zeros((1, 3, 2))
    got = expected.copy()
    got[0, 1, 0] = 0.1  # goes wrong at step 1 ...
    got[0, 2, 1] = 5.0  # ... and worse later
    found = compare(expected, got, "hs", Tolerance())
    assert found is not None and found.where == "hs[0, 2, 1]"
    assert "the first wrong element (in index order): hs[0, 1, 0] is 0.1, expected 0.0" in str(
        found.message
    )
    assert "最初に違う要素" in found.message.ja  # type: ignore[attr-defined]


# -- 6. float32 work passes wherever the contract names no dtype --------------------------------

IN_FLOAT32 = """

import inspect as _inspect

import numpy as _np


def _f32(value):
    if isinstance(value, _np.ndarray) and value.dtype == _np.float64:
        return value.astype(_np.float32)
    if isinstance(value, tuple):
        return tuple(_f32(v) for v in value)
    return value


def _in_float32(function):
    def wrapped(*args, **kwargs):
        return _f32(function(*args, **kwargs))

    wrapped.__name__ = function.__name__
    return wrapped


_HELPERS = ("sigmoid", "softmax", "im2col", "col2im", "cross_entropy_error", "array_namespace")
for _name, _value in list(globals().items()):
    if _name.startswith("_") or _name in _HELPERS:
        continue
    if _inspect.isfunction(_value):
        globals()[_name] = _in_float32(_value)
    elif _inspect.isclass(_value):
        for _method in ("forward", "backward"):
            if hasattr(_value, _method):
                setattr(_value, _method, _in_float32(getattr(_value, _method)))
"""


@pytest.mark.parametrize("exercise_id", exercise_ids())
def test_the_reference_answering_in_float32_passes(grade: Grade, exercise_id: str) -> None:
    source = solution_path(exercise_id).read_text(encoding="utf-8") + IN_FLOAT32
    verdict = grade(exercise_id, source)
    assert verdict.passed, verdict.report()


def test_box_iou_names_only_the_clause_its_failing_case_isolates(grade: Grade) -> None:
    source = mutate(
        "box_iou",
        ("sides = np.clip(bottom_right - top_left, 0.0, None)", "sides = bottom_right - top_left"),
    )
    report = grade("box_iou", source).report()
    assert "clamp the intersection's width and height" in report, report
    assert "no +1" not in report and "union is 0" not in report, report
