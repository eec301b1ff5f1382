"""The child process of `trainer exercise time`: imports the learner's file and times it.

It runs apart from the app (the learner's code never runs in the app's process) and is locked
down like the grading worker before the learner's file is imported: resource limits (CPU seconds,
file size, no core files; no address-space limit, which CUDA would exceed), Landlock (read-only:
the Python installation minus the trainer package; read-write: its scratch folder, plus the GPU
device files when a GPU backend was found) and the same seccomp filter. What needs more than that
happens first, trusted: finding the backends and starting the GPU driver (a small warm-up on each
backend), loading the reference. It writes one JSON document to the file named in its
configuration, in its scratch folder (stdout belongs to the learner's prints).
Run as `python -m trainer.grading.timing_worker < config.json`.
"""

from __future__ import annotations

import glob
import importlib.util
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from trainer.grading.backends import Backend, detect_backends
from trainer.grading.sweep import Inputs, Measurement, crossover, measure
from trainer.grading.worker import install_landlock, install_seccomp, set_limits

MATMUL_BATCH = 4
CONV_BATCH, CONV_CHANNELS, CONV_FILTERS = 8, 16, 32


def matmul_inputs(size: int, rng: np.random.Generator) -> Inputs:
    shape = (MATMUL_BATCH, size, size)
    return rng.standard_normal(shape), rng.standard_normal(shape)


def conv_inputs(size: int, rng: np.random.Generator) -> Inputs:
    x = rng.standard_normal((CONV_BATCH, CONV_CHANNELS, size, size))
    w = rng.standard_normal((CONV_FILTERS, CONV_CHANNELS, 3, 3))
    return x, w, rng.standard_normal(CONV_FILTERS)


WORKLOADS: dict[str, tuple[Callable[[int, np.random.Generator], Inputs], dict[str, Any]]] = {
    "batched_matmul": (matmul_inputs, {}),
    "conv2d": (conv_inputs, {"stride": 1, "pad": 1}),
}


def load(path: str, name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _row(who: str, m: Measurement) -> dict[str, Any]:
    return {"who": who, **m.__dict__}


GPU_DEVICES = ("/dev/nvidia*", "/dev/dri")
# the driver's parameters; the CUDA toolkit's headers (CuPy compiles its kernels when first used)
GPU_READ_ONLY = ("/proc/driver/nvidia", "/usr/local/cuda", "/usr/local/cuda-*", "/opt/cuda")


def _caches_in(workdir: str) -> None:
    """Kernel caches in the scratch folder, the one place left writable (not in the home)."""
    os.environ["CUPY_CACHE_DIR"] = os.path.join(workdir, ".cupy")
    os.environ["CUDA_CACHE_PATH"] = os.path.join(workdir, ".nv")


def _warm_up(backend: Backend) -> None:
    """A first call on the backend now, while the driver may still read what it needs."""
    with backend.context():
        ones = backend.to_device(np.ones((2, 2)))
        backend.to_host(backend.xp.matmul(ones, ones))
        backend.synchronize()


def lock_down(config: dict[str, Any], gpu: bool) -> list[str]:
    """Landlock and seccomp, as for the grading worker; the problems met (none: fully locked)."""
    sandbox = config.get("sandbox", {})
    problems = []
    if sandbox.get("landlock"):
        # threadpoolctl (the one-thread NumPy backend) reads this process's own memory map
        read_only = [*sandbox["read_only"], "/proc/self/maps"]
        read_write = [config["workdir"]]
        if gpu:
            read_only += [p for pattern in GPU_READ_ONLY for p in sorted(glob.glob(pattern))]
            read_write += [p for pattern in GPU_DEVICES for p in sorted(glob.glob(pattern))]
        problem = install_landlock(read_only, read_write)
        if problem:
            problems.append(problem)
    if sandbox.get("seccomp"):
        problem = install_seccomp()
        if problem:
            problems.append(problem)
    return problems


def time_all(config: dict[str, Any]) -> dict[str, Any]:
    function = config["function"]
    make_inputs, kwargs = WORKLOADS[function]
    detection = detect_backends()
    for backend in detection.backends:
        _warm_up(backend)
    reference = load(config["reference"], "reference")
    notes = lock_down(config, detection.has_gpu)
    modules = {"student": load(config["student"], "learner"), "reference": reference}
    rows: list[dict[str, Any]] = []
    errors: list[dict[str, str]] = []
    for size in config["sizes"]:
        inputs = make_inputs(size, np.random.default_rng(size))
        for backend in detection.backends:
            for who, module in modules.items():
                target = getattr(module, function)

                def call(*args: Any, _f: Callable[..., Any] = target) -> Any:
                    return _f(*args, **kwargs)

                try:
                    result = measure(
                        call, inputs, backend, size, repeat=config.get("repeat", 9), budget_s=0.5
                    )
                except Exception as exc:  # the learner's code failing on one backend only
                    errors.append(
                        {
                            "who": who,
                            "backend": backend.name,
                            "size": str(size),
                            "error": f"{type(exc).__name__}: {exc}",
                        }
                    )
                    continue
                rows.append(_row(who, result))
    students = [
        Measurement(**{k: v for k, v in r.items() if k != "who"})
        for r in rows
        if r["who"] == "student"
    ]
    crossovers = [
        crossover(students, fast=b.name, slow="numpy").__dict__
        for b in detection.backends
        if b.name != "numpy"
    ]
    return {
        "function": function,
        "backends": [_describe(b) for b in detection.backends],
        "missing": detection.missing,
        "summary": detection.summary(),
        "rows": rows,
        "errors": errors,
        "crossovers": crossovers,
        "sandbox": notes,
    }


def _describe(backend: Backend) -> dict[str, Any]:
    return {
        "name": backend.name,
        "device": backend.device,
        "description": backend.description,
        "threads": backend.threads,
    }


def main() -> int:
    config = json.loads(sys.stdin.read())
    set_limits({"cpu_s": int(config.get("cpu_s", 120)), "fsize_mb": 16, "memory_mb": None})
    os.chdir(config["workdir"])
    _caches_in(config["workdir"])
    sys.path.insert(0, config["workdir"])
    try:
        result = time_all(config)
    except Exception as exc:
        result = {"fatal": f"{type(exc).__name__}: {exc}"}
    Path(config["result"]).write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
