"""The child process of `trainer exercise time`: imports the learner's file and times it.

It runs apart from the app (the learner's code never runs in the app's process), with a CPU-time
limit and no core files, and writes one JSON document to the file named in its configuration
(stdout belongs to the learner's prints). It needs the GPU driver, so it is not locked down like
the grading worker; it is only started for code that already passed the correctness checks.
Run as `python -m trainer.grading.timing_worker < config.json`.
"""

from __future__ import annotations

import importlib.util
import json
import resource
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from trainer.grading.backends import Backend, detect_backends
from trainer.grading.sweep import Inputs, Measurement, crossover, measure

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


def time_all(config: dict[str, Any]) -> dict[str, Any]:
    function = config["function"]
    make_inputs, kwargs = WORKLOADS[function]
    detection = detect_backends()
    modules = {
        "student": load(config["student"], "learner"),
        "reference": load(config["reference"], "reference"),
    }
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
    cpu = int(config.get("cpu_s", 120))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    sys.path.insert(0, str(Path(config["student"]).parent))
    try:
        result = time_all(config)
    except Exception as exc:
        result = {"fatal": f"{type(exc).__name__}: {exc}"}
    Path(config["result"]).write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
