"""Where the self-evaluation gets a value to offer for an indicator declared in a criterion's
answer fields: the mirror report has them. `core` registers `mirror.selectors.indicator_value` in
its `AppConfig.ready()`; without it (the mirror module not installed) nothing is offered."""

from keurmerk.lib.hooks import Hook

# indicator_value(organisation, year, key) -> number or None
indicator_value = Hook("indicator_value", default=lambda organisation, year, key: None)
