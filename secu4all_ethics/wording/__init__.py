"""The one place where results become sentences.

The engine returns facts: ids, codes, numbers and the texts it was given
(content in every language, the assessors' own words). Everything a reader
is told about a result (names, warnings, exclusion reasons, obligations,
robustness and cross-check statements, table captions) is worded here, for
one language, from those facts alone. One evaluation therefore serves every
language: a report in a second language words the same result again.

The callers are the edges: the command line's result JSON, the screens
(ui/evaluation.py) and the report (report/build.py, services/reports.py).
"""

from __future__ import annotations

from .completeness import checklist
from .errors import describe_weight_error
from .result import word_result
from .screening import word_prepared
from .statements import cross_check_caption
from .text import in_language

__all__ = ["checklist", "cross_check_caption", "describe_weight_error", "in_language", "word_prepared", "word_result"]
