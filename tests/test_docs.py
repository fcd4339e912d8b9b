"""Documentation meta-tests: every command and option of ``kb`` is documented."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from kb.cli import main

ROOT = Path(__file__).resolve().parent.parent
DOCS = "\n".join(p.read_text(encoding="utf-8") for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))])


def _commands() -> list[tuple[str, click.Command]]:
    assert isinstance(main, click.Group)
    return sorted(main.commands.items())


def _options() -> list[tuple[str, str]]:
    """(command, option) for every long option of every command and of the group itself."""
    found = []
    for name, command in [("kb", main), *_commands()]:
        for param in command.params:
            if isinstance(param, click.Option):
                found += [
                    (name, o) for o in [*param.opts, *param.secondary_opts] if o.startswith("--") and o != "--help"
                ]
    return found


@pytest.mark.parametrize(("name", "command"), _commands(), ids=[n for n, _ in _commands()])
def test_every_command_is_shown_in_readme_or_docs(name, command):
    assert f"kb {name}" in DOCS, f"kb {name} appears in neither README.md nor docs/*.md"


@pytest.mark.parametrize(("command", "option"), _options(), ids=[f"{c} {o}" for c, o in _options()])
def test_every_option_is_documented(command, option):
    assert option in DOCS, f"{option} of kb {command} appears in neither README.md nor docs/*.md"


def test_every_command_has_help():
    for name, command in _commands():
        assert command.help and command.help.strip(), f"kb {name} has no help text"


def test_the_readme_python_api_example_runs_and_says_what_it_shows(tmp_path, monkeypatch):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Python API", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(ROOT)
    env: dict[str, object] = {}
    exec(compile(code.replace('"kb.sqlite"', repr(str(tmp_path / "kb.sqlite"))), "README.md", "exec"), env)
    assert env["report"].count("added") == 3
    assert [a["key"] for a in env["toa"]["authorities"]][:2] == ["214 F. Supp. 2d 884", "528 F. App'x 862"]
    assert env["hits"][0]["citation"].startswith("Garcia-Herrera v. Asher, 585 F. App'x 439, 440 (9th Cir. 2014)")
    assert (env["refs"][0].key, env["refs"][0].pin_cite) == ("280 F.3d 786", "787")
