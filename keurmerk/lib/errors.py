"""The two ways a step is refused, for every app: `StepRefused` (not allowed now; the message says
why in Dutch) and `VersionConflict` (someone saved since the version the user started from)."""

from typing import Any

from django.core.exceptions import ValidationError


class StepRefused(ValidationError):
    """A workflow step that is not allowed now; nothing was changed. The message says why."""


class VersionConflict(Exception):
    """The object was saved by someone else since `version`; `current` is what is stored now."""

    def __init__(self, current: Any):
        self.current = current
        super().__init__(f"{current._meta.label_lower} {current.pk} is at version {current.version}")
