"""No signal that carries an argument is wired to a slot whose first parameter is optional.

`button.clicked.connect(self.save_as)` calls `save_as(False)` on a click, because `clicked`
carries `checked`: a slot `def save_as(self, path=None)` then gets False as its path (the
print preview's "QPainter.begin(bool)" crash). Wrap such slots in a lambda instead.
"""

from __future__ import annotations

import ast
from pathlib import Path


DESKTOP = Path(__file__).parents[2] / "desktop"
# Signals that hand the slot an argument (accepted, rejected, finished() without args, QShortcut's
# activated and timeout do not).
SIGNALS_WITH_ARGS = {"clicked", "toggled", "triggered", "activated", "currentIndexChanged", "textChanged",
                     "valueChanged", "stateChanged", "currentTextChanged", "textEdited", "currentRowChanged",
                     "itemActivated", "doubleClicked", "itemChanged", "itemClicked", "itemDoubleClicked",
                     "currentChanged", "dateChanged", "editTextChanged", "checkStateChanged"}
# Constructors whose keyword `activated=` is argless (QShortcut) are not traps.
ARGLESS_KEYWORD_OWNERS = {"QShortcut"}


def _first_param_optional(fn: ast.FunctionDef) -> bool:
    params = [a for a in fn.args.posonlyargs + fn.args.args if a.arg not in ("self", "cls")]
    if not params:
        return False
    return len(fn.args.defaults) >= len(params)   # defaults belong to the last parameters


def _self_method(node: ast.expr, methods: dict[str, ast.FunctionDef]) -> ast.FunctionDef | None:
    if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self"
            and node.attr in methods):
        return methods[node.attr]
    return None


def traps_in(source: str, name: str = "<source>") -> list[str]:
    """Every `<signal with an argument>.connect(self.f)` (or `signal=self.f` keyword) whose f's first
    parameter after self has a default."""
    tree = ast.parse(source, name)
    found = []
    for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
        methods = {f.name: f for f in cls.body if isinstance(f, ast.FunctionDef)}
        for call in (n for n in ast.walk(cls) if isinstance(n, ast.Call)):
            func = call.func
            if (isinstance(func, ast.Attribute) and func.attr == "connect" and isinstance(func.value, ast.Attribute)
                    and func.value.attr in SIGNALS_WITH_ARGS and call.args):
                target = _self_method(call.args[0], methods)
                if target is not None and _first_param_optional(target):
                    found.append(f"{name}:{call.lineno}: {func.value.attr} -> {cls.name}.{target.name}()")
            owner = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            for keyword in call.keywords:
                if keyword.arg in SIGNALS_WITH_ARGS and owner not in ARGLESS_KEYWORD_OWNERS:
                    target = _self_method(keyword.value, methods)
                    if target is not None and _first_param_optional(target):
                        found.append(f"{name}:{call.lineno}: {keyword.arg}= -> {cls.name}.{target.name}()")
    return found


def test_the_check_finds_a_trap_and_passes_the_safe_forms():
    source = '''
class Page:
    def __init__(self):
        self.button.clicked.connect(self.save_as)            # trap: save_as(False)
        self.other.clicked.connect(lambda: self.save_as())   # safe
        self.tick.toggled.connect(self.refresh)              # safe: no parameter
        self.box.currentIndexChanged.connect(self.pick)      # safe: required parameter
        self.dialog.accepted.connect(self.save_as)           # safe: accepted has no argument
        QShortcut(key, self, activated=self.save_as)         # safe: QShortcut.activated has no argument
        QAction("x", self, triggered=self.new)               # trap: triggered(checked)

    def save_as(self, path=None): ...
    def refresh(self): ...
    def pick(self, index): ...
    def new(self, confirm: bool = True): ...
'''
    assert traps_in(source) == ["<source>:4: clicked -> Page.save_as()", "<source>:10: triggered= -> Page.new()"]


def test_no_slot_traps_in_the_app():
    found = [t for path in sorted(DESKTOP.rglob("*.py"))
             for t in traps_in(path.read_text(encoding="utf-8"), str(path.relative_to(DESKTOP.parent)))]
    assert found == []
