"""`constraints.txt` pins every release a fresh `make install` resolves, so the benchmark
figures reproduce: these tests fail when a dependency is added to `pyproject.toml` without a pin,
or when a pin falls outside the range the project itself asks for."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def _pins() -> dict[str, str]:
    pins: dict[str, str] = {}
    for number, line in enumerate((ROOT / "constraints.txt").read_text().splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, version = line.partition("==")
        assert sep and version, f"constraints.txt:{number}: {line!r} is not 'name==version'"
        key = canonicalize_name(name)
        assert key not in pins, f"constraints.txt:{number}: {name} is pinned twice"
        pins[key] = version
    return pins


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lines = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        lines.extend(extra)
    return [Requirement(line) for line in lines]


def test_every_declared_dependency_is_pinned_within_its_range():
    pins = _pins()
    for requirement in _declared():
        version = pins.get(canonicalize_name(requirement.name))
        assert version is not None, f"{requirement.name} is not pinned in constraints.txt"
        assert requirement.specifier.contains(version, prereleases=True), (
            f"constraints.txt pins {requirement.name}=={version}, outside pyproject's "
            f"{requirement.specifier}")


def test_the_embedding_stack_is_pinned():
    """The int8 vectors move with these releases even when the project's code does not."""
    pins = _pins()
    for name in ("onnx", "onnxruntime", "transformers", "tokenizers", "sentence-transformers",
                 "numpy", "scikit-learn", "torch"):
        assert name in pins, f"{name} is not pinned in constraints.txt"


def test_make_install_uses_the_pins():
    makefile = (ROOT / "Makefile").read_text()
    assert "-c constraints.txt" in makefile
    stamp_rule = next(line for line in makefile.splitlines() if line.startswith("$(STAMP):"))
    assert "constraints.txt" in stamp_rule, "editing the pins must reinstall"
