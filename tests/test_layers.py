"""The import graph: no two modules import each other; only the CLI and the viewer use the facade."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "oorkit"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Module → the oorkit modules it imports anywhere in its body (lazy and TYPE_CHECKING imports too)."""
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*up, *([node.module] if node.module else [])])
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    graph[name].add(full if full in modules else base)
            elif isinstance(node, ast.Import):
                graph[name].update(a.name for a in node.names)
    return {k: {v for v in vs if v in modules and v != k} for k, vs in graph.items()}


def test_no_two_modules_import_each_other() -> None:
    graph = import_graph()
    mutual = sorted({tuple(sorted((a, b))) for a, bs in graph.items() for b in bs if a in graph[b]})
    assert mutual == []


def test_only_the_cli_and_the_viewer_import_the_facade() -> None:
    users = {m for m, deps in import_graph().items() if "oorkit.api" in deps}
    assert {m for m in users if not m.startswith(("oorkit.cli", "oorkit.viewer")) and m != "oorkit"} == set()


def test_no_function_over_100_lines() -> None:
    """A function does one thing; the procedural mesh generators (long lists of parts) are the exception."""
    long = []
    for path in PACKAGE.rglob("*.py"):
        if "procedural" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or node.end_lineno is None:
                continue
            if node.end_lineno - node.lineno + 1 > 100:
                long.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno} {node.name}")
    assert long == []


def test_the_cli_starts_without_torch() -> None:
    """`oor --help` and argument errors answer before any heavy library loads (they import where used)."""
    heavy = "{'torch', 'trimesh', 'pyrender', 'transformers'}"
    code = f"import sys, oorkit.cli.main; print(sorted({heavy} & set(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.strip() == "[]"
