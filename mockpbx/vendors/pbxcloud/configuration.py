"""SETTING (a tenant's settings store) and LICENSEDAYS (the system licence)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .answers import Record
from .context import Context, Need
from .errors import Nothing
from .params import Params
from .reply import Reply

_FREE_TEXT = re.compile(r"^[^\x00-\x1f\x7f]{0,255}$")


@dataclass(frozen=True, slots=True)
class SettingCode:
    """A tenant setting the mock knows: its value until one is set, and the values it takes."""

    default: str
    options: tuple[str, ...] = ()
    pattern: re.Pattern[str] = _FREE_TEXT

    def accepts(self, value: str) -> bool:
        return value in self.options if self.options else bool(self.pattern.match(value))


SETTINGS: dict[str, SettingCode] = {
    "VMAUTORECOVER": SettingCode("no", ("yes", "no")),
    "RECORDINGFORMAT": SettingCode("mp3", ("mp3", "wav", "gsm")),
    "LANGUAGE": SettingCode("en", pattern=re.compile(r"^[a-z]{2}(_[A-Z]{2})?$")),
    "TIMEZONE": SettingCode("UTC", pattern=re.compile(r"^[A-Za-z0-9_+\-/]{1,64}$")),
}


def setting_need(params: Params) -> Need:
    return Need.WRITE if params.enum("action") == "SET" else Need.READ


def setting(ctx: Context) -> Record:
    tenant = ctx.the_tenant()
    code = ctx.params.enum("code")
    known = SETTINGS.get(code)
    if known is None:
        raise Nothing()
    action = ctx.params.enum("action")
    if action == "GET":
        stored = ctx.world.accounts.tenant_setting(tenant.id, code)
        value = known.default if stored is None else stored
    elif action == "SET":
        value = ctx.params.get("value").strip()
        if not known.accepts(value):
            raise Nothing()
        ctx.world.accounts.set_tenant_setting(tenant.id, code, value)
    else:
        raise Nothing()
    # The value alone in text; json names it with its code.
    return Record({"code": code, "value": value}, shown=("value",), bare=True)


def licence_days(ctx: Context) -> Reply:
    days = ctx.world.accounts.licence_days_left()
    if days is None:
        raise Nothing()
    return Reply.text(str(days))
