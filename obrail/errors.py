"""Errors told to a person: one line, what failed and why, secrets masked."""

from __future__ import annotations

from pydantic import ValidationError

from obrail.redact import redact


def describe(error: BaseException) -> str:
    """One line for a person: what failed and why, secrets masked (the traceback is logged at
    DEBUG level only)."""
    if isinstance(error, ValidationError):  # settings: name the variables, not pydantic's types
        problems = [
            f"OBRAIL_{'_'.join(str(part) for part in item['loc']).upper()}: {item['msg']}"
            if item["loc"]
            else str(item["msg"])
            for item in error.errors(include_url=False, include_input=False)
        ]
        return redact("invalid settings: " + "; ".join(problems))
    cause = getattr(error, "orig", None) or error  # SQLAlchemy wraps the driver's error
    kind = type(cause)
    if kind.__module__.startswith("psycopg") and kind.__name__ == "OperationalError":
        reason = str(cause).strip().splitlines()[0] if str(cause).strip() else kind.__name__
        return redact(f"cannot reach the database: {reason}")
    text = str(error).strip() or kind.__name__
    if kind.__module__ == "builtins" and kind.__name__ in {"RuntimeError", "ValueError"}:
        return redact(text)
    return redact(f"{text} ({kind.__name__})")
