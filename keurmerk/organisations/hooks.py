"""Questions about organisations that the yearly cycle answers (who holds the mark, which network
carries the predicate): `cycles` registers the answers in its `AppConfig.ready()`, so that the
organisation pages can show them while `organisations` imports nothing of `cycles`."""

from keurmerk.lib.hooks import Hook

# holder_ids(year, on=None) -> set of organisation ids holding the mark (see cycles.selectors)
holder_ids = Hook("holder_ids", default=lambda year, on=None: set())
# network_predicates(networks, year, on=None) -> {network id: bool} (handbook §1.2)
network_predicates = Hook(
    "network_predicates", default=lambda networks, year, on=None: {n.pk: False for n in networks}
)
# years_held(organisation, before=None) -> sorted years in which it held the mark (cycles.calendar)
years_held = Hook("years_held", default=lambda organisation, before=None: [])
