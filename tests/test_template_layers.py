"""Templates and static files follow the apps' layers, as imports do (pyproject importlinter).

An app's templates may include, extend and link what its own app ships and what the apps
below it ship (core at the bottom); never a sibling's or a higher app's. Tungsura's forms
once borrowed pembentukan's field partial and stylesheet: both now live in core.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ROOT / "selenggara"
REFERENCE = re.compile(r"""\{%\s*(?:include|extends|static)\s+["']([a-z_]+)/""")
# Third-party files the portal vendors (static only); anyone may link them.
SHARED = {"vendor"}


def _layers() -> list[set[str]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")
    return [
        {name.strip().removeprefix("selenggara.") for name in layer.split("|")}
        for layer in contract["layers"]
    ]


def _allowed() -> dict[str, set[str]]:
    layers = _layers()
    allowed = {}
    for i, layer in enumerate(layers):
        below = set().union(*layers[i + 1 :]) if i + 1 < len(layers) else set()
        for app in layer:
            allowed[app] = {app} | below | SHARED
    return allowed


def _references(app: str) -> list[tuple[str, str]]:
    return [
        (str(path.relative_to(ROOT)), target)
        for path in sorted((APPS / app / "templates").rglob("*.html"))
        for target in REFERENCE.findall(path.read_text(encoding="utf-8"))
    ]


def test_templates_reach_only_their_app_and_the_layers_below():
    allowed = _allowed()
    wrong = [
        (where, target)
        for app in sorted(allowed)
        if (APPS / app / "templates").is_dir()
        for where, target in _references(app)
        if target in allowed and target not in allowed[app]
    ]
    assert wrong == []


def test_the_rule_sees_a_crossing():
    allowed = _allowed()
    assert "pembentukan" not in allowed["tungsura"]
    assert "tungsura" not in allowed["pembentukan"]
    assert {"core", "accounts"} <= allowed["tungsura"]
    assert REFERENCE.findall('{% include "pembentukan/_field.html" %}') == ["pembentukan"]
    assert REFERENCE.findall("{% static 'core/formulir.css' %}") == ["core"]


def test_the_shared_field_partial_and_stylesheet_are_in_core():
    assert (APPS / "core/templates/core/_field.html").is_file()
    assert (APPS / "core/static/core/formulir.css").is_file()
    assert not (APPS / "pembentukan/templates/pembentukan/_field.html").exists()
