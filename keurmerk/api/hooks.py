"""What the API asks of `core`, which stands above it: the staff dashboard (`core.dashboards
.staff_dashboard`), registered in core's `AppConfig.ready()`, so that the API serves the same
figures the dashboard shows without importing it."""

from keurmerk.lib.hooks import Hook

# staff_dashboard(user) -> core.dashboards.StaffDashboard, or None when nothing is registered
staff_dashboard = Hook("staff_dashboard", default=lambda user: None)
