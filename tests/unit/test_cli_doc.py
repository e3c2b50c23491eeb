"""docs/cli.md is the command-line contract: every command and flag it shows exists in the real parser,
and every real command and flag is written down there (so the contract cannot drift either way)."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "cli.md"
NO_JSON = re.compile(r"The commands without `--json` are: (.*?)\.", re.S)


def _parser() -> argparse.ArgumentParser:
    import desktop.cli  # noqa: F401  (loads desktop.cli.main)
    return sys.modules["desktop.cli.main"].build_parser()


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _flags(parser: argparse.ArgumentParser) -> set[str]:
    return {flag for action in parser._actions for flag in action.option_strings if flag.startswith("--")} - {"--help"}


def real_commands() -> dict[str, set[str]]:
    """Every leaf command ("hub dip review") with its long flags."""
    found: dict[str, set[str]] = {}

    def walk(parser: argparse.ArgumentParser, path: tuple[str, ...]) -> None:
        children = _subcommands(parser)
        if not children:
            found[" ".join(path)] = _flags(parser)
        for name, child in children.items():
            walk(child, (*path, name))
    walk(_parser(), ())
    return found


def _expand(tokens: list[str]) -> list[list[str]]:
    """`backup {create,list}` is two commands."""
    for i, token in enumerate(tokens):
        if token.startswith("{") and token.endswith("}"):
            return [variant for choice in token[1:-1].split(",") for variant in _expand([*tokens[:i], choice,
                                                                                          *tokens[i + 1:]])]
    return [tokens]


def documented() -> list[tuple[str, str, set[str]]]:
    """(the code span, the command path it names, the flags it shows) for every `eadr-station ...` span."""
    spans = re.findall(r"`(eadr-station[^`]*)`", DOC.read_text(encoding="utf-8"))
    commands = real_commands()
    names = {part for command in commands for part in command.split()}
    out = []
    for span in spans:
        for tokens in _expand(span.replace("[", " ").replace("]", " ").split()[1:]):
            path = []
            for token in tokens:
                if token.startswith("-"):
                    break
                if token in names and " ".join((*path, token)) in commands or any(
                        c.startswith(" ".join((*path, token)) + " ") for c in commands):
                    path.append(token)
                else:
                    break
            out.append((span, " ".join(path), {t for t in tokens if t.startswith("--")}))
    return out


def test_every_documented_command_and_flag_exists():
    commands = real_commands()
    wrong = []
    for span, path, flags in documented():
        if not path:   # `eadr-station`, `eadr-station --version`: the top-level parser
            flags -= {"--version"}
            path = "gui"
        if path not in commands:
            wrong.append(f"{span}: no command {path!r}")
            continue
        missing = flags - commands[path]
        if missing:
            wrong.append(f"{span}: {path} has no {sorted(missing)}")
    assert not wrong, "\n".join(wrong)


def test_every_real_command_and_flag_is_documented():
    shown: dict[str, set[str]] = {}
    for _span, path, flags in documented():
        shown.setdefault(path, set()).update(flags)
    no_json = {name.strip("`\n ") for name in NO_JSON.search(DOC.read_text(encoding="utf-8")).group(1).split(",")}
    missing = []
    for command, flags in real_commands().items():
        if command not in shown:
            missing.append(f"{command}: not in docs/cli.md")
            continue
        # --json is documented once, as a convention, with the list of commands that lack it.
        if ("--json" in flags) == (command in no_json):
            missing.append(f"{command}: docs/cli.md says it {'lacks' if command in no_json else 'has'} --json")
        undocumented = flags - {"--json"} - shown[command]
        if undocumented:
            missing.append(f"{command}: {sorted(undocumented)} not in docs/cli.md")
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("text, problem", [
    ("`eadr-station backup create --no-such-flag`", "backup create has no ['--no-such-flag']"),
    ("`eadr-station backup destroy`", "no command 'backup'"),
])
def test_the_check_catches_a_wrong_line(monkeypatch, tmp_path, text, problem):
    """The checker is not vacuous: a made-up flag or command in the document fails it."""
    doc = tmp_path / "cli.md"
    doc.write_text(DOC.read_text(encoding="utf-8") + f"\n| {text} | made up |\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "DOC", doc)
    with pytest.raises(AssertionError, match=re.escape(problem)):
        test_every_documented_command_and_flag_exists()
