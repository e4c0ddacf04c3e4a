"""Imports flow one way: no module of pcmt/ imports from a layer above its own.

The layers are those of docs/architecture.md. Imports under `if TYPE_CHECKING:` are type
hints only and do not count; imports inside functions do.
"""

import ast
from pathlib import Path

import pcmt

TOP = 7
# Module prefix → layer; the longest prefix wins. Each app of pcmt/ must be listed.
LAYERS: dict[str, int] = {
    "pcmt.core": 0,
    "pcmt.summaries": 0,
    "pcmt.rules": 0,
    "pcmt.audit": 0,
    "pcmt.formats": 0,
    "pcmt.env": 0,
    "pcmt.api.errors": 0,
    "pcmt.api.parsers": 0,
    "pcmt.api.versioning": 0,
    "pcmt.geo": 1,
    "pcmt.accounts": 2,
    "pcmt.linkage": 2,
    "pcmt.population": 3,
    "pcmt.persons": 3,
    "pcmt.lifecycle": 3,
    "pcmt.api.actions": 3,
    "pcmt.casework": 4,
    "pcmt.rehab": 4,
    "pcmt.support": 4,
    "pcmt.residence": 4,
    "pcmt.documents": 4,
    "pcmt.notifications": 4,
    "pcmt.jobs": 4,
    "pcmt.security": 5,
    "pcmt.places": 5,
    "pcmt.outreach": 5,
    "pcmt.census": 5,
    "pcmt.reconcile": 5,
    "pcmt.plans": 6,
    "pcmt.reports": 6,
    "pcmt.maps": TOP,
    "pcmt.home": TOP,
    "pcmt.menu": TOP,
    "pcmt.demo": TOP,
    "pcmt.api": TOP,
    "pcmt.urls": TOP,
    "pcmt.settings": TOP,
    "pcmt.wsgi": TOP,
}
ROOT = Path(pcmt.__file__).parent


def layer_of(module: str) -> int | None:
    if module == "pcmt":
        return 0
    parts = module.split(".")
    for end in range(len(parts), 1, -1):
        prefix = ".".join(parts[:end])
        if prefix in LAYERS:
            return LAYERS[prefix]
    return None


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_of(tree: ast.AST, package: str) -> list[tuple[int, str]]:
    """(line, module) of every import, skipping the bodies of `if TYPE_CHECKING:`."""
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.append((node.lineno, base))
            # `from pcmt.x import y` may import the module pcmt.x.y
            found.extend((node.lineno, f"{base}.{alias.name}") for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def violations() -> list[str]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        name = module_name(path)
        own = layer_of(name)
        assert own is not None, f"{name} has no layer: add its app to LAYERS and the docs"
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for line, imported in imports_of(ast.parse(path.read_text()), package):
            if not imported.startswith("pcmt."):
                continue
            theirs = layer_of(imported)
            if theirs is not None and theirs > own:
                found.append(
                    f"{path.relative_to(ROOT.parent)}:{line} {name} (layer {own}) "
                    f"imports {imported} (layer {theirs})"
                )
    return sorted(set(found))


def test_no_module_imports_from_a_layer_above_its_own() -> None:
    assert violations() == []


def test_the_check_sees_imports_inside_functions_but_not_type_hints() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from pcmt.persons.models import Person\n"
        "def f():\n    from pcmt.casework import selectors\n"
    )
    modules = [m for _, m in imports_of(ast.parse(source), "pcmt.geo")]
    assert "pcmt.casework" in modules and "pcmt.persons.models" not in modules


def test_every_app_has_a_layer() -> None:
    apps = {p.name for p in ROOT.iterdir() if (p / "__init__.py").exists()}
    assert {a for a in apps if layer_of(f"pcmt.{a}.x") is None} == set()
