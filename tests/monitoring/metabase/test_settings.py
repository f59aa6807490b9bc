"""Every setting of `obrail metabase` has a docstring and a line in docs/monitoring/metabase.md."""

from __future__ import annotations

import ast
import inspect

from monitoring.metabase import settings as settings_module
from monitoring.metabase.settings import MetabaseSettings
from tests.monitoring.stack import ROOT

DOCUMENTATION = ROOT / "docs" / "monitoring" / "metabase.md"


def documented_fields() -> dict[str, str]:
    """Field name -> the docstring written under it in the class body."""
    tree = ast.parse(inspect.getsource(settings_module))
    (cls,) = [
        node
        for node in tree.body
        if isinstance(node, ast.ClassDef) and node.name == "MetabaseSettings"
    ]
    docs: dict[str, str] = {}
    for field, after in zip(cls.body, cls.body[1:], strict=False):
        if not (isinstance(field, ast.AnnAssign) and isinstance(field.target, ast.Name)):
            continue
        if isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant):
            docs[field.target.id] = str(after.value.value)
    return docs


def test_every_setting_has_a_docstring():
    own = set(MetabaseSettings.model_fields) - {"environment", "log_level"}
    assert own == set(documented_fields())


def test_every_setting_is_in_the_documentation():
    text = DOCUMENTATION.read_text(encoding="utf-8")
    for name in MetabaseSettings.model_fields:
        assert f"`OBRAIL_{name.upper()}`" in text, name
