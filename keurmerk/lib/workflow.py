"""Declared processes (house rule 12): a process's steps are data, one function carries a step out,
and `available_steps` tells a page what a user may do now and, for a closed step, why and when it
opens.

A `Step` names its from-states, its to-state, who may take it, the phase it needs and the audit
action it writes. Its consequences (a certificate, a dissolved agreement, a notice) are registered
per to-state with `Process.on_enter`, so that every way into a state carries them: a report, `tick`,
an administrator's override, an upheld complaint. This module knows no app; each app declares its
processes in `<app>/states.py` and hands in how to lock a row, how to record an audit row and, if
steps need a phase, the window of that phase.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import StepRefused

# A text for people: a string, or a lazily translated one.
Text = str | Promise


class PhaseWindow(Protocol):
    @property
    def opens(self) -> datetime.date: ...

    @property
    def closes(self) -> datetime.date: ...

    def state(self, now: datetime.datetime | None = None) -> str: ...


@dataclass(frozen=True)
class Who:
    """Who may take a step: a test of (user, object) and the refusal that says so in Dutch."""

    name: str
    test: Callable[[Any, Any], bool]
    refusal: Text


@dataclass(frozen=True)
class Step:
    name: str
    label: Text
    sources: frozenset[str]  # the states it may be taken from; empty: from any other state
    target: str
    action: str  # the audit action it writes
    who: Who
    phase: str | None = None  # the phase that must be open (the process's window decides)
    url_name: str | None = None  # the page where a person takes it
    offered: bool = True  # shown to people as something to do (False: time-driven or internal)
    subject: Text | None = None  # the step as the subject of a sentence ("De aanpassing"); default: label
    wrong_state: Text | None = None  # the refusal from another state, when the generic one says too little
    closed: Text | None = None  # the refusal after the phase closed, idem

    def starts_from(self, state: str) -> bool:
        return state in self.sources if self.sources else True


@dataclass(frozen=True)
class Availability:
    """One step as a page shows it: allowed now, or closed with the reason and when it opens."""

    step: Step
    allowed: bool
    reason: str = ""
    opens: datetime.date | None = None
    closes: datetime.date | None = None
    not_yet: bool = False  # closed because its phase has not opened yet (it opens on `opens`)
    past: bool = False  # closed because its phase has ended (on `closes`)


Consequence = Callable[..., None]


@dataclass
class Process:
    """One declared process: its steps and how to carry them out on a model's rows."""

    name: str
    model: type[models.Model]
    steps: Iterable[Step]
    record: Callable[..., Any]  # the audit log's `record`
    audit_context: Callable[[Any], dict] = lambda obj: {}
    window: Callable[[Any, str], PhaseWindow] | None = None  # the phase's window for one object
    lock: Callable[[Any], Any] | None = None
    state_field: str = "state"
    changed_at_field: str | None = None
    # A state computed from other fields (and the moment), not stored: steps then write only their
    # `changes`, which make the new state true.
    derived_state: Callable[[Any, datetime.datetime | None], str] | None = None
    _steps: dict[str, Step] = field(init=False, repr=False)
    _consequences: dict[str, list[Consequence]] = field(init=False, repr=False)
    _step_consequences: dict[str, list[Consequence]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._steps = {step.name: step for step in self.steps}
        self._consequences = defaultdict(list)
        self._step_consequences = defaultdict(list)

    def state_of(self, obj: Any, now: datetime.datetime | None = None) -> str:
        """The object's state now; NEW for an object that a creating step is about to save."""
        if obj.pk is None:
            return NEW
        if self.derived_state is not None:
            return self.derived_state(obj, now)
        return getattr(obj, self.state_field)

    def step(self, name: str) -> Step:
        return self._steps[name]

    def all_steps(self) -> list[Step]:
        return list(self._steps.values())

    def on_enter(self, state: str) -> Callable[[Consequence], Consequence]:
        """Register a consequence of entering `state`: called as f(obj, step=, user=, now=, reason=)
        inside the step's transaction, after the state and the audit row are written."""

        def register(consequence: Consequence) -> Consequence:
            if consequence not in self._consequences[state]:
                self._consequences[state].append(consequence)
            return consequence

        return register

    def consequences(self, state: str) -> list[Consequence]:
        return list(self._consequences[state])

    def after(self, name: str) -> Callable[[Consequence], Consequence]:
        """Register a consequence of step `name` alone (a notice that only this way into its
        to-state sends), run after the to-state's consequences, with the same arguments."""

        def register(consequence: Consequence) -> Consequence:
            if consequence not in self._step_consequences[name]:
                self._step_consequences[name].append(consequence)
            return consequence

        return register

    def step_consequences(self, name: str) -> list[Consequence]:
        return list(self._step_consequences[name])

    # -- checking ---------------------------------------------------------------------------------

    def refusal(
        self, step: Step, obj: Any, user: Any, now: datetime.datetime | None = None
    ) -> Availability | None:
        """Why `user` may not take `step` on `obj` now, or None when it may."""
        state = self.state_of(obj, now)
        if not step.who.test(user, obj):
            return Availability(step, False, str(step.who.refusal))
        if state == step.target or not step.starts_from(state):
            if step.wrong_state:
                return Availability(step, False, str(step.wrong_state))
            shown = self._label(obj, state)
            return Availability(
                step, False, _("Deze stap kan niet vanuit de status ‘%(state)s’.") % {"state": shown}
            )
        return self._phase_refusal(step, obj, now)

    def _phase_refusal(self, step: Step, obj: Any, now: datetime.datetime | None) -> Availability | None:
        if step.phase is None or self.window is None:
            return None
        window = self.window(obj, step.phase)
        state = str(window.state(now))
        if state == "not_yet":
            reason = _("%(step)s kan vanaf %(date)s.") % {
                "step": step.subject or step.label,
                "date": _day(window.opens),
            }
            return Availability(step, False, reason, opens=window.opens, closes=window.closes, not_yet=True)
        if state == "closed":
            reason = str(step.closed or _("%(step)s kon tot en met %(date)s.")) % {
                "step": step.subject or step.label,
                "date": _day(window.closes),
            }
            return Availability(step, False, reason, opens=window.opens, closes=window.closes, past=True)
        return None

    def available_steps(
        self, obj: Any, user: Any, now: datetime.datetime | None = None
    ) -> list[Availability]:
        """The offered steps from the object's current state, each allowed now or with its reason.
        Steps the user may never take (another role's) are left out."""
        state = self.state_of(obj, now)
        result = []
        for step in self._steps.values():
            if not step.offered or state == step.target or not step.starts_from(state):
                continue
            if not step.who.test(user, obj):
                continue
            refused = self._phase_refusal(step, obj, now)
            result.append(refused or self._open(step, obj))
        return result

    def availability(
        self, name: str, obj: Any, user: Any, now: datetime.datetime | None = None
    ) -> Availability | None:
        """Step `name` as `available_steps` shows it, or None when it does not start from the
        object's state or is another role's."""
        return next((a for a in self.available_steps(obj, user, now) if a.step.name == name), None)

    def _open(self, step: Step, obj: Any) -> Availability:
        if step.phase is None or self.window is None:
            return Availability(step, True)
        window = self.window(obj, step.phase)
        return Availability(step, True, opens=window.opens, closes=window.closes)

    # -- carrying out -----------------------------------------------------------------------------

    def carry_out(
        self,
        name: str,
        obj: Any,
        *,
        user: Any,
        now: datetime.datetime | None = None,
        reason: str = "",
        data: dict | None = None,
        changes: dict | None = None,
    ) -> Any:
        """Take step `name` on `obj`: lock the row, check who, from-state and phase (a refusal raises
        `StepRefused` and changes nothing), write the state and `changes` with `update_fields`,
        write the audit row, run the to-state's consequences. One transaction; notices that the
        consequences queue go out when it commits. Returns the locked, updated object."""
        step = self._steps[name]
        with transaction.atomic():
            if obj.pk is not None:
                obj = self.lock(obj) if self.lock else type(obj).objects.select_for_update().get(pk=obj.pk)
            refused = self.refusal(step, obj, user, now)
            if refused is not None:
                raise StepRefused(refused.reason, code=step.name)
            from_state = self.state_of(obj, now)
            self._write(obj, step, changes or {})
            self.record(
                actor=user,
                action=step.action,
                obj=obj,
                from_state=from_state,
                to_state=step.target,
                reason=reason,
                data=data,
                **self.audit_context(obj),
            )
            for consequence in self._consequences[step.target] + self._step_consequences[step.name]:
                consequence(obj, step=step, user=user, now=now, reason=reason)
        return obj

    def _write(self, obj: Any, step: Step, changes: dict) -> None:
        fields = list(changes)
        if self.derived_state is None:
            setattr(obj, self.state_field, step.target)
            fields.insert(0, self.state_field)
        for name, value in changes.items():
            setattr(obj, name, value)
        if self.changed_at_field:
            setattr(obj, self.changed_at_field, timezone.now())
            fields.append(self.changed_at_field)
        if obj.pk is None:
            obj.save()  # a creating step (from NEW) inserts the row
        else:
            obj.save(update_fields=fields)

    def _label(self, obj: Any, state: str) -> str:
        try:
            choices = obj._meta.get_field(self.state_field).flatchoices
        except FieldDoesNotExist:  # a derived state is no field: its choices come from the step targets
            return state
        return str(dict(choices).get(state, state))


def _day(day: datetime.date) -> str:
    return date_format(day, "j F Y")


NEW = ""  # the from-state of a step that creates its object (a complaint filed, an objection lodged)

ANYONE = Who("anyone", lambda user, obj: True, "")
SYSTEM = Who("system", lambda user, obj: user is None, gettext_lazy("Deze stap zet het systeem zelf."))
