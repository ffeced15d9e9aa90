"""What the provider's start page shows beyond its own app: the steps done and to come and the
self-evaluation's progress per norm come from above (`core.dashboards.provider_progress`, which
`core` registers in its `AppConfig.ready()`); without it the start page shows the cards alone."""

from keurmerk.lib.hooks import Hook

# start_progress(participations, user) -> {participation id: progress for the template}
start_progress = Hook("start_progress", default=lambda participations, user: {})
