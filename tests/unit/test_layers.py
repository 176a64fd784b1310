"""Issue 21 items 2 and 4: the package's layers, read from the source with ``ast``.

Every import counts, function-level ones included (a local import hides a circle from Python at
start-up, not from the design). A module is a node; ``from pkg import name`` is an edge to
``pkg.name`` when that is a module, else to ``pkg`` (its ``__init__``).
"""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path

import pytest

import summarizer

ROOT = Path(summarizer.__file__).resolve().parent
MAX_LINES = 100

#: Import circles still allowed: none (issue 21 item 4 broke the last three); a new one fails.
KNOWN_CIRCLES: set[frozenset[str]] = set()
#: The package's layers, bottom first: a module imports only its own layer and those below it. The shared
#: primitives (no CRC inside) form the floor; ``render`` draws one CRC, ``pipeline`` runs one file,
#: ``downstream`` reads CRC files (and re-renders one through ``pipeline`` when the client validates);
#: ``queue`` sends a file's run; ``batch``, ``serve`` and ``evaluation`` drive many; ``cli`` sits on top.
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"__init__", "errors", "messages", "lang", "nlp", "names", "workdays", "files", "logs", "resources",
               "grounding", "dates"}),
    frozenset({"crc"}),
    frozenset({"ingest"}),
    frozenset({"extract"}),
    frozenset({"score"}),
    frozenset({"render"}),
    frozenset({"pipeline"}),
    frozenset({"downstream"}),
    frozenset({"queue"}),
    frozenset({"batch", "serve", "evaluation"}),
    frozenset({"cli"}),
)
#: Modules that sit in another layer than their folder's: the renders of downstream's account plan and
#: brief draw what ``downstream.account``/``downstream.brief`` compute, so they are downstream's layer.
LAYER_OF_MODULE = {"summarizer.render.account": "downstream", "summarizer.render.brief": "downstream"}
#: Functions over MAX_LINES left for issue 21 item 4 (none left: add none).
KNOWN_LONG: set[str] = set()


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@lru_cache(maxsize=1)
def modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def _targets(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        anchor = module.split(".") if is_package else module.split(".")[:-1]
        anchor = anchor[: len(anchor) - node.level + 1]
        base = ".".join([*anchor, base] if base else anchor)
    known = modules()
    return [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]


@lru_cache(maxsize=1)
def import_graph() -> dict[str, frozenset[str]]:
    """module -> the package modules it imports anywhere in its body."""
    known = modules()
    graph: dict[str, frozenset[str]] = {}
    for module, path in known.items():
        edges: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for target in _targets(node, module, path.name == "__init__.py"):
                    while target and target not in known:
                        target = target.rpartition(".")[0]
                    if target and target != module:
                        edges.add(target)
        graph[module] = frozenset(edges)
    return graph


def circles(graph: dict[str, frozenset[str]]) -> set[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: set[frozenset[str]] = set()
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.add(frozenset(component))
    return found


def _in(package: str, module: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_the_graph_sees_function_level_imports() -> None:
    """The reader itself: ``crc worker`` names both tasks inside a function, and those edges are seen."""
    graph = import_graph()
    assert {"summarizer.batch.tasks", "summarizer.serve.remote"} <= graph["summarizer.cli.worker"]
    assert "summarizer.queue.app" in graph["summarizer.batch.remote"]
    assert circles({"a": frozenset({"b"}), "b": frozenset({"c"}), "c": frozenset({"a"}), "d": frozenset({"a"})}) == {
        frozenset({"a", "b", "c"})}


@pytest.mark.parametrize(("importer", "imported"), [("summarizer.batch", "summarizer.serve"),
                                                     ("summarizer.serve", "summarizer.batch"),
                                                     ("summarizer.queue", "summarizer.batch"),
                                                     ("summarizer.queue", "summarizer.serve")])
def test_no_import_between_layers(importer: str, imported: str) -> None:
    """batch/ and serve/ meet in queue/ only, which is below both."""
    crossing = sorted(f"{m} -> {t}" for m, targets in import_graph().items() if _in(importer, m)
                      for t in targets if _in(imported, t))
    assert crossing == []


def test_no_new_import_circle() -> None:
    found = circles(import_graph())
    assert not any(_in("summarizer.queue", m) or _in("summarizer.batch", m) for c in found for m in c), found
    assert found == KNOWN_CIRCLES, "a new import circle, or a known one broken (remove it from KNOWN_CIRCLES)"


def _layer(module: str) -> int:
    """The index in LAYERS of a package module (``summarizer.render.email`` -> render's)."""
    parts = module.split(".")
    name = LAYER_OF_MODULE.get(module) or (parts[1] if len(parts) > 1 else "__init__")
    return next(i for i, layer in enumerate(LAYERS) if name in layer)


def test_every_module_has_a_layer() -> None:
    """A new top-level module or folder must be placed in LAYERS (``_layer`` raises StopIteration else)."""
    assert all(_layer(m) >= 0 for m in modules())


def test_no_layer_imports_one_above_it() -> None:
    """``score`` and ``render.summary`` never reach ``downstream``, ``crc`` never reaches ``extract``, and so on."""
    upward = sorted(f"{m} -> {t}" for m, targets in import_graph().items() for t in targets if _layer(t) > _layer(m))
    assert upward == []


def test_the_layer_check_sees_an_upward_import() -> None:
    """The check itself: the edges it must refuse (score -> downstream, crc -> extract) are upward."""
    assert _layer("summarizer.downstream.validate") > _layer("summarizer.score")
    assert _layer("summarizer.extract.grounding") > _layer("summarizer.crc")
    assert _layer("summarizer.downstream.validate") > _layer("summarizer.render.summary")


def test_no_function_over_100_lines() -> None:
    long = set()
    for path in modules().values():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None
                if node.end_lineno - node.lineno + 1 > MAX_LINES:
                    long.add(f"{path.relative_to(ROOT.parent).as_posix()}:{node.name}")
    assert long == KNOWN_LONG
