"""Hooks: how a lower app asks a question that only a higher app can answer, without importing it.

The lower app declares the hook with a default (what holds when nothing is registered, e.g. in a
test of that app alone); the higher app registers its implementation once, in its
`AppConfig.ready()`. Imports keep pointing downwards only (tests/test_app_graph.py checks them).
"""

from collections.abc import Callable
from typing import Any


class Hook:
    """One function provided from above; calling the hook calls it (or the default)."""

    def __init__(self, name: str, *, default: Callable[..., Any]) -> None:
        self.name = name
        self._default = default
        self._implementation: Callable[..., Any] | None = None

    def register(self, implementation: Callable[..., Any]) -> Callable[..., Any]:
        self._implementation = implementation
        return implementation

    @property
    def registered(self) -> bool:
        return self._implementation is not None

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return (self._implementation or self._default)(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {self._implementation or self._default!r}>"
