"""House rule 11: no function over 40 lines in `keurmerk/` (migrations excepted)."""

import ast
from pathlib import Path

from django.conf import settings

LIMIT = 40


def test_no_function_is_longer_than_40_lines():
    too_long = []
    for path in sorted((Path(settings.BASE_DIR) / "keurmerk").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > LIMIT:
                    too_long.append(
                        f"{path.relative_to(settings.BASE_DIR)}:{node.lineno} {node.name} ({length})"
                    )
    assert too_long == []
