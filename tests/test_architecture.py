"""The floors of docs/architecture.md hold: no import from a higher floor, no import cycle,
a verdict engine that knows nothing but the model and itself, no SQL outside the store and no
module over the house limit.

The floors are read from the ``floors`` block of docs/architecture.md (written once, there);
every ``import`` of ``src/trucewatch`` is found with ``ast``, inside functions too.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src"
DOC = REPO / "docs" / "architecture.md"


#: the house limit of a module's length (docs/architecture.md, "Floors")
MAX_LINES = 400


@dataclass(frozen=True)
class Import:
    source: str  # the importing module
    target: str  # the imported module (the longest module name the import names)
    line: int
    type_only: bool  # under ``if TYPE_CHECKING:``

    def where(self) -> str:
        path = _modules()[self.source].relative_to(REPO)
        return f"{path}:{self.line} imports {self.target}"


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted((SRC / "trucewatch").rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _resolve(name: str, modules: dict[str, Path]) -> str:
    while name not in modules:
        name = name.rpartition(".")[0]
    return name


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(node: ast.AST, type_only: bool = False) -> Iterator[tuple[ast.AST, bool]]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child.test):
            for part in child.body:
                yield part, True
                yield from _walk(part, True)
            for part in child.orelse:
                yield part, type_only
                yield from _walk(part, type_only)
            continue
        yield child, type_only
        yield from _walk(child, type_only)


def _imports() -> list[Import]:
    modules = _modules()
    out = []
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node, type_only in _walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*parts, *([node.module] if node.module else [])])
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base
                           for a in node.names]  # fmt: skip
            for target in targets:
                if target == "trucewatch" or target.startswith("trucewatch."):
                    resolved = _resolve(target, modules)
                    if resolved != name:
                        out.append(Import(name, resolved, node.lineno, type_only))
    return out


def _floors() -> list[list[str]]:
    """The floors of docs/architecture.md, lowest first."""
    block = re.search(r"^```floors\n(.*?)^```", DOC.read_text(encoding="utf-8"), re.S | re.M)
    assert block is not None, f"{DOC} has no ```floors block"
    return [line.split() for line in reversed(block.group(1).splitlines()) if line.strip()]


def _unit(module: str) -> str:
    """The floor name of a module: ``trucewatch`` itself or its top-level module/package."""
    parts = module.split(".")
    return "trucewatch" if len(parts) == 1 else parts[1]


def _floor_of() -> dict[str, int]:
    return {name: level for level, names in enumerate(_floors()) for name in names}


def test_no_module_is_longer_than_the_house_limit():
    lengths = {
        str(path.relative_to(REPO)): len(path.read_text(encoding="utf-8").splitlines())
        for path in _modules().values()
    }
    over = {path: n for path, n in lengths.items() if n > MAX_LINES}
    assert over == {}, f"modules over {MAX_LINES} lines (split them by job): {over}"
    assert max(lengths.values()) > MAX_LINES // 2  # the count sees the modules' lines


def _private_names_imported(source: str, name: str) -> list[str]:
    """``from trucewatch.x import _name`` where ``_name`` is not a module: a name another
    module keeps to itself, imported anyway (a private module's public names are fine)."""
    modules = _modules()
    found = []
    for node, _ in _walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("trucewatch"):
            for alias in node.names:
                private = alias.name.startswith("_") and not alias.name.startswith("__")
                if private and f"{node.module}.{alias.name}" not in modules:
                    found.append(f"{name}:{node.lineno} imports {node.module}.{alias.name}")
    return found


def test_no_module_imports_a_name_another_module_keeps_private():
    found = [
        hit
        for name, path in _modules().items()
        for hit in _private_names_imported(path.read_text(encoding="utf-8"), name)
    ]
    assert found == [], "make the name public where it is written, or keep it there: " + str(found)


def test_the_private_import_check_sees_names_but_not_private_modules():
    source = (
        "from trucewatch.verdicts import _disc\n"
        "from trucewatch.verdicts.build import _Helper, window_list\n"
        "def f():\n    from trucewatch.store.ingest import _hidden\n"
    )
    assert _private_names_imported(source, "m") == [
        "m:2 imports trucewatch.verdicts.build._Helper",
        "m:4 imports trucewatch.store.ingest._hidden",
    ]


def test_every_module_stands_on_one_floor_and_every_floor_name_is_a_module():
    floor_of = _floor_of()
    names = [name for names in _floors() for name in names]
    assert len(names) == len(set(names)), f"a name on two floors: {sorted(names)}"
    units = {_unit(m) for m in _modules()}
    assert units - set(floor_of) == set(), "modules on no floor (add them to docs/architecture.md)"
    assert set(floor_of) - units == set(), "floor names that are no module of trucewatch"


def _upward(imports: list[Import]) -> list[Import]:
    """The imports from a higher floor."""
    floor_of = _floor_of()
    return [imp for imp in imports if floor_of[_unit(imp.target)] > floor_of[_unit(imp.source)]]


def test_no_module_imports_from_a_higher_floor():
    upward = [
        f"{imp.where()} (floor {_unit(imp.source)!r} is below {_unit(imp.target)!r})"
        for imp in _upward(_imports())
    ]
    assert upward == [], (
        "imports from a higher floor (docs/architecture.md, Floors):\n" + "\n".join(upward)
    )


def _cycles(edges: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
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
                    work.append((child, iter(sorted(edges.get(child, ())))))
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
                    found.append(frozenset(component))
    return found


def _runtime_edges() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {name: set() for name in _modules()}
    for imp in _imports():
        if not imp.type_only:
            edges[imp.source].add(imp.target)
    return edges


def test_no_import_cycles_between_modules():
    imports = [i for i in _imports() if not i.type_only]
    cycles = list(_cycles(_runtime_edges()))
    described = [
        " <-> ".join(sorted(c))
        + "".join(f"\n    {i.where()}" for i in imports if i.source in c and i.target in c)
        for c in cycles
    ]
    assert described == [], "import cycles:\n" + "\n".join(described)


def test_the_verdict_engine_imports_only_the_model_errors_and_itself():
    edges: dict[str, set[str]] = {}
    for imp in _imports():
        edges.setdefault(imp.source, set()).add(imp.target)
    seen, todo = set(), ["trucewatch.verdicts.kernel"]
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo.extend(edges.get(module, ()))
    allowed = ("trucewatch.errors", "trucewatch.model", "trucewatch.verdicts.")
    outside = sorted(m for m in seen if not m.startswith(allowed) or m == "trucewatch.verdicts")
    assert outside == [], f"the verdict engine reaches {outside}"


def _importers_of(face: str) -> list[Import]:
    return [
        imp
        for imp in _imports()
        if (imp.target == face or imp.target.startswith(face + "."))
        and not (imp.source == face or imp.source.startswith(face + "."))
    ]


def test_the_web_service_is_a_face_that_only_the_command_line_imports():
    """``serve/`` stands beside ``cli/`` on the top floor (docs/architecture.md): the library
    below cannot import it (the floors say so), and beside it only the ``serve`` command may."""
    inside = [
        imp.where()
        for imp in _importers_of("trucewatch.serve")
        if not imp.source.startswith("trucewatch.cli.")
    ]
    assert inside == [], "the web service imported outside the command line:\n" + "\n".join(inside)


#: what talking to DuckDB looks like: a connection's attributes and its methods
_CONNECTION_WORDS = frozenset({"conn", "execute", "executemany", "sql", "cursor", "fetchall"})


def _talks_to_the_database(path: Path) -> list[str]:
    where = path.relative_to(REPO) if path.is_relative_to(REPO) else path
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr in _CONNECTION_WORDS:
            found.append(f"{where}:{node.lineno} .{node.attr}")
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
            if any(n == "duckdb" or n.startswith("duckdb.") for n in names):
                found.append(f"{where}:{node.lineno} imports duckdb")
    return found


def test_the_web_service_reads_the_store_through_its_functions_not_sql():
    """The store owns its schema: no connection, no SQL and no DuckDB in ``serve/``."""
    found = [
        hit
        for name, path in _modules().items()
        if name.startswith("trucewatch.serve")
        for hit in _talks_to_the_database(path)
    ]
    assert found == [], "the web service talks to DuckDB itself:\n" + "\n".join(found)


def test_the_sql_check_sees_a_connection(tmp_path: Path):
    made_up = tmp_path / "made_up.py"
    made_up.write_text(
        "import duckdb\n\ndef f(store):\n    return store.conn.execute('SELECT 1')\n"
    )
    hits = _talks_to_the_database(made_up)
    assert [h.rsplit(" ", 1)[-1] for h in hits] == ["duckdb", ".execute", ".conn"]


def test_nothing_imports_the_command_line_but_main():
    inside = [
        imp.where()
        for imp in _importers_of("trucewatch.cli")
        if imp.source != "trucewatch.__main__"
    ]
    assert inside == [], "the command line imported:\n" + "\n".join(inside)


@pytest.mark.parametrize(
    "source", ["trucewatch.store.query", "trucewatch.publish.report", "trucewatch.effect"]
)
def test_an_import_of_the_web_service_from_the_library_is_caught(source):
    """A guard on the floors block and the checker: ``serve`` stands on the top floor beside
    ``cli``, so an import of it from the library below is an import from a higher floor."""
    floor_of = _floor_of()
    assert floor_of["serve"] == floor_of["cli"] == len(_floors()) - 1
    made_up = Import(source, "trucewatch.serve.api.pages", 1, False)
    assert _upward([made_up]) == [made_up]


def test_the_checker_sees_function_level_and_type_only_imports():
    """The parser finds what the floors are checked on (a guard against a checker that
    silently sees nothing)."""
    by_source: dict[str, list[Import]] = {}
    for imp in _imports():
        by_source.setdefault(imp.source, []).append(imp)
    # the footer of a report reads the version inside a function ...
    assert [i for i in by_source["trucewatch.publish._sections"] if i.target.endswith("_version")]
    # ... and the package names what it re-exports under TYPE_CHECKING only
    top = by_source["trucewatch"]
    assert len(top) >= 10 and all(i.type_only for i in top)
    assert len(_floors()) >= 10


# -- only store/ talks SQL -------------------------------------------------------------------

#: Modules outside store/ that still hold the store's connection or run SQL, each being fixed
#: by another part of issue 15 as this was written. Keep it short: the test fails when an entry
#: is clean (then strike it off) and on any other module that does it.
_SQL_CALLS = ("execute", "executemany", "sql")


def _sql_uses(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, what) of every use of a DuckDB connection or of SQL in ``tree``: the attribute
    ``conn``, a call of ``.execute``/``.executemany``/``.sql`` or ``duckdb.connect``,
    ``duckdb`` imported."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "conn":
            out.append((node.lineno, ".conn"))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in _SQL_CALLS:
                out.append((node.lineno, f".{node.func.attr}()"))
            elif node.func.attr == "connect" and ast.unparse(node.func.value) == "duckdb":
                out.append((node.lineno, "duckdb.connect()"))
        elif isinstance(node, ast.Import) and any(
            a.name.split(".")[0] == "duckdb" for a in node.names
        ):
            out.append((node.lineno, "import duckdb"))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "duckdb":
            out.append((node.lineno, "from duckdb import"))
    return out


def _under(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def _sql_outside_store() -> dict[str, list[tuple[int, str]]]:
    out = {}
    for name, path in _modules().items():
        if _under(name, ("trucewatch.store",)):
            continue
        uses = _sql_uses(ast.parse(path.read_text(encoding="utf-8")))
        if uses:
            out[name] = uses
    return out


def test_only_the_store_holds_a_connection_or_runs_sql():
    found = _sql_outside_store()
    bad = [
        f"{_modules()[name].relative_to(REPO)}:{line} {what}"
        for name, uses in sorted(found.items())
        for line, what in uses
    ]
    assert bad == [], (
        "SQL or a DuckDB connection outside store/ (put the query in a typed function of "
        "store/ that takes the Store):\n" + "\n".join(bad)
    )


def test_the_sql_checker_sees_connections_sql_and_duckdb():
    """A guard against a checker that silently sees nothing."""
    code = (
        "import duckdb\nfrom duckdb import DuckDBPyConnection\n"
        "def f(store):\n    store.conn\n    store.sql('x')\n    c.executemany('y', [])\n"
        "    duckdb.connect('z').execute('SELECT 1')\n"
    )
    assert sorted(_sql_uses(ast.parse(code))) == [
        (1, "import duckdb"),
        (2, "from duckdb import"),
        (4, ".conn"),
        (5, ".sql()"),
        (6, ".executemany()"),
        (7, ".execute()"),
        (7, "duckdb.connect()"),
    ]
