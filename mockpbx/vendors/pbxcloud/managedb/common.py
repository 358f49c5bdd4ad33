"""What every MANAGEDB object shares: jsondata validation, row replies and the SQL it echoes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from ..context import Context
from ..errors import Nothing
from ..render import php_json
from ..reply import Reply
from ..rows import Row

Action = Callable[[Context], Reply]
M = TypeVar("M", bound=BaseModel)

_SQL_ESCAPES = {"\\": "\\\\", "'": "\\'", '"': '\\"', "\n": "\\n", "\r": "\\r", "\x00": "\\0", "\x1a": "\\Z"}


def _sql_value(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + "".join(_SQL_ESCAPES.get(ch, ch) for ch in text) + "'"


def update_sql(table: str, changes: Mapping[str, object], tenant_column: str | None, tenant_id: int | None,
               id_column: str, object_id: int) -> str:
    """The statement MiRTA echoes after an update, e.g. ``update di_dids set ... where ...di_id='27699'``."""
    assignments = ",".join(f"{name}={_sql_value(value)}" for name, value in changes.items())
    where = f"{id_column}={_sql_value(object_id)}"
    if tenant_column is not None and tenant_id is not None:
        where = f"{tenant_column}={_sql_value(tenant_id)} and {where}"
    return f"update {table} set {assignments} where {where}"


def delete_sql(table: str, tenant_column: str | None, tenant_id: int | None, id_column: str, object_id: int) -> str:
    where = f"{id_column}={_sql_value(object_id)}"
    if tenant_column is not None and tenant_id is not None:
        where = f"{tenant_column}={_sql_value(tenant_id)} and {where}"
    return f"delete from {table} where {where}"


def parse_columns(ctx: Context, model: type[M]) -> tuple[M, dict[str, object]]:
    """The validated model and the raw columns in the order the client sent them."""
    data = ctx.params.json_data()
    if not isinstance(data, dict):
        raise Nothing()
    try:
        return model.model_validate(data), dict(data)
    except ValidationError:
        raise Nothing() from None


def keyed(rows: list[Row], id_column: str) -> Reply:
    if not rows:
        return Reply.text("[]")
    return Reply.text(php_json({str(row[id_column]): row for row in rows}))


def as_row(row: Row) -> Reply:
    return Reply.text(php_json(row))


def objectid(ctx: Context) -> int:
    return ctx.params.number("objectid")


def owned(ctx: Context, tenant_id: int | None) -> None:
    """A tenant named in the request limits the object ids it may reach."""
    if ctx.tenant is not None and tenant_id != ctx.tenant.id:
        raise Nothing()


def changed(raw: dict[str, object], *skip: str) -> dict[str, object]:
    changes = {k: v for k, v in raw.items() if k not in skip}
    if not changes:
        raise Nothing()
    return changes


def tags(ctx: Context) -> list[str]:
    data = ctx.params.json_data()
    if not isinstance(data, list) or not all(isinstance(t, str) and valid_tag(t) for t in data):
        raise Nothing()
    return list(data)


def valid_tag(tag: str) -> bool:
    kind, sep, ident = tag.partition("-")
    return bool(sep) and kind.isalpha() and kind.isupper() and 0 < len(ident) <= 64 and ident.isprintable()
