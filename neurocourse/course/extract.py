"""What the checker of an exercise gets from a notebook: the student's exercise code, and nothing else.

For each exercise the grader finds its check call in the notebook
(``nc.checks.welcome.rheobase(rheobase)``) and the names it passes. The *exercise code* is
then the smallest part of the notebook's top-level code that defines those names:

1. every code cell that ran without an error is split into top-level statements (IPython
   magics are turned into Python first);
2. a statement is kept if it binds a needed name: a ``def``, a ``class``, an ``import`` or
   an assignment (``params = nc.neurons.LIFParams()``); the global names that the kept
   statement reads (inside function bodies too) become needed in turn;
3. the kept statements run in the notebook's order, in a fresh process.

Everything else -- expressions and calls at the top level (a monkeypatch, a forged log
line, a plot), statements that only bind names the exercise does not use, cells that
raised -- is left out. The checker process never runs even this code: it runs in the
sandboxed student process, and the checker calls it from outside (see
:mod:`neurocourse.course.rpc`).
"""

from __future__ import annotations

import ast
import dataclasses
import symtable

__all__ = ["CheckCall", "ExerciseCode", "exercise_code", "find_check_call", "split_statements"]

#: Keyword argument of a checker that receives the student seed (from the roster).
SEED_KEYWORD = "seed"


@dataclasses.dataclass(frozen=True)
class Statement:
    """One top-level statement of a cell."""

    cell: int
    source: str
    binds: frozenset[str]
    uses: frozenset[str]
    always: bool = False


@dataclasses.dataclass(frozen=True)
class CheckCall:
    """How the notebook calls an exercise's check.

    Attributes
    ----------
    cell : int or None
        Index of the check cell; None when no cell calls the check (the default call is used).
    args : tuple of str
        Names passed positionally (the student's functions or values).
    kwargs : dict of str to str
        Names passed by keyword; the ``seed`` keyword is not listed (it is the roster seed).
    seeded : bool
        Whether the check takes ``seed=``.
    problem : str or None
        Why the call cannot be used (an argument that is not a plain name).
    """

    cell: int | None
    args: tuple[str, ...]
    kwargs: dict[str, str]
    seeded: bool
    problem: str | None = None

    @property
    def names(self) -> list[str]:
        return [*self.args, *self.kwargs.values()]


@dataclasses.dataclass(frozen=True)
class ExerciseCode:
    """The code the student process runs for one exercise.

    Attributes
    ----------
    cells : tuple of (int, str)
        (cell index, source of the kept statements of that cell), in the notebook's order.
    missing : tuple of str
        Needed names that no kept statement binds.
    """

    cells: tuple[tuple[int, str], ...]
    missing: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n\n".join(f"# --- cell {index + 1}\n{source}" for index, source in self.cells)


def _python_source(source: str) -> str:
    try:
        from IPython.core.inputtransformer2 import TransformerManager
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        return source
    try:
        return TransformerManager().transform_cell(source)
    except Exception:
        return source


def _bound_names(node: ast.AST) -> set[str]:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return {(alias.asname or alias.name).split(".")[0] for alias in node.names if alias.name != "*"}
    names = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, ast.Name) and isinstance(current.ctx, (ast.Store, ast.Del)):
            names.add(current.id)
        if isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(current.name)
            continue
        if isinstance(current, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            continue
        stack.extend(ast.iter_child_nodes(current))
    return names


def _used_names(source: str) -> set[str]:
    """Global names a statement reads, inside its functions and classes too."""
    try:
        table = symtable.symtable(source, "<cell>", "exec")
    except SyntaxError:
        return set()
    used = set()

    def visit(scope, top: bool):
        for symbol in scope.get_symbols():
            if top:
                if symbol.is_referenced():
                    used.add(symbol.get_name())
            elif symbol.is_global() and (symbol.is_referenced() or not symbol.is_assigned()):
                used.add(symbol.get_name())
        for child in scope.get_children():
            visit(child, False)

    visit(table, True)
    return used


def split_statements(cells: list[tuple[int, str]]) -> list[Statement]:
    """Top-level statements of the given (index, source) code cells; cells that do not parse are skipped."""
    statements = []
    for index, raw in cells:
        source = _python_source(raw)
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in tree.body:
            text = ast.get_source_segment(source, node, padded=False) or ast.unparse(node)
            if node.col_offset:
                text = ast.unparse(node)
            decorators = getattr(node, "decorator_list", [])
            if decorators:
                text = ast.unparse(node)
            star = isinstance(node, ast.ImportFrom) and any(alias.name == "*" for alias in node.names)
            statements.append(
                Statement(
                    index, text, frozenset(_bound_names(node)), frozenset(_used_names(text)), always=star
                )
            )
    return statements


def exercise_code(statements: list[Statement], names: list[str]) -> ExerciseCode:
    """The statements that define ``names`` and what they need, in order (see the module docstring)."""
    needed = set(names)
    kept = [statement.always for statement in statements]
    changed = True
    while changed:
        changed = False
        for position, statement in enumerate(statements):
            if not kept[position] and statement.binds & needed:
                kept[position] = True
                changed = True
            if kept[position]:
                new = statement.uses - needed
                if new:
                    needed |= new
                    changed = True
    bound = set()
    cells: list[tuple[int, list[str]]] = []
    for position, statement in enumerate(statements):
        if not kept[position]:
            continue
        bound |= statement.binds
        if cells and cells[-1][0] == statement.cell:
            cells[-1][1].append(statement.source)
        else:
            cells.append((statement.cell, [statement.source]))
    missing = tuple(name for name in names if name not in bound)
    return ExerciseCode(tuple((index, "\n".join(parts)) for index, parts in cells), missing)


def _dotted(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


def find_check_call(cells: list[tuple[int, str]], module: str, name: str, *, seeded: bool) -> CheckCall:
    """Find the call of the check ``….checks.<module>.<name>(...)`` in the cells (the last one wins).

    Parameters
    ----------
    cells : list of (int, str)
        Code cells of the notebook.
    module : str
        The checker module's short name, e.g. ``"welcome"``.
    name : str
        The check's name.
    seeded : bool
        Whether the checker takes ``seed=``.

    Returns
    -------
    CheckCall
        Found in the notebook, or the default call (``name(name)``, plus ``seed=``) when no
        cell calls the check.
    """
    found = None
    for index, raw in cells:
        try:
            tree = ast.parse(_python_source(raw))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            dotted = _dotted(node.func)
            # only the checker's own path: ``attention.fit_naka_rushton(...)`` in a notebook that
            # imports the library module ``attention`` is not the check call
            target = f"checks.{module}.{name}"
            if dotted is None or not (dotted == target or dotted.endswith(f".{target}")):
                continue
            found = (index, node)
    if found is None:
        return CheckCall(None, (name,), {}, seeded)
    index, node = found
    args, kwargs, problem = [], {}, None
    for argument in node.args:
        if isinstance(argument, ast.Name):
            args.append(argument.id)
        else:
            problem = f"its argument `{ast.unparse(argument)}` is not the name of your function"
    for keyword in node.keywords:
        if keyword.arg == SEED_KEYWORD:
            continue
        if keyword.arg is not None and isinstance(keyword.value, ast.Name):
            kwargs[keyword.arg] = keyword.value.id
        else:
            problem = f"its argument `{ast.unparse(keyword)}` is not the name of your function"
    if problem is None and not args and not kwargs:
        problem = "it passes no function to the check"
    return CheckCall(index, tuple(args), kwargs, seeded, problem)
