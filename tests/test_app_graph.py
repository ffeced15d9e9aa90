"""The apps import downwards only, and there is no import cycle between them.

Every `import` and `from … import` in `keurmerk/**.py` counts, at module level and inside
functions alike (a lazy import is still a dependency). Modules map to apps by their package under
`keurmerk/`; modules directly in `keurmerk/` (settings, urls, wsgi, middleware, …) are the
project, which stands on top. The layering (ARCHITECTURE.md, docs/architecture-graph.md):

    lib ← accounts ← notifications ← audit ← frameworks, organisations ← cycles
        ← selfevaluations ← assessments ← register, complaints
    consultations, mirror: above cycles, beside the self-evaluation chain
    sampling (the steekproef): above assessments, beside consultations and mirror
    core, api, credentials, meetings (above the domain apps) and the project on top

Where a lower app needs something from a higher one, it declares a hook (`keurmerk.lib.hooks`)
that the higher app (or `core`) registers in `AppConfig.ready()`.
"""

import ast
from collections import Counter
from pathlib import Path

from django.conf import settings

PACKAGE = Path(settings.BASE_DIR) / "keurmerk"
BASE = {"lib"}
ACCOUNTS = BASE | {"accounts"}
NOTIFICATIONS = ACCOUNTS | {"notifications"}
AUDIT = NOTIFICATIONS | {"audit"}
REGISTRIES = AUDIT | {"frameworks", "organisations"}
CYCLES = REGISTRIES | {"cycles"}
SELFEVALUATIONS = CYCLES | {"selfevaluations"}
ASSESSMENTS = SELFEVALUATIONS | {"assessments"}
DOMAIN = ASSESSMENTS | {"register", "complaints", "consultations", "mirror", "sampling"}
# What each app may import (besides itself). An app that is not listed fails the test: place it.
ALLOWED = {
    "lib": set(),
    "accounts": BASE,
    "notifications": ACCOUNTS,
    "audit": NOTIFICATIONS,
    "frameworks": AUDIT,
    "organisations": AUDIT,
    "cycles": REGISTRIES,
    "selfevaluations": CYCLES,
    "assessments": SELFEVALUATIONS,
    "register": ASSESSMENTS,
    "complaints": ASSESSMENTS,
    "consultations": CYCLES,
    "mirror": CYCLES,
    "sampling": ASSESSMENTS,
    "meetings": DOMAIN,
    "credentials": DOMAIN,
    "api": DOMAIN | {"credentials", "meetings"},
    "core": DOMAIN | {"api", "credentials", "meetings"},
}
TOP = "project"


def module_name(path, package=PACKAGE):
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    return ".".join(parts[:-1] if is_package else parts), is_package


def app_of(module, package=PACKAGE):
    """`keurmerk.<app>.…` → app; `keurmerk` itself and its top-level modules → the project."""
    parts = module.split(".")
    if parts[0] != "keurmerk":
        return None
    if len(parts) > 1 and (package / parts[1]).is_dir():
        return parts[1]
    return TOP


def import_statements(tree, module, is_package):
    """For every import statement, wherever it stands: the modules it names (relative resolved)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".") if is_package else module.split(".")[:-1]
                package = package[: len(package) - node.level + 1]
                base = ".".join(package + ([node.module] if node.module else []))
            yield [base, *(f"{base}.{alias.name}" for alias in node.names)]


def app_edges(package=PACKAGE):
    """Counter of (importing app, imported app) → number of import statements between them."""
    edges = Counter()
    for path in sorted(package.rglob("*.py")):
        module, is_package = module_name(path, package)
        source = app_of(module, package)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for names in import_statements(tree, module, is_package):
            targets = {app_of(name, package) for name in names} - {None, source}
            edges.update((source, target) for target in targets)
    return edges


def find_cycle(edges):
    """One cycle of the app graph as a list of apps (first == last), or None."""
    graph = {}
    for source, target in edges:
        graph.setdefault(source, set()).add(target)
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_parser_sees_lazy_and_relative_imports():
    tree = ast.parse("from . import models\ndef f():\n    from keurmerk.cycles.services import advance\n")
    statements = list(import_statements(tree, "keurmerk.assessments.services", False))
    assert statements == [
        ["keurmerk.assessments", "keurmerk.assessments.models"],
        ["keurmerk.cycles.services", "keurmerk.cycles.services.advance"],
    ]
    assert find_cycle({("a", "b"): 1, ("b", "c"): 1, ("c", "a"): 1}) == ["a", "b", "c", "a"]
    assert find_cycle({("a", "b"): 1, ("a", "c"): 1, ("b", "c"): 1}) is None


def test_the_app_graph_has_no_cycle():
    cycle = find_cycle(app_edges())
    assert cycle is None, "import cycle between apps: " + " → ".join(cycle)


def test_every_app_imports_only_the_layers_below_it():
    edges = app_edges()
    apps = {source for source, _ in edges} | {target for _, target in edges}
    unplaced = sorted(apps - set(ALLOWED) - {TOP})
    assert not unplaced, f"apps without a place in the layering (add them to ALLOWED): {unplaced}"
    assert TOP not in {target for _, target in edges}, "an app imports the project module"
    broken = sorted(
        f"{source} → {target} ({count}×)"
        for (source, target), count in edges.items()
        if source != TOP and target not in ALLOWED[source]
    )
    assert not broken, "imports against the layering: " + ", ".join(broken)


def test_the_hooks_between_apps_are_registered():
    """The answers from above are wired in at start-up (cycles and core `ready()`)."""
    from keurmerk.organisations import hooks as organisation_hooks
    from keurmerk.selfevaluations import hooks as selfevaluation_hooks

    assert organisation_hooks.holder_ids.registered and organisation_hooks.network_predicates.registered
    assert selfevaluation_hooks.indicator_value.registered
    from keurmerk.frameworks import hooks as framework_hooks

    assert (
        framework_hooks.comments_behind_changes.registered and framework_hooks.consultation_scores.registered
    )
