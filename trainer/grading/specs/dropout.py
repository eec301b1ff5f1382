"""Dropout(dropout_ratio=0.5), non-inverted: train x * mask, test x * (1 - ratio)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from trainer.grading.compare import Tolerance
from trainer.grading.l10n import Bi
from trainer.grading.spec import Check, Example, Exercise, Inputs, call, lit, method, program

TEST = program(
    call("Dropout", dropout_ratio="ratio", save="layer"),
    method("layer", "forward", "x", train_flg=lit(False), save="out"),
    outputs=("out",),
)
TRAIN = program(
    call("Dropout", dropout_ratio="ratio", save="layer"),
    method("layer", "forward", "x", save="out"),
    method("layer", "backward", "dout", save="dx"),
    outputs=("out", "dx"),
)
TWICE = program(
    call("Dropout", dropout_ratio="ratio", save="layer"),
    method("layer", "forward", "x", save="out"),
    method("layer", "forward", "x", save="out2"),
    outputs=("out", "out2"),
)


def _array(value: Any, like: np.ndarray, name: str) -> np.ndarray:
    if not isinstance(value, np.ndarray) or value.shape != like.shape:
        raise ValueError(
            Bi(
                f"{name} should be an array of shape {like.shape}",
                f"{name} は形状 {like.shape} の配列でなければならない",
            )
        )
    return value.astype(np.float64)


def keep_or_drop(inputs: Inputs, got: Mapping[str, Any]) -> str | None:
    x = inputs["x"]
    low = any(getattr(got[k], "dtype", None) == np.float32 for k in ("out", "dx"))
    rtol = 1e-6 if low else 1e-12  # "exactly x", to the precision of float32 work
    out = _array(got["out"], x, "out")
    dx = _array(got["dx"], x, "dx")
    kept = out != 0
    if not np.allclose(out[kept], x[kept], rtol=rtol, atol=0):
        bad = np.argwhere(kept & ~np.isclose(out, x, rtol=rtol, atol=0))[0]
        at = tuple(int(i) for i in bad)
        return Bi(
            f"in training, each output must be 0 or exactly x (no scaling: this dropout is "
            f"not inverted); out{list(at)} is {out[at]!r} where x is {x[at]!r}",
            f"学習時の各出力は 0 か x そのものでなければならない（スケーリングしない: この "
            f"Dropout は inverted ではない）。x が {x[at]!r} の位置で out{list(at)} が {out[at]!r}",
        )
    dout = inputs["dout"]
    if not np.allclose(dx[kept], dout[kept], rtol=rtol, atol=0) or np.any(dx[~kept] != 0):
        return "backward must pass dout where the unit was kept and 0 where it was dropped"
    return None


def fraction_dropped(inputs: Inputs, got: Mapping[str, Any]) -> str | None:
    x, ratio = inputs["x"], float(inputs["ratio"])
    out = _array(got["out"], x, "out")
    out2 = _array(got["out2"], x, "out2")
    dropped = float(np.mean(out == 0))
    sigma = np.sqrt(ratio * (1 - ratio) / x.size)
    if abs(dropped - ratio) > 6 * sigma + 1e-9:
        return Bi(
            f"with dropout_ratio={ratio}, about {ratio:.0%} of the units should be dropped; "
            f"{dropped:.1%} were (drop where np.random.rand(...) <= dropout_ratio)",
            f"dropout_ratio={ratio} ではユニットの約 {ratio:.0%} を落とすはずが、{dropped:.1%} "
            f"だった（np.random.rand(...) <= dropout_ratio の位置を落とす）",
        )
    if 0 < ratio < 1 and np.array_equal(out == 0, out2 == 0):
        return "every call of forward in training must draw a new mask"
    return None


def checks() -> list[Check]:
    from trainer.grading import strategies as s

    nonzero = s.floats(0.5, 5.0).flatmap(lambda v: s.sampled_from([v, -v]))

    @s.composite
    def small(draw: s.DrawFn) -> dict[str, Any]:
        shape = draw(s.shapes(1, 3, 1, 5))
        return {
            "x": draw(s.arrays(shape, elements=nonzero)),
            "dout": draw(s.arrays(shape, -2, 2)),
            "ratio": draw(s.sampled_from([0.1, 0.25, 0.5, 0.8])),
        }

    @s.composite
    def large(draw: s.DrawFn) -> dict[str, Any]:
        x = np.linspace(1.0, 2.0, 20_000).reshape(200, 100)
        return {
            "x": x,
            "ratio": draw(s.sampled_from([0.1, 0.3, 0.5, 0.8])),
            "_show_x": "np.linspace(1.0, 2.0, 20_000).reshape(200, 100)",
        }

    ramp = np.arange(1.0, 13.0).reshape(3, 4)
    return [
        Check(
            "test mode: forward(x, train_flg=False) = x * (1 - dropout_ratio)",
            TEST,
            small,
            examples=(Example("ratio 0.5", {"x": ramp, "ratio": 0.5, "dout": ramp}),),
            max_examples=10,
            tolerance=Tolerance(1e-12, 0.0),
            explain={
                "out": "this Dropout is the textbook's non-inverted one: training keeps x as it "
                "is, and test mode scales by (1 - dropout_ratio)"
            },
        ),
        Check(
            "training: each unit is kept as it is or dropped to 0; backward uses the same mask",
            TRAIN,
            small,
            examples=(Example("ratio 0.5", {"x": ramp, "ratio": 0.5, "dout": -ramp}),),
            max_examples=15,
            reference=False,
            verify=keep_or_drop,
        ),
        Check(
            "training: about dropout_ratio of the units are dropped, a new mask each call",
            TWICE,
            large,
            max_examples=4,
            reference=False,
            verify=fraction_dropped,
        ),
    ]


EXERCISE = Exercise(
    id="dropout",
    title="Dropout (the textbook's non-inverted form)",
    topic="deep_learning/regularization",
    source="course notes 004 §4 E12 (mentioned only); DLFS1 common/layers.py Dropout; exam.md §3.4",
    summary="class Dropout(dropout_ratio=0.5): forward(x, train_flg=True), backward(dout); "
    "non-inverted",
    functions=("Dropout",),
    hints=(
        "In training, draw a fresh mask each call: self.mask = np.random.rand(*x.shape) > "
        "self.dropout_ratio, and return x * self.mask.",
        "This is the non-inverted dropout: no 1/(1 - p) in training; instead test mode returns "
        "x * (1 - dropout_ratio) so the expected activation is the same.",
        "backward(dout) returns dout * self.mask.",
    ),
    checks=checks,
    tags=("layer", "convention"),
)
