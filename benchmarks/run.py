"""`make bench`: run every benchmark module and print one JSON document (also saved to results/)."""

from __future__ import annotations

import importlib
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MODULES = [
    "benchmarks.bank_bench",
    "benchmarks.store_bench",
    "benchmarks.grading_bench",
    "benchmarks.tui_bench",
    "benchmarks.report_bench",
    "benchmarks.personal_bench",
    "benchmarks.export_bench",
    "benchmarks.class_bench",
]


def main() -> int:
    results: dict[str, object] = {
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "benchmarks": {},
    }
    for name in MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        results["benchmarks"][name.split(".")[-1]] = module.main()  # type: ignore[index]
    text = json.dumps(results, indent=2, ensure_ascii=False)
    print(text)
    out = ROOT / "benchmarks" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
