"""Parameter initialisation (syllabus 3-2-4).

- `init-std`: the standard deviation of Xavier (1/√n_in, as the course writes it), Glorot
  (√(2/(n_in + n_out))) or He (√(2/n_in)) initialisation.
"""

from __future__ import annotations

import math
import random
from typing import Literal

from pydantic import Field

from trainer.bank.generators.common import IntChoices, fmt
from trainer.bank.generators.registry import Generated, GeneratorConfig, generator

InitAsk = Literal["xavier", "glorot", "he"]


class InitConfig(GeneratorConfig):
    asks: tuple[InitAsk, ...] = Field(default=("xavier", "he"), min_length=1)
    units: IntChoices = (16, 25, 32, 50, 64, 100, 128, 200, 256, 400, 512, 784, 1024)


def init_std(ask: str, n_in: int, n_out: int) -> float:
    if ask == "xavier":
        return 1 / math.sqrt(n_in)
    if ask == "glorot":
        return math.sqrt(2 / (n_in + n_out))
    return math.sqrt(2 / n_in)


@generator(
    "init-std",
    kind="numeric",
    config=InitConfig,
    slips=("variance", "other-init", "uses-n-out", "no-sqrt"),
)
def init_std_question(rng: random.Random, config: InitConfig) -> Generated:
    ask = rng.choice(config.asks)
    while True:
        n_in, n_out = rng.choice(config.units), rng.choice(config.units)
        if n_in != n_out:
            break
    answer = init_std(ask, n_in, n_out)
    slips = {"variance": answer**2}
    if ask == "xavier":
        slips |= {"other-init": init_std("he", n_in, n_out), "uses-n-out": 1 / math.sqrt(n_out)}
        slips["no-sqrt"] = 1 / n_in
    elif ask == "he":
        slips |= {
            "other-init": init_std("xavier", n_in, n_out),
            "uses-n-out": math.sqrt(2 / n_out),
            "no-sqrt": 2 / n_in,
        }
    else:
        slips |= {"other-init": init_std("xavier", n_in, n_out), "no-sqrt": 2 / (n_in + n_out)}
    labels = {
        "xavier": (
            "講座の Xavier の初期値（標準偏差 1/√n_in）",
            "the course's Xavier (std 1/√n_in)",
        ),
        "glorot": (
            "Glorot の初期値の正規分布版（標準偏差 √(2/(n_in + n_out))）",
            "Glorot's normal variant (std √(2/(n_in + n_out)))",
        ),
        "he": (
            "He の初期値（標準偏差 √(2/n_in)、ReLU 向け）",
            "He initialisation (std √(2/n_in), for ReLU)",
        ),
    }
    values = {
        "ask": ask,
        "ask_ja": labels[ask][0],
        "ask_en": labels[ask][1],
        "n_in": str(n_in),
        "n_out": str(n_out),
        "sum": str(n_in + n_out),
        "var": fmt(answer**2, 6),
        "answer": fmt(answer, 4),
    }
    return Generated({"ask": ask, "n_in": n_in, "n_out": n_out}, values, answer, slips)
