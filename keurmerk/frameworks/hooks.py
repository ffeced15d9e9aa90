"""What the framework pages ask of the consultation (an app above this one; `keurmerk.lib.hooks`).

- `comments_behind_changes(framework)`: {(subject, key): [{"text", "kind", "explanation"}]}, the
  consultation comments whose disposition names that change of the change overview;
- `consultation_scores(framework)`: {norm key: {"cells": [(aspect, mean)], "mean", "responses"}},
  the consultation's scores per norm and aspect, shown beside the norm on the concept's page.

Without the consultation app registered there are none.
"""

from keurmerk.lib.hooks import Hook

comments_behind_changes = Hook("comments_behind_changes", default=lambda framework: {})
consultation_scores = Hook("consultation_scores", default=lambda framework: {})
