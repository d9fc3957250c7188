"""The layers of the design, read from the source: every ``import`` that runs (in function bodies
too; those for the type checker alone are left out).

tui -> engine -> core -> services. The wizard never imports the command line; the engine
imports neither face; core, helpers and services never import Textual; services import nothing
above them; and no two modules import each other, directly or through others.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator
from pathlib import Path

import pytest

import wizard

PACKAGE = Path(wizard.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, known: Collection[str] = ()) -> Iterator[str]:
    """Every module an import statement of ``path`` names: ``from a import b`` names ``a.b``
    when that is a module of ``known``, else ``a``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    for node in run_time_nodes(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                anchor = parts[: len(parts) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                child = f"{base}.{alias.name}"
                yield child if child in known else base


def run_time_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node but those under ``if TYPE_CHECKING:`` (imports for the type checker only)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) in (
            "TYPE_CHECKING",
            "typing.TYPE_CHECKING",
        ):
            yield from (n for child in node.orelse for n in [child, *run_time_nodes(child)])
            continue
        yield node
        yield from run_time_nodes(node)


def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {
        name: {m for m in imports_of(path, modules) if m in modules and m != name}
        for name, path in modules.items()
    }


def external(prefix: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        names = {m for m in imports_of(path) if m == prefix or m.startswith(prefix + ".")}
        if names:
            found[module_name(path)] = names
    return found


BASE = {
    "wizard",
    "wizard.i18n",
    "wizard.errors",
    "wizard.appdirs",
    "wizard.self_command",
    "wizard.redact",
    "wizard.safetext",
    "wizard.endpoints",
    "wizard.model",
    "wizard.validation",
    "wizard.catalogue",
    "wizard.safefile",
    "wizard.backups",
    "wizard.awsconfig",
    "wizard.settings",
    "wizard.settings.document",
    "wizard.settings.owned",
    "wizard.settings.paths",
    "wizard.secrets",
    "wizard.secrets.value",
    "wizard.secrets.names",
    "wizard.secrets.labels",
    "wizard.crashpoint",
    "wizard.secrets.store",
    "wizard.secrets.messages",
    "wizard.secrets.bus",
    "wizard.settings.jsonscan",
    "wizard.programs",
    "wizard.gitignore",
    "wizard.written_files",
}
"""Values, checks, and the file and keyring primitives that everything may use, services
included."""


def layer(module: str) -> str:
    if module in BASE:
        return "base"
    if module == "wizard.__main__":
        return "cli"
    for prefix, name in (
        ("wizard.tui", "tui"),
        ("wizard.cli", "cli"),
        ("wizard.engine", "engine"),
        ("wizard.services", "services"),
        ("wizard.helpers", "helpers"),
    ):
        if module == prefix or module.startswith(prefix + "."):
            return name
    return "core"


ALLOWED: dict[str, set[str]] = {
    "tui": {"tui", "engine", "core", "services", "base"},
    "cli": {"cli", "engine", "core", "services", "helpers", "base", "tui"},
    "engine": {"engine", "core", "services", "base"},
    "core": {"core", "services", "base"},
    "helpers": {"helpers", "core", "base"},
    "services": {"services", "base"},
    "base": {"base"},
}
"""Which layers a layer may import. The command line starts the wizard (``wizard.tui``'s
``run_wizard``) and nothing else of it."""


def test_each_layer_imports_only_what_is_below_it() -> None:
    wrong = []
    for module, targets in graph().items():
        for target in targets:
            if layer(target) not in ALLOWED[layer(module)]:
                wrong.append(f"{module} -> {target}")
    assert wrong == []


def test_the_cli_starts_the_wizard_only_through_run_wizard() -> None:
    reaching = {
        module: {t for t in targets if layer(t) == "tui"}
        for module, targets in graph().items()
        if layer(module) == "cli"
    }
    assert {t for ts in reaching.values() for t in ts} <= {"wizard.tui", "wizard.tui.run_wizard"}


@pytest.mark.parametrize("library", ["textual", "boto3", "botocore", "google"])
def test_only_the_wizard_imports_textual_and_only_services_the_cloud_sdks(library: str) -> None:
    users = external(library)
    if library == "textual":
        assert {layer(m) for m in users} <= {"tui"}, users
    else:
        assert {layer(m) for m in users} <= {"services"}, users


def test_no_import_cycles() -> None:
    edges = graph()
    cycles = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(edges[node]):
            if state.get(target) == 1:
                cycles.append(" -> ".join([*stack[stack.index(target) :], target]))
            elif target not in state:
                visit(target)
        stack.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)
    assert cycles == []
