from __future__ import annotations


class WeightError(ValueError):
    """Weights that cannot be used; the message says which and why.

    str(error) is the English message (for the CLI and logs). `code` and
    `params` let a screen say the same in the reader's language with
    secu4all_ethics.wording.describe_weight_error, naming criteria and
    pillars by their display names.
    """

    def __init__(self, message: str, code: str | None = None, **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params = params
