"""Services say who acts: ``actor`` is keyword-only and typed as a User (or None where the
command line or Django's mail acts without one), in a services module or package."""

from __future__ import annotations

import ast

import pytest

from cophub.core.tests.scan import PACKAGE

# Apps whose services are held to this; surveys and reports join once typed.
APPS = ("knowledge", "programs", "accounts", "orgs", "outbox", "jobs", "surveys", "reports",
        "kmplan")  # fmt: skip
ACTOR_TYPES = {"User", "User | None"}


def service_modules(app: str) -> list:
    module, package = PACKAGE / app / "services.py", PACKAGE / app / "services"
    assert module.exists() != package.is_dir(), f"{app}: services is one module or one package"
    return [module] if module.exists() else sorted(package.glob("*.py"))


def public_functions(path) -> list[ast.FunctionDef]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [n for n in tree.body if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")]


@pytest.mark.parametrize("app", APPS)
def test_every_service_actor_is_keyword_only_and_typed(app):
    wrong, services = [], 0
    for path in service_modules(app):
        for fn in public_functions(path):
            services += 1
            where = f"{path.relative_to(PACKAGE.parent)}:{fn.lineno} {fn.name}"
            positional = [a.arg for a in fn.args.posonlyargs + fn.args.args]
            if "actor" in positional:
                wrong.append(f"{where}: actor must be keyword-only")
            actor = next((a for a in fn.args.kwonlyargs if a.arg == "actor"), None)
            if actor is not None and (
                actor.annotation is None or ast.unparse(actor.annotation) not in ACTOR_TYPES
            ):
                wrong.append(f"{where}: type actor as one of {sorted(ACTOR_TYPES)}")
    assert services, f"{app}: the scan found no services"
    assert not wrong, wrong


def test_knowledge_layers_are_packages_with_no_second_file_beside_them():
    app = PACKAGE / "knowledge"
    assert (app / "services" / "__init__.py").exists()
    assert (app / "views" / "__init__.py").exists()
    leftovers = {"services.py", "views.py", "items.py", "item_views.py", "imports.py"}
    assert sorted(p.name for p in app.glob("*.py") if p.name in leftovers) == []
