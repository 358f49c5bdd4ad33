"""``pbxware.server.configuration``: the master server's settings (read-only here).

``numbering`` is the system extension length; the channel limits add up the tenants'.
"""

from __future__ import annotations

from .registry import ActionContext, ActionTable

SERVER_SETTINGS: dict[str, str] = {
    "server_name": "pbxware.local", "domainname": "pbxware.local", "absolutetimeout": "0", "cdrvoicemail": "no",
    "faxformat": "letter", "faxfiletype": "pdf", "mp3_auto_conv": "no", "recordformat": "wav", "didmode": "0",
    "rpsexpiry": "3600", "show_advanced_opts": "no", "setcidforgrouphunt": "no", "tenant_calls_enabled": "yes",
    "show_dir_osc": "yes", "nodidresponse": "busy", "erg_abandoned_check_interval": "60", "country": "869",
    "zaptel_zone": "us", "indications": "us", "area_code": "", "national": "1", "international": "011",
    "currency_writing_convention": "$x", "agi_port": "4573", "email_from": "pbxware@pbxware.local",
    "ap_lan": "", "ap_wan": "", "ap_req_num": "0", "enable_tftp": "yes", "e2faxch": "0", "pbd_pin_length": "4",
    "mint": "0", "rltype": "0", "rtype": "0", "emailto": "", "limit_notify_email": "", "numbering": "3",
}


def register(table: ActionTable) -> None:
    @table.action("pbxware.server.configuration")
    def server_configuration(ctx: ActionContext) -> object:
        extensions = ctx.world.directory.list_extensions()
        queues = ctx.world.directory.list_queues()
        row = dict(SERVER_SETTINGS)
        row.update({
            "incominglimit": str(sum(e.incoming_limit for e in extensions)),
            "outgoinglimit": str(sum(e.outgoing_limit for e in extensions)),
            "conch": "0", "quech": str(len(queues)), "ergch": "0", "aach": "0", "zapch": "0",
        })
        return row
