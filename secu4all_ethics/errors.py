"""Errors that name the file, the path inside it and what is wrong."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ContentIssue:
    file: str
    path: str
    message: str  # in English, for logs, files and the command line
    # What the check found, as data, so a screen can say it in the reader's language (i18n/issues.py).
    kind: str = ""  # pydantic's error type, e.g. "string_too_long"; empty for the tool's own checks
    context: dict = field(default_factory=dict, compare=False)  # its limits, e.g. {"max_length": 500}

    def __str__(self) -> str:
        location = f"{self.file}: {self.path}" if self.path else self.file
        return f"{location}: {self.message}"


class ContentError(Exception):
    """Content or an assessment file could not be used. Carries every issue found."""

    def __init__(self, issues: list[ContentIssue]):
        if not issues:
            raise ValueError("a ContentError needs at least one issue")
        self.issues = list(issues)
        super().__init__("\n".join(str(issue) for issue in self.issues))

    @classmethod
    def single(cls, file: str, message: str, path: str = "") -> ContentError:
        return cls([ContentIssue(file=file, path=path, message=message)])
