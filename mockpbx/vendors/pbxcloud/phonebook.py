"""PHONEBOOK and PHONEBOOKS, and an extension's DND flag."""

from __future__ import annotations

import re

from ...core import errors as core
from ...core.directory import MAX_PHONEBOOK_VALUE
from ...core.entities import PhonebookEntry
from ...core.patterns import SqlLike
from .answers import Items
from .context import Context, Need
from .errors import Nothing
from .params import Params
from .queues import find_extension
from .render import php_json
from .reply import Reply

RECORD_DELETED = "Success|Record deleted|"
# A query's ``value`` (a LIKE pattern) as long as the longest value an entry may hold.
MAX_SEARCH_LENGTH = MAX_PHONEBOOK_VALUE
WRITE_SUBREQUESTS = frozenset({"ADD", "DELETE", "CLEANALL"})
_FIELD = re.compile(r"^[A-Za-z0-9_]{1,64}$")


def phonebook_need(params: Params) -> Need:
    return Need.WRITE if params.enum("subreqtype") in WRITE_SUBREQUESTS else Need.READ


def dnd_need(params: Params) -> Need:
    return Need.WRITE if params.enum("action") == "SET" else Need.READ


def _entry(entry: PhonebookEntry) -> dict[str, str]:
    return {"peid": str(entry.id), **entry.fields}


def _values(params: Params) -> dict[str, str]:
    data = params.json_data("values" if params.has("values") else "jsondata")
    if not isinstance(data, dict) or not data:
        raise Nothing()
    fields: dict[str, str] = {}
    for name, value in data.items():
        if not _FIELD.match(name) or isinstance(value, dict | list):
            raise Nothing()
        fields[name.upper()] = "" if value is None else str(value)
    return fields


def phonebook(ctx: Context) -> Reply:
    tenant = ctx.the_tenant()
    params = ctx.params
    sub = params.enum("subreqtype", "QUERY")
    if sub == "DELETE":
        peid = params.number("peid")
        if not any(e.id == peid for e in ctx.world.directory.list_phonebook(tenant.id)):
            raise Nothing()
        try:
            ctx.world.directory.delete_phonebook_entry(peid)
        except core.PhonebookEntryNotFound:
            raise Nothing() from None
        return Reply.text(RECORD_DELETED)
    book = params.require("phonebook").strip()
    if sub == "QUERY":
        field, value = params.get("field").strip().upper(), params.get("value", "%")
        if len(value) > MAX_SEARCH_LENGTH:
            raise Nothing()
        like = SqlLike(value)  # MySQL's LIKE with a case-blind collation
        rows = [_entry(e) for e in ctx.world.directory.list_phonebook(tenant.id, book)
                if not field or like.matches(e.fields.get(field, ""))]
        return Reply.text(php_json(rows))
    if sub == "ADD":
        entry = ctx.world.directory.add_phonebook_entry(tenant.id, book, _values(params))
        return Reply.text(f"Success|{entry.id}|")
    if sub == "CLEANALL":
        removed = ctx.world.directory.clear_phonebook(tenant.id, book)
        return Reply.text(f"Success|{removed} records deleted|")
    raise Nothing()


def phonebooks(ctx: Context) -> Items:
    tenant = ctx.the_tenant()
    return Items(sorted({e.phonebook for e in ctx.world.directory.list_phonebook(tenant.id)}))


def dnd(ctx: Context) -> Reply:
    tenant = ctx.the_tenant()
    extension = find_extension(ctx.world, tenant, ctx.params.require("number"))
    action = ctx.params.enum("action", "GET")
    if action == "SET":
        value = ctx.params.enum("value")
        if value not in ("ON", "OFF", ""):
            raise Nothing()
        service = ctx.world.directory.set_enhanced_service(extension.id, "dnd", enabled=value == "ON")
        return Reply.text("on" if service.enabled else "off")
    if action == "GET":
        current = extension.services.get("dnd")
        return Reply.text("on" if current is not None and current.enabled else "off")
    raise Nothing()
