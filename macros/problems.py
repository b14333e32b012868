"""Problems found in the data, and the error that carries all of them at once."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing an author must fix: where it is, in which record and key, and why."""

    file: str
    line: int
    record: str | None
    key: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        subject = []
        if self.record:
            subject.append(self.record)
        if self.key:
            subject.append(f"key '{self.key}'")
        if subject:
            return f"{where}: {', '.join(subject)}: {self.message}"
        return f"{where}: {self.message}"


class DataError(Exception):
    """Raised when the data has problems; the message lists every one of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems), key=_sort_key)
        count = len(self.problems)
        heading = f"{count} problem{'s' if count != 1 else ''} in the site data:"
        super().__init__("\n".join([heading, *(f"  {problem}" for problem in self.problems)]))


def _sort_key(problem: Problem) -> tuple[str, int, str, str, str]:
    return (problem.file, problem.line, problem.record or "", problem.key or "", problem.message)
