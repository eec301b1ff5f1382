"""A test bank of choice questions, and a driver playing a learner against `trainer quiz --plain`.

The driver reads the quiz's stdout up to each prompt, so it knows exactly when an answer has been
committed: the quiz prints the next prompt only after committing the previous answer.
"""

from __future__ import annotations

import os
import re
import select
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from trainer.bank.resources import syllabus_path

ROOT = Path(__file__).resolve().parents[2]
ANSWER_PROMPT = "answer> "
RATING_PROMPT = "rating [Enter=Good, 2=Hard, 3=Good, 4=Easy]> "
HEADER = re.compile(r"^\[\d+/\d+\] .+ \((?:new|review)\)  (\S+)$", re.MULTILINE)
TOPICS = ("deep_learning/test/alpha", "deep_learning/test/beta", "deep_learning/test/gamma")
RATINGS = {"": 3, "2": 2, "3": 3, "4": 4}


def write_bank(directory: Path, count: int) -> Path:
    """`count` three-option choice questions over three topics, with the shipped syllabus."""
    directory.mkdir(parents=True, exist_ok=True)
    shutil.copy(syllabus_path(), directory / "syllabus.yaml")
    items = []
    for n in range(count):
        items.append(
            f"""- id: test.q{n:04d}
  topic: {TOPICS[n % len(TOPICS)]}
  syllabus: "3-1-4"
  area: deep_learning
  kind: choice
  difficulty: 1
  source: {{seed: 004_f7553b00660b1397.txt, section: "test section {n}"}}
  prompt: {{ja: "問題 {n}", en: "Question {n}"}}
  correct:
    - text: {{ja: "正しい {n}", en: "right {n}"}}
  distractors:
    - text: {{ja: "誤り A{n}", en: "wrong A{n}"}}
      why: {{ja: "違う。", en: "No."}}
    - text: {{ja: "誤り B{n}", en: "wrong B{n}"}}
      why: {{ja: "違う。", en: "No."}}
  explanation: {{ja: "説明 {n}", en: "Explanation {n}"}}
"""
        )
    (directory / "questions.yaml").write_text("".join(items), encoding="utf-8")
    return directory


def quiz_command(db: Path, *extra: str, user: str = "learner") -> list[str]:
    return [
        sys.executable,
        "-m",
        "trainer",
        "--db",
        f"sqlite:///{db}",
        "--user",
        user,
        "quiz",
        "--plain",
        "--lang",
        "en",
        *extra,
    ]


def quiz_env(bank: Path) -> dict[str, str]:
    return {**os.environ, "TRAINER_BANK": str(bank), "PYTHONPATH": str(ROOT)}


@dataclass
class Given:
    """One answer as the learner gave it, and how the quiz took it."""

    question_id: str
    text: str
    correct: bool
    rating: int


@dataclass
class Learner:
    """Drives one quiz process interactively."""

    process: subprocess.Popen[bytes]
    seen: str = ""
    given: list[Given] = field(default_factory=list)

    @classmethod
    def start(cls, command: list[str], env: dict[str, str]) -> Learner:
        process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=ROOT,
        )
        return cls(process)

    def read_until_prompt(self, timeout: float = 30.0) -> str | None:
        """Output up to the next prompt; returns the prompt, or None when the process ended."""
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        start = len(self.seen)
        deadline = time.monotonic() + timeout
        while True:
            tail = self.seen[start:]
            for prompt in (ANSWER_PROMPT, RATING_PROMPT):
                if tail.endswith(prompt):
                    return prompt
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no prompt after: {tail[-400:]!r}")
            ready, _, _ = select.select([fd], [], [], remaining)
            if ready:
                chunk = os.read(fd, 65536)
                if not chunk:
                    return None
                self.seen += chunk.decode("utf-8")

    def send(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line.encode("utf-8") + b"\n")
        self.process.stdin.flush()

    def current_question(self) -> str:
        found = HEADER.findall(self.seen)
        assert found, self.seen[-400:]
        return str(found[-1])

    def answer(self, text: str, rating_text: str) -> bool:
        """Answer the current question (and rate it if right); True if the quiz goes on.

        Returns only once the quiz shows the next prompt (or ends): the answer is committed.
        """
        question = self.current_question()
        self.send(text)
        prompt = self.read_until_prompt()
        correct = prompt == RATING_PROMPT
        rating = 1
        if correct:
            self.send(rating_text)
            rating = RATINGS[rating_text]
            prompt = self.read_until_prompt()
        self.given.append(Given(question, text, correct, rating))
        return prompt is not None

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()
        self.close()

    def close(self) -> None:
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()
