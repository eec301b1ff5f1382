"""The plain-data channel (no pickle, strict decoding) and the comparison rules."""

from __future__ import annotations

import io

import numpy as np
import pytest

from trainer.grading.compare import EXACT, Tolerance, compare, show, show_inputs
from trainer.grading.worker import FrameReader, Opaque, ProtocolError, decode, encode, pack


def roundtrip(value: object) -> object:
    blobs: list[bytes] = []
    node = encode(value, blobs, [0])
    ((message, received),) = FrameReader().feed(pack({"value": node}, blobs))
    return decode(message["value"], received)


def test_plain_values_roundtrip() -> None:
    value = {
        "a": np.arange(6.0).reshape(2, 3),
        "t": (1, 2.5, None, True),
        "l": [np.int64(3), np.float32(1.5)],
        "s": "text",
    }
    back = roundtrip(value)
    assert isinstance(back, dict)
    assert np.array_equal(back["a"], value["a"]) and back["a"].dtype == np.float64
    assert back["t"] == (1, 2.5, None, True)
    assert back["l"][0] == 3 and back["l"][1].dtype == np.float32


def test_objects_do_not_cross_and_nothing_is_unpickled() -> None:
    back = roundtrip({"o": object(), "arr": np.array([object()], dtype=object)})
    assert isinstance(back, dict)
    assert isinstance(back["o"], Opaque) and isinstance(back["arr"], Opaque)
    buffer = io.BytesIO()
    np.save(buffer, np.array([{"evil": 1}], dtype=object), allow_pickle=True)
    with pytest.raises(ProtocolError):
        decode({"$nd": 0}, [buffer.getvalue()])
    with pytest.raises(ProtocolError):
        decode({"$exec": "print(1)"}, [])


def test_subclasses_travel_as_plain_arrays() -> None:
    class Liar(np.ndarray):
        def __eq__(self, other: object) -> bool:  # type: ignore[override]
            return True

    back = roundtrip(np.zeros(3).view(Liar))
    assert type(back) is np.ndarray


@pytest.mark.parametrize(
    ("expected", "got", "says"),
    [
        (np.zeros((2, 3)), np.zeros((3, 2)), "has shape (3, 2), expected (2, 3)"),
        (np.array([0.5, 0.5]), np.array([np.nan, 0.5]), "out[0] is nan"),
        (np.array([1.0, 2.0]), np.array([1.0, 2.1]), "out[1] is 2.1, expected 2.0"),
        (np.array([1, 2]), [1, 3], "out[1] is 3"),
        (1.5, np.array([1.5]), "should be a number"),
        ((np.zeros(1), np.ones(1)), (np.zeros(1),), "should have 2 items"),
        (np.zeros(2), Opaque("generator"), "got a generator"),
    ],
)
def test_mismatches_say_what_and_where(expected: object, got: object, says: str) -> None:
    mismatch = compare(expected, got, "out", Tolerance() if says != "out[1] is 3" else EXACT)
    assert mismatch is not None and says in mismatch.message, mismatch


def test_matches() -> None:
    assert compare(np.array([1.0, np.nan, np.inf]), np.array([1.0, np.nan, np.inf]), "o",
                   Tolerance()) is None  # fmt: skip
    assert compare(np.float64(2.0), 2, "o", Tolerance()) is None
    assert compare(np.array([1.0]), np.array([1.0 + 1e-12]), "o", Tolerance()) is None


def test_an_exact_dtype_needs_an_array_of_that_dtype() -> None:
    keep = np.array([2, 0], dtype=np.int64)
    assert compare(keep, keep.astype(np.int32), "keep", EXACT, "int64") is not None
    assert compare(keep, [2, 0], "keep", EXACT, "int64") is not None
    assert compare(keep, keep.copy(), "keep", EXACT, "int64") is None


def test_inputs_are_shown_as_python_and_the_graders_own_are_hidden() -> None:
    text = show_inputs({"x": np.array([0.1, 2.0]), "k": 3, "_one": np.array(1.0)})
    assert text == "x = np.array([0.1, 2.0])\nk = 3"
    assert show(np.zeros(0, dtype=np.int64)) == "np.array([], dtype=np.int64)"
