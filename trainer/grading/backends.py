"""Array backends for the CPU-vs-GPU timing exercise: what is available here, and why not.

A backend is an array module (`xp`) plus the three things a fair timing needs: how to move host
arrays onto its device, how to bring results back, and how to wait for queued work
(`synchronize`). GPU libraries return from a call before the kernel has run, so a clock read
without synchronising measures only the launch.

Detection never fails: a missing library or a machine without a CUDA device gives a reason
("CuPy not installed", "no CUDA device"), which the exercise prints, and the CPU backends still run.
"""

from __future__ import annotations

import contextlib
import importlib.util
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np


def _nothing() -> None:
    return None


def _identity(array: Any) -> Any:
    return array


@dataclass(frozen=True)
class Backend:
    name: str
    device: Literal["cpu", "gpu"]
    xp: Any
    to_device: Callable[[np.ndarray[Any, Any]], Any] = _identity
    to_host: Callable[[Any], np.ndarray[Any, Any]] = np.asarray
    synchronize: Callable[[], None] = _nothing
    # Entered around every timed call, e.g. to pin the BLAS thread count.
    context: Callable[[], contextlib.AbstractContextManager[Any]] = contextlib.nullcontext
    description: str = ""
    threads: int | None = None


@dataclass(frozen=True)
class Detection:
    backends: list[Backend]
    missing: dict[str, str] = field(default_factory=dict)  # backend name -> why it is not here

    @property
    def has_gpu(self) -> bool:
        return any(b.device == "gpu" for b in self.backends)

    def summary(self) -> str:
        if self.has_gpu:
            return "GPU backends: " + ", ".join(b.name for b in self.backends if b.device == "gpu")
        reasons = "; ".join(f"{name}: {why}" for name, why in self.missing.items())
        return f"no GPU backend found ({reasons})"


def blas_threads() -> int | None:
    """The BLAS thread count NumPy uses now (None when threadpoolctl cannot tell)."""
    from threadpoolctl import threadpool_info

    counts = [info["num_threads"] for info in threadpool_info() if info["user_api"] == "blas"]
    return max(counts) if counts else None


def numpy_backend() -> Backend:
    return Backend(
        "numpy", "cpu", np, description="NumPy, default BLAS threads", threads=blas_threads()
    )


def numpy_single_thread_backend() -> Backend:
    """NumPy with BLAS pinned to one thread: a second real CPU backend to compare against."""
    from threadpoolctl import threadpool_limits

    @contextlib.contextmanager
    def one_thread() -> Iterator[None]:
        with threadpool_limits(limits=1, user_api="blas"):
            yield

    return Backend(
        "numpy-1thread",
        "cpu",
        np,
        context=one_thread,
        description="NumPy, 1 BLAS thread",
        threads=1,
    )


def _cupy_backend() -> tuple[Backend | None, str]:
    if importlib.util.find_spec("cupy") is None:
        return None, "CuPy not installed (pip install '.[gpu]')"
    try:
        import cupy

        if cupy.cuda.runtime.getDeviceCount() < 1:
            return None, "no CUDA device"
        device = cupy.cuda.Device()
        name = cupy.cuda.runtime.getDeviceProperties(device.id)["name"].decode()
    except Exception as exc:  # CUDA raises its own error types when no driver/device exists
        return None, f"no CUDA device ({type(exc).__name__})"

    def synchronize() -> None:
        device.synchronize()

    return (
        Backend(
            "cupy",
            "gpu",
            cupy,
            to_device=cupy.asarray,
            to_host=cupy.asnumpy,
            synchronize=synchronize,
            description=f"CuPy {cupy.__version__} on {name}",
        ),
        "",
    )


def _torch_backend() -> tuple[Backend | None, str]:
    if importlib.util.find_spec("torch") is None:
        return None, "PyTorch not installed"
    if importlib.util.find_spec("array_api_compat") is None:
        return None, "array_api_compat not installed (needed to use torch as xp)"
    try:
        import torch
        from array_api_compat import torch as xp_torch

        if not torch.cuda.is_available():
            return None, "no CUDA device"
        name = torch.cuda.get_device_name()
    except Exception as exc:
        return None, f"no CUDA device ({type(exc).__name__})"

    def to_device(array: np.ndarray[Any, Any]) -> Any:
        return torch.from_numpy(np.ascontiguousarray(array)).to("cuda")

    def to_host(array: Any) -> np.ndarray[Any, Any]:
        return np.asarray(array.detach().cpu().numpy())

    return (
        Backend(
            "torch-cuda",
            "gpu",
            xp_torch,
            to_device=to_device,
            to_host=to_host,
            synchronize=torch.cuda.synchronize,
            description=f"PyTorch {torch.__version__} on {name}",
        ),
        "",
    )


def detect_backends(include_single_thread: bool = True) -> Detection:
    """NumPy always; CuPy and PyTorch CUDA when importable with a device."""
    backends = [numpy_backend()]
    if include_single_thread:
        backends.append(numpy_single_thread_backend())
    missing: dict[str, str] = {}
    for name, probe in (("cupy", _cupy_backend), ("torch-cuda", _torch_backend)):
        backend, reason = probe()
        if backend is None:
            missing[name] = reason
        else:
            backends.append(backend)
    return Detection(backends, missing)
