"""Golden bytes for every reqtype and every format proxyapi.php prints.

Each case runs on a fresh world of the MiRTA part of the ``default`` scenario with a manual clock, after the same short
history (an answered, recorded DIAL; a DIAL hung up while ringing, which leaves a
voicemail; an agent pause), so every id, time and byte is fixed. Regenerate with
``MOCKPBX_UPDATE_GOLDEN=1 pytest tests/vendors/pbxcloud`` and review the diff.
"""

from __future__ import annotations

import hashlib
import os
from decimal import Decimal
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from mockpbx.app import create_app
from mockpbx.core import ClockMode, Registry, Scenario, World
from mockpbx.core.entities import (
    Destination,
    Direction,
    Disposition,
    FeatureKind,
    KeyScope,
    Tech,
    Vendor,
    VoicemailFolder,
)
from mockpbx.core.telephony import PastCall

GOLDEN = Path(__file__).parent / "golden"
PATH = "/pbx/proxyapi.php"
RW, RO, ADMIN = "demo-DEMO-rw", "demo-DEMO-ro", "demo-admin-key"
T = {"tenant": "DEMO"}
TEXT_TYPES = ("text/", "application/json")


def build_golden(world: World) -> None:
    """The MiRTA half of the ``default`` world, frozen here so other vendors' scenario edits
    cannot move these bytes: tenant DEMO as PBXCloud's examples document it, plus a second tenant."""
    world.tenancy.create_package("Package 1", rate_per_minute=Decimal("0.50"))
    world.numbering.create_provider("Generic SIP", kind="voip", tech=Tech.SIP)
    world.directory.create_custom_type("Phone number", "Forward to an outside number")
    world.directory.create_custom_type("Web hook", "Call a URL")
    world.issue_key(Vendor.PBXCLOUD, KeyScope.ADMIN, key=ADMIN)
    demo = world.tenancy.create_tenant("DEMO", "Demo Company", package_id=1, ext_length=3, country="DK")
    world.issue_key(Vendor.PBXCLOUD, KeyScope.TENANT_READ_WRITE, key=RW, tenant_id=demo.id)
    world.issue_key(Vendor.PBXCLOUD, KeyScope.TENANT_READ_ONLY, key=RO, tenant_id=demo.id)
    other = world.tenancy.create_tenant("OTHER", "Other Company", package_id=1, ext_length=3, country="US")
    world.directory.create_extension(other.id, "101", name="Other Reception", secret="Other!101x", pin="1010",
                                     registered=True)
    reception = world.directory.create_extension(demo.id, "102", name="Reception", email="reception@demo.example",
                                                 secret="Recept1on!102", pin="1020", registered=True)
    agent = world.directory.create_extension(demo.id, "104", name="Support Agent", email="support@demo.example",
                                             secret="Supp0rt!104", pin="1040", registered=True, record_calls=True)
    sales = world.directory.create_extension(demo.id, "402", name="Sales", email="sales@demo.example",
                                             secret="Sa1es!402x", pin="4020", registered=False)
    trunk = world.numbering.create_trunk("DEMO-trunk", provider_id=1, channels=10, tenant_ids=(demo.id,))
    world.numbering.create_did("4535150000", tenant_id=demo.id, trunk_id=trunk.id,
                               destination=Destination("extension", "102"))
    world.numbering.create_did("4535150001", tenant_id=demo.id, trunk_id=trunk.id,
                               destination=Destination("queue", "281"))
    queue = world.directory.create_queue(demo.id, "281", "Support")
    world.directory.add_queue_member(queue.id, agent.id)
    world.directory.add_queue_member(queue.id, reception.id)
    world.directory.create_custom_destination(demo.id, "Boss phone", 1, ("3564732920", "INCOMINGDID", "30"),
                                              custom_id=67)
    world.media.create_media_file(demo.id, "Welcome message", seconds=8, media_id=3619)
    world.directory.create_feature(demo.id, FeatureKind.IVR, "500", "Main menu", members=("1:EXT-2", "2:QUEUE-1"))
    world.directory.create_feature(demo.id, FeatureKind.RING_GROUP, "600", "Everyone", members=("EXT-2", "EXT-3"))
    world.directory.add_phonebook_entry(demo.id, "Customers", {"NAME": "Boss", "PHONE1": "3564732920"})
    now = int(world.clock.now())
    world.media.deposit_voicemail(demo.id, "102", '"Susan" <1132555678>', 17, at=now - 7200,
                                  msgid="1475685709-00000004")
    world.media.deposit_voicemail(demo.id, "102", '"Mark" <4520304050>', 9, at=now - 3600, folder=VoicemailFolder.OLD,
                                  msgid="1475685710-00000005")
    world.telephony.import_history([
        PastCall(demo.id, "402", "4520304050", Direction.OUTBOUND, Disposition.ANSWERED, now - 5400, 4, 95,
                 "Sales", sales.id, None, record=True),
        PastCall(demo.id, "1132555678", "102", Direction.INBOUND, Disposition.NO_ANSWER, now - 7230, 30, 0,
                 "Susan", None, reception.id),
        PastCall(demo.id, "104", "102", Direction.INTERNAL, Disposition.ANSWERED, now - 1800, 3, 42,
                 "Support Agent", agent.id, reception.id),
        PastCall(other.id, "101", "4570707070", Direction.OUTBOUND, Disposition.BUSY, now - 600, 2, 0,
                 "Other Reception", None, None),
    ])


GOLDEN_SCENARIO = Scenario("pbxcloud-golden", build_golden)


def prepared() -> tuple[World, FlaskClient]:
    registry = Registry(clock_mode=ClockMode.MANUAL)
    world = registry.create_world(GOLDEN_SCENARIO, world_id="golden")
    client = create_app(registry=registry).test_client()
    answered = client.get(PATH, query_string={"key": RW, "reqtype": "DIAL", "source": "104", "dest": "4520304050",
                                              "tenant": "DEMO", "var": "callid=453131"})
    assert answered.data.startswith(b"Success|")
    world.advance_clock(2)
    client.get(PATH, query_string={"key": RW, "reqtype": "DIAL", "source": "402", "dest": "102", "tenant": "DEMO"})
    world.advance_clock(2)
    assert client.get(PATH, query_string={"key": RW, "reqtype": "HANGUP", "extension": "402-DEMO",
                                          "tenant": "DEMO"}).data.startswith(b"Success|")
    world.advance_clock(600)
    client.get(PATH, query_string={"key": RW, "reqtype": "AGENT", "action": "pause", "queue": "281",
                                   "extension": "104-DEMO", "tenant": "DEMO", "pausereason": "Breakfast"})
    return world, client


# name -> (query, form); the first DIAL's originate id is "bd98b4258cead6"-like and fixed by the seed.
CASES: dict[str, tuple[dict[str, str], dict[str, str] | None]] = {
    # keys and scopes
    "auth_bad_key": ({"key": "nope", "reqtype": "HELP", **T}, None),
    "auth_bad_key_json": ({"key": "nope", "reqtype": "INFO", "info": "SIMPLECDRS", "format": "json", **T}, None),
    "auth_missing_tenant": ({"key": RW, "reqtype": "INFO", "info": "extensions"}, None),
    "auth_other_tenant": ({"key": RW, "reqtype": "INFO", "info": "extensions", "tenant": "OTHER"}, None),
    "auth_unknown_tenant_admin": ({"key": ADMIN, "reqtype": "INFO", "info": "extensions", "tenant": "NOPE"}, None),
    "auth_wildcard_tenant_key": ({"key": RW, "reqtype": "INFO", "info": "CDRS", "tenant": "%"}, None),
    "auth_ro_dial": ({"key": RO, "reqtype": "DIAL", "source": "402", "dest": "9922323232", **T}, None),
    "auth_rw_managedb": ({"key": RW, "reqtype": "MANAGEDB", "object": "CUSTOM", "action": "list", **T}, None),
    "auth_ro_info_tenants": ({"key": RO, "reqtype": "INFO", "info": "TENANTS", **T}, None),
    "tenant_code_any_case": ({"key": RO, "reqtype": "INFO", "info": "queues", "tenant": "demo"}, None),
    "ro_reads_extensions": ({"key": RO, "reqtype": "INFO", "info": "extensions", **T}, None),
    "no_reqtype": ({"key": RW, **T}, None),
    "unknown_reqtype": ({"key": RW, "reqtype": "FROBNICATE", **T}, None),
    # HELP
    "help": ({"key": RW, "reqtype": "HELP", **T}, None),
    "help_tenant_key_without_tenant": ({"key": RO, "reqtype": "HELP"}, None),
    "help_tenant_key_other_tenant": ({"key": RO, "reqtype": "HELP", "tenant": "OTHER"}, None),
    "help_admin_json": ({"key": ADMIN, "reqtype": "help", "format": "json"}, None),
    # DIAL
    "dial": ({"key": RW, "reqtype": "DIAL", "source": "402", "dest": "9922323232", "account": "402-DEMO",
              "var": "callid=453131", **T}, None),
    "dial_account_source": ({"key": RW, "reqtype": "DIAL", "source": "ACCOUNT", "account": "104-DEMO",
                             "phone": "5550005", "recording": "YES", "autoanswer": "yes", **T}, None),
    "dial_admin_tenant_from_account": ({"key": ADMIN, "reqtype": "DIAL", "source": "402", "dest": "9922323232",
                                        "account": "402-DEMO"}, None),
    "dial_admin_no_tenant": ({"key": ADMIN, "reqtype": "DIAL", "source": "402", "dest": "9922323232"}, None),
    "dial_unknown_source": ({"key": RW, "reqtype": "DIAL", "source": "999", "dest": "9922323232", **T}, None),
    "dial_missing_dest": ({"key": RW, "reqtype": "DIAL", "source": "402", **T}, None),
    "dial_bad_timeout": ({"key": RW, "reqtype": "DIAL", "source": "402", "dest": "1", "timeout": "x", **T}, None),
    "dial_json": ({"key": RW, "reqtype": "DIAL", "source": "402", "dest": "9922323232", "format": "json", **T},
                  None),
    "dial_unknown_source_json": ({"key": RW, "reqtype": "DIAL", "source": "999", "dest": "9922323232",
                                  "format": "json", **T}, None),
    "dial_refused_json": ({"key": RW, "reqtype": "DIAL", "source": "402", "dest": "99x", "format": "json", **T},
                          None),
    "dial_missing_dest_json": ({"key": RW, "reqtype": "DIAL", "source": "402", "format": "json", **T}, None),
    "dial_source_account_json": ({"key": RW, "reqtype": "DIAL", "source": "ACCOUNT", "account": "402-DEMO",
                                  "phone": "9922323232", "sourceclid": "4535150000", "format": "json", **T}, None),
    "dial_foreign_account": ({"key": RW, "reqtype": "DIAL", "source": "ACCOUNT", "account": "101-OTHER",
                              "phone": "9922323232", "sourceclid": "4535150000", **T}, None),
    "dial_foreign_account_json": ({"key": RW, "reqtype": "DIAL", "source": "402", "account": "101-OTHER",
                                   "dest": "9922323232", "format": "json", **T}, None),
    # live calls
    "countcalls_idle": ({"key": RW, "reqtype": "COUNTCALLS", **T}, None),
    "countcalls_admin_json": ({"key": ADMIN, "reqtype": "COUNTCALLS", "format": "json"}, None),
    "channels_idle": ({"key": RW, "reqtype": "CHANNELS", **T}, None),
    "channels_idle_json": ({"key": RW, "reqtype": "CHANNELS", "format": "json", **T}, None),
    "hangup_miss": ({"key": RW, "reqtype": "HANGUP", "extension": "102", **T}, None),
    "hangup_missing": ({"key": RW, "reqtype": "HANGUP", **T}, None),
    "countpeers": ({"key": RW, "reqtype": "COUNTPEERS", **T}, None),
    "countpeers_json": ({"key": ADMIN, "reqtype": "COUNTPEERS", "format": "json"}, None),
    "countchannels": ({"key": RW, "reqtype": "COUNTCHANNELS", **T}, None),
    "peers": ({"key": RW, "reqtype": "PEERS", **T}, None),
    "peers_json": ({"key": RW, "reqtype": "PEERS", "format": "json", **T}, None),
    # CDR field
    "cdr_get_miss": ({"key": RW, "reqtype": "CDR", "action": "GET", "field": "userfield", "uniqueid": "1.1", **T},
                     None),
    # AGENT and QUEUE
    "agent_unpause": ({"key": RW, "reqtype": "AGENT", "action": "UNPAUSE", "queue": "281", "extension": "104",
                       **T}, None),
    "agent_pause_not_member": ({"key": RW, "reqtype": "AGENT", "action": "pause", "queue": "281",
                                "extension": "402-DEMO", **T}, None),
    "agent_listqueues": ({"key": RW, "reqtype": "AGENT", "action": "LISTQUEUES", "extension": "104", **T}, None),
    "agent_listqueues_json": ({"key": RW, "reqtype": "AGENT", "action": "listqueues", "extension": "104",
                               "format": "json", **T}, None),
    "queue_list": ({"key": RW, "reqtype": "QUEUE", "action": "list", "number": "281", **T}, None),
    "queue_list_json": ({"key": RW, "reqtype": "QUEUE", "action": "list", "id": "1", "format": "json", **T}, None),
    "queue_add": ({"key": RW, "reqtype": "QUEUE", "action": "add", "number": "281", "extension": "402", **T}, None),
    "queue_add_penalty_then_agents": ({"key": RW, "reqtype": "QUEUE", "action": "add", "number": "281",
                                       "extension": "402", "penalty": "5", "paused": "yes", **T}, None),
    "queue_del": ({"key": RW, "reqtype": "QUEUE", "action": "del", "number": "281", "extension": "102-DEMO", **T},
                  None),
    "queue_clean": ({"key": RW, "reqtype": "QUEUE", "action": "clean", "number": "281", **T}, None),
    "queue_log": ({"key": RW, "reqtype": "QUEUE", "action": "log", "number": "281", "extension": "104",
                   "event": "CUSTOM", "data1": "hello", **T}, None),
    # INFO: directory
    "info_queues": ({"key": RW, "reqtype": "INFO", "info": "queues", **T}, None),
    "info_queues_json": ({"key": RW, "reqtype": "INFO", "info": "QUEUES", "format": "json", **T}, None),
    "info_queue": ({"key": RW, "reqtype": "INFO", "info": "queue", "id": "281", **T}, None),
    "info_queue_json": ({"key": RW, "reqtype": "INFO", "info": "queue", "id": "1", "format": "json", **T}, None),
    "info_agents": ({"key": RW, "reqtype": "INFO", "info": "agents", **T}, None),
    "info_agents_json": ({"key": RW, "reqtype": "INFO", "info": "AGENTS", "format": "json", **T}, None),
    "info_agents_no_queue": ({"key": RW, "reqtype": "INFO", "info": "agents", "queue": "999", "format": "json",
                              **T}, None),
    "info_agentsconnected": ({"key": RW, "reqtype": "INFO", "info": "agentsconnected", **T}, None),
    "info_agentsdelay": ({"key": RW, "reqtype": "INFO", "info": "agentsdelay", **T}, None),
    "info_agentsdelay_json": ({"key": RW, "reqtype": "INFO", "info": "agentsdelay", "format": "json", **T}, None),
    "info_outdialed_json": ({"key": RW, "reqtype": "INFO", "info": "outdialed", "format": "json", **T}, None),
    "info_extensions": ({"key": RW, "reqtype": "INFO", "info": "extensions", **T}, None),
    "info_extensions_json": ({"key": RW, "reqtype": "INFO", "info": "EXTENSIONS", "format": "json", **T}, None),
    "info_extensions_csv": ({"key": RW, "reqtype": "INFO", "info": "extensions", "format": "csv", **T}, None),
    "info_extensions_xml": ({"key": RW, "reqtype": "INFO", "info": "extensions", "format": "xml", **T}, None),
    "info_extstate": ({"key": RW, "reqtype": "INFO", "info": "extstate", **T}, None),
    "info_extstate_json": ({"key": RW, "reqtype": "INFO", "info": "extstate", "ext": "104", "format": "json", **T},
                           None),
    "info_dids": ({"key": RW, "reqtype": "INFO", "info": "dids", **T}, None),
    "info_dids_json": ({"key": RW, "reqtype": "INFO", "info": "dids", "format": "json", **T}, None),
    "info_dids_csv": ({"key": RW, "reqtype": "INFO", "info": "dids", "format": "csv", **T}, None),
    "info_config": ({"key": RW, "reqtype": "INFO", "info": "config", **T}, None),
    "info_config_json": ({"key": RW, "reqtype": "INFO", "info": "config", "format": "json", **T}, None),
    "info_balance": ({"key": RW, "reqtype": "INFO", "info": "balance", **T}, None),
    "balance": ({"key": RW, "reqtype": "BALANCE", **T}, None),
    "info_unknown": ({"key": RW, "reqtype": "INFO", "info": "nonsense", **T}, None),
    "info_missing": ({"key": RW, "reqtype": "INFO", **T}, None),
    "info_tenants_admin": ({"key": ADMIN, "reqtype": "INFO", "info": "tenants"}, None),
    "info_tenants_admin_json": ({"key": ADMIN, "reqtype": "INFO", "info": "tenants", "format": "json"}, None),
    "info_flow": ({"key": RW, "reqtype": "INFO", "info": "flow", "id": "1", **T}, None),
    "info_ivrlogs_json": ({"key": RW, "reqtype": "INFO", "info": "ivrlogs", "format": "json", **T}, None),
    # INFO: calls and recordings
    "info_call_miss": ({"key": RW, "reqtype": "INFO", "info": "call", "id": "00000000000000", **T}, None),
    "info_recording_miss": ({"key": RW, "reqtype": "INFO", "info": "recording", "id": "nope", **T}, None),
    "info_voicemail": ({"key": RW, "reqtype": "INFO", "info": "voicemail", "id": "1", **T}, None),
    "info_voicemailtranscript": ({"key": RW, "reqtype": "INFO", "info": "voicemailtranscript", "id": "1", **T},
                                 None),
    # INFO: history
    "info_cdrs_csv": ({"key": RW, "reqtype": "INFO", "info": "CDRS", "format": "csv", **T}, None),
    "info_cdrs_plain": ({"key": RW, "reqtype": "INFO", "info": "cdrs", **T}, None),
    "info_cdrs_xml": ({"key": RW, "reqtype": "INFO", "info": "cdrs", "format": "xml", **T}, None),
    "info_cdrs_json": ({"key": RW, "reqtype": "INFO", "info": "cdrs", "format": "json", **T}, None),
    "info_cdrs_template": ({"key": RW, "reqtype": "INFO", "info": "cdrs",
                            "template": "{$uniqueid},{$ID},{$te_id},{$realsrc},{$lastdst},{$start},{$duration},"
                                        "{$answer},{$direction},{$disposition}", **T}, None),
    "info_cdrs_admin_csv": ({"key": ADMIN, "reqtype": "INFO", "info": "CDRS", "format": "csv", "tenant": "%",
                             "start": "2026-01-01", "end": "2026-01-06"}, None),
    "info_cdrs_linkedid_miss": ({"key": RW, "reqtype": "INFO", "info": "cdrs", "linkedid": "1.1", **T}, None),
    "info_cdrs_phone": ({"key": RW, "reqtype": "INFO", "info": "cdrs", "format": "csv", "phone": "102,4520304050",
                         **T}, None),
    "info_cdrs_window_empty": ({"key": RW, "reqtype": "INFO", "info": "CDRS", "format": "csv", "start": "2017-01-01",
                                "end": "2017-02-01", **T}, None),
    "info_cdrs_bad_date": ({"key": RW, "reqtype": "INFO", "info": "CDRS", "start": "yesterday", **T}, None),
    "info_simplecdrs_json": ({"key": RW, "reqtype": "INFO", "info": "SIMPLECDRS", "format": "json", **T}, None),
    "info_simplecdrs_csv": ({"key": RW, "reqtype": "INFO", "info": "simplecdrs", "format": "csv", **T}, None),
    "info_simplecdrs_plain": ({"key": RW, "reqtype": "INFO", "info": "simplecdrs", **T}, None),
    "info_simplecdrs_filter": ({"key": RW, "reqtype": "INFO", "info": "simplecdrs", "format": "json",
                                "disposition": "no answer", **T}, None),
    "info_simplecdrs_none": ({"key": RW, "reqtype": "INFO", "info": "simplecdrs", "format": "json",
                              "calleridnum": "0000", **T}, None),
    "info_simplecdrs_admin": ({"key": ADMIN, "reqtype": "INFO", "info": "simplecdrs", "format": "csv",
                               "tenant": "%", "start": "2026-01-04", "end": "2026-01-06"}, None),
    "info_queuelogs_json": ({"key": RW, "reqtype": "INFO", "info": "QUEUELOGS", "format": "json", **T}, None),
    "info_queuelogs_csv": ({"key": RW, "reqtype": "INFO", "info": "queuelogs", "format": "csv", **T}, None),
    "info_queuelogs_plain": ({"key": RW, "reqtype": "INFO", "info": "queuelogs", **T}, None),
    "info_queuelogs_empty_json": ({"key": RW, "reqtype": "INFO", "info": "queuelogs", "format": "json",
                                   "start": "2017-10-01", "end": "2017-12-01", **T}, None),
    "info_queuelogs_empty_csv": ({"key": RW, "reqtype": "INFO", "info": "queuelogs", "format": "csv",
                                  "start": "2017-10-01", "end": "2017-12-01", **T}, None),
    # VOICEMAIL and MEDIAFILE
    "voicemail_list": ({"key": RW, "reqtype": "VOICEMAIL", "action": "list", **T}, None),
    "voicemail_list_json": ({"key": RW, "reqtype": "VOICEMAIL", "action": "LIST", "format": "json", **T}, None),
    "voicemail_messages": ({"key": RW, "reqtype": "VOICEMAIL", "action": "messages", "mailbox": "102", **T}, None),
    "voicemail_messages_json": ({"key": RW, "reqtype": "VOICEMAIL", "action": "messages", "mailbox": "102",
                                 "format": "json", **T}, None),
    "voicemail_message": ({"key": RW, "reqtype": "VOICEMAIL", "action": "message", "mailbox": "102",
                           "msgid": "1475685709-00000004", **T}, None),
    "voicemail_message_miss": ({"key": RW, "reqtype": "VOICEMAIL", "action": "message", "mailbox": "102",
                                "msgid": "1-1", **T}, None),
    "voicemail_markread": ({"key": RW, "reqtype": "VOICEMAIL", "action": "markread", "mailbox": "102",
                            "msgid": "1475685709-00000004", **T}, None),
    "voicemail_markunread": ({"key": RW, "reqtype": "VOICEMAIL", "action": "markunread", "mailbox": "102",
                              "msgid": "1475685710-00000005", **T}, None),
    "voicemail_delete": ({"key": RW, "reqtype": "VOICEMAIL", "action": "delete", "mailbox": "102",
                          "msgid": "1475685709-00000004", **T}, None),
    "voicemail_delete_ro": ({"key": RO, "reqtype": "VOICEMAIL", "action": "delete", "mailbox": "102",
                             "msgid": "1475685709-00000004", **T}, None),
    "mediafile_getaudio": ({"key": RW, "reqtype": "MEDIAFILE", "action": "GETAUDIO", "id": "19",
                            "objectid": "3619", **T}, None),
    "mediafile_miss": ({"key": RW, "reqtype": "MEDIAFILE", "action": "getaudio", "objectid": "1", **T}, None),
    # PHONEBOOK and DND
    "phonebook_query": ({"key": RW, "reqtype": "PHONEBOOK", "phonebook": "Customers", "subreqtype": "query",
                         "field": "name", "value": "bo%", **T}, None),
    "phonebook_add": ({"key": RW, "reqtype": "PHONEBOOK", "phonebook": "Customers", "subreqtype": "add", **T},
                      {"values": '{"NAME":"Alice","PHONE1":"4511223344"}'}),
    "phonebook_delete": ({"key": RW, "reqtype": "PHONEBOOK", "subreqtype": "delete", "peid": "1", **T}, None),
    "phonebook_cleanall": ({"key": RW, "reqtype": "PHONEBOOK", "phonebook": "Customers", "subreqtype": "cleanall",
                            **T}, None),
    "phonebooks": ({"key": RW, "reqtype": "PHONEBOOKS", **T}, None),
    "phonebooks_json": ({"key": RW, "reqtype": "PHONEBOOKS", "format": "json", **T}, None),
    "dnd_get": ({"key": RW, "reqtype": "DND", "action": "get", "number": "102", **T}, None),
    "dnd_set": ({"key": RW, "reqtype": "DND", "action": "set", "number": "102", "value": "on", **T}, None),
    # MANAGEDB
    "mdb_customtypes": ({"key": ADMIN, "reqtype": "MANAGEDB", "object": "CUSTOMTYPES", "action": "list", **T}, None),
    "mdb_custom_list": ({"key": ADMIN, "reqtype": "MANAGEDB", "object": "CUSTOM", "action": "list", **T}, None),
    "mdb_custom_get": ({"key": ADMIN, "reqtype": "MANAGEDB", "object": "CUSTOM", "action": "get", "objectid": "67",
                        **T}, None),
    "mdb_custom_get_miss": ({"key": ADMIN, "reqtype": "MANAGEDB", "object": "CUSTOM", "action": "get",
                             "objectid": "68", **T}, None),
    "mdb_custom_add": ({"key": ADMIN, "reqtype": "MANAGEDB", "action": "add", "object": "custom", **T},
                       {"jsondata": '{"cu_name":"Boss phone","cu_ct_id":1,"cu_param1":"3564732920",'
                                    '"cu_param2":"INCOMINGDID","cu_param3":"30"}'}),
    "mdb_custom_update": ({"key": ADMIN, "reqtype": "MANAGEDB", "action": "update", "object": "custom",
                           "objectid": "67", **T},
                          {"jsondata": '{"cu_name":"Boss private phone","cu_id":67,"cu_param1":"0636287454"}'}),
    "mdb_custom_update_bad_column": ({"key": ADMIN, "reqtype": "MANAGEDB", "action": "update", "object": "custom",
                                      "objectid": "67", **T}, {"jsondata": '{"cu_bogus":"x"}'}),
    "mdb_extension_list": ({"key": ADMIN, "reqtype": "MANAGEDB", "object": "EXTENSION", "action": "list", **T},
                           None),
    "mdb_extension_get": ({"key": ADMIN, "reqtype": "MANAGEDB", "object": "extensions", "action": "GET",
                           "objectid": "2", **T}, None),
    "mdb_extension_add": ({"key": ADMIN, "reqtype": "MANAGEDB", "object": "EXTENSION", "action": "add", **T},
                          {"jsondata": '{"ex_number":"105","ex_name":"New Agent","ex_tech":"PJSIP",'
                                       '"password":"S3cret!105"}'}),
    "mdb_extension_update": ({"key": ADMIN, "reqtype": "MANAGEDB", "object": "EXTENSION", "action": "update",
                              "objectid": "2", **T}, {"jsondata": '{"ex_callallowed":"none","ex_name":"Front desk"}'}),
    "mdb_extension_delete": ({"key": ADMIN, "reqtype": "MANAGEDB", "object": "EXTENSION", "action": "delete",
                              "objectid": "4", **T}, None),
    "mdb_did_list": ({"key": ADMIN, "reqtype": "MANAGEDB", "object": "DID", "action": "LIST", **T}, None),
    "mdb_did_get": ({"key": ADMIN, "reqtype": "MANAGEDB", "object": "DID", "action": "GET", "objectid": "1", **T},
                    None),
    "mdb_did_add": ({"key": ADMIN, "reqtype": "MANAGEDB", "object": "DID", "action": "ADD", **T},
                    {"jsondata": '{"di_number":"4535150002","di_comment":"new line"}'}),
    "mdb_did_update": ({"key": ADMIN, "reqtype": "MANAGEDB", "object": "DID", "action": "update", "objectid": "1",
                        **T}, {"jsondata": '{"di_comment":"Main line","di_recording":"yes"}'}),
    "mdb_tenant_list": ({"key": ADMIN, "reqtype": "MANAGEDB", "object": "TENANT", "action": "list"}, None),
    "mdb_tenant_get": ({"key": ADMIN, "reqtype": "MANAGEDB", "object": "TENANT", "action": "get", "objectid": "2"},
                       None),
    "mdb_tenant_add": ({"key": ADMIN, "reqtype": "MANAGEDB", "object": "TENANT", "action": "add"},
                       {"jsondata": '{"te_code":"ACME","te_name":"Acme Inc","pk_start":100,"pk_end":199}'}),
    "mdb_tenant_update": ({"key": ADMIN, "reqtype": "MANAGEDB", "object": "TENANT", "action": "update",
                           "objectid": "2"}, {"jsondata": '{"te_name":"Demo Company A/S"}'}),
    "mdb_queue_list": ({"key": ADMIN, "reqtype": "MANAGEDB", "object": "QUEUE", "action": "list", **T}, None),
    "mdb_queue_add": ({"key": ADMIN, "reqtype": "MANAGEDB", "object": "QUEUE", "action": "add", **T},
                      {"jsondata": '{"qu_name":"Sales","strategy":"RINGALL","timeout":20}'}),
    "mdb_queue_delete": ({"key": ADMIN, "reqtype": "MANAGEDB", "object": "QUEUE", "action": "delete",
                          "objectid": "1", **T}, None),
    "mdb_voicemail_list": ({"key": ADMIN, "reqtype": "MANAGEDB", "object": "VOICEMAIL", "action": "LIST", **T},
                           None),
    "mdb_voicemail_listmessages": ({"key": ADMIN, "reqtype": "MANAGEDB", "object": "VOICEMAIL",
                                    "action": "LISTMESSAGES", "mailboxuser": "102-DEMO", "mailbox": "INBOX", **T},
                                   None),
    "mdb_voicemail_add": ({"key": ADMIN, "reqtype": "MANAGEDB", "object": "VOICEMAIL", "action": "add", **T},
                          {"jsondata": '{"mailbox":"777","password":"1234","fullname":"Night line",'
                                       '"email":"night@demo.example"}'}),
    "mdb_voicemail_delete": ({"key": ADMIN, "reqtype": "MANAGEDB", "object": "VOICEMAIL", "action": "DELETE",
                              "objectid": "4", **T}, None),
    "mdb_mediafile_list": ({"key": ADMIN, "reqtype": "MANAGEDB", "object": "MEDIAFILE", "action": "list", **T},
                           None),
    "mdb_mediafile_get": ({"key": ADMIN, "reqtype": "MANAGEDB", "object": "MEDIAFILE", "action": "get",
                           "objectid": "3619", **T}, None),
    "mdb_mediafile_update": ({"key": ADMIN, "reqtype": "MANAGEDB", "object": "MEDIAFILE", "action": "update",
                              "objectid": "3619", **T}, {"jsondata": '{"me_name":"Welcome \'24"}'}),
    "mdb_mediafile_getbinary": ({"key": ADMIN, "reqtype": "MANAGEDB", "object": "MEDIAFILE", "action": "getbinary",
                                 "objectid": "3619", **T}, None),
    "mdb_ivr_list": ({"key": ADMIN, "reqtype": "MANAGEDB", "object": "IVR", "action": "LIST", **T}, None),
    "mdb_ivr_get": ({"key": ADMIN, "reqtype": "MANAGEDB", "object": "IVR", "action": "GET", "objectid": "1", **T},
                    None),
    "mdb_ivr_getdestinations": ({"key": ADMIN, "reqtype": "MANAGEDB", "object": "IVR", "action": "GETDESTINATIONS",
                                 "objectid": "1", **T}, None),
    "mdb_condition_list": ({"key": ADMIN, "reqtype": "MANAGEDB", "object": "CONDITION", "action": "LIST", **T},
                           None),
    "mdb_huntlist_get": ({"key": ADMIN, "reqtype": "MANAGEDB", "object": "HUNTLIST", "action": "get",
                          "objectid": "2", **T}, None),
    "mdb_huntlist_setextensions": ({"key": ADMIN, "reqtype": "MANAGEDB", "object": "HUNTLIST",
                                    "action": "setextensions", "objectid": "2", **T},
                                   {"jsondata": '["EXT-1701","CUSTOM-67"]'}),
    "mdb_destination_list": ({"key": ADMIN, "reqtype": "MANAGEDB", "object": "DESTINATION", "action": "LIST",
                              "typesrc": "DID", "typeidsrc": "1", **T}, None),
    "mdb_destination_replace": ({"key": ADMIN, "reqtype": "MANAGEDB", "object": "DESTINATION", "action": "replace",
                                 "typesrc": "DID", "typeidsrc": "1", **T},
                                {"jsondata": '["PLAYBACK-60","EXT-3"]'}),
    "mdb_phonebook_list": ({"key": ADMIN, "reqtype": "MANAGEDB", "object": "PHONEBOOK", "action": "list", **T},
                           None),
    "mdb_unknown_object": ({"key": ADMIN, "reqtype": "MANAGEDB", "object": "SPACESHIP", "action": "list", **T},
                           None),
    # reqtypes called with no parameters of their own (0 bytes, or an empty list for lists)
    "blfs_json": ({"key": RW, "reqtype": "BLFS", "format": "json", **T}, None),
    "sms": ({"key": RW, "reqtype": "SMS", "source": "402", "dest": "4520304050", "message": "hi", **T}, None),
    "sms_ro": ({"key": RO, "reqtype": "SMS", "source": "402", "dest": "4520304050", "message": "hi", **T}, None),
    "responsepath_getlast": ({"key": RO, "reqtype": "RESPONSEPATH", "action": "getlast", "id": "1", **T}, None),
    "chansippeers": ({"key": RW, "reqtype": "CHANSIPPEERS", **T}, None),
    "getcurrentcalls_json": ({"key": RW, "reqtype": "GETCURRENTCALLS", "format": "json", **T}, None),
    "jsonp_callback": ({"key": RW, "reqtype": "INFO", "info": "queues", "format": "json", "callback": "show",
                        **T}, None),
    "jsonp_callback_rejected": ({"key": RW, "reqtype": "INFO", "info": "queues", "format": "json",
                                 "callback": "alert(1);x", **T}, None),
    "jsonp_callback_refused": ({"key": "nope", "reqtype": "INFO", "info": "queues", "format": "json",
                                "callback": "show", **T}, None),
    "post_form_only": ({}, {"key": RW, "reqtype": "COUNTCALLS", **T}),
    **{
        f"catalogue_{name.lower()}{suffix}": ({"key": RW, "reqtype": name, **fmt, **T}, None)
        for name in ("FLOWS", "USERGROUP", "ATXTRANSFER", "CAMPAIGN", "FAX", "QUEUERESET", "REBOOT", "UNREGISTER",
                     "SETFLOW", "TRANSFER", "VIRTUALEXT", "SETTING", "LICENSEDAYS", "CHECKAUTH", "AUTHTOKEN",
                     "GETWEBRTCAUTH")
        for suffix, fmt in (("", {}), ("_json", {"format": "json"}))
    },
}

# Cases whose bodies name the originate id or uniqueid of the first DIAL, and cases of live calls.
LIVE_CASES = ("countcalls_live", "channels_live", "channels_live_json", "channel_live", "hangup_channel",
              "info_call_live", "info_extstate_live", "getcurrentcalls_phone", "getcurrentcalls_phone_json",
              "getcurrentcalls_other_phone_json")
ENDED_CASES = ("info_call", "info_call_json", "info_inforecording", "info_inforecording_json", "info_recording",
               "info_recording_uniqueid_prefixed", "info_playrecording", "cdr_get", "cdr_update",
               "info_cdrs_by_uniqueid")


def _record(response_status: int, content_type: str, body: bytes) -> bytes:
    head = f"{response_status} {content_type}\n".encode()
    if content_type.startswith(TEXT_TYPES):
        return head + body
    return head + f"binary {len(body)} bytes sha256 {hashlib.sha256(body).hexdigest()} head {body[:4]!r}\n".encode()


def _check(name: str, got: bytes) -> None:
    path = GOLDEN / f"{name}.golden"
    if os.environ.get("MOCKPBX_UPDATE_GOLDEN"):
        path.write_bytes(got)
    assert path.exists(), f"no golden file for {name}; run with MOCKPBX_UPDATE_GOLDEN=1 and review it"
    assert got == path.read_bytes()


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str) -> None:
    _, client = prepared()
    query, form = CASES[name]
    response = client.post(PATH, query_string=query, data=form) if form is not None else client.get(
        PATH, query_string=query)
    assert response.status_code == 200
    _check(name, _record(response.status_code, response.content_type, response.data))


def _first_call_ids(world: World) -> tuple[str, str]:
    cdr = world.telephony.query_cdrs(None, where=lambda c: c.src == "104" and c.dst == "4520304050")[0]
    return cdr.originate_id, cdr.uniqueid


@pytest.mark.parametrize("name", ENDED_CASES)
def test_golden_after_calls(name: str) -> None:
    world, client = prepared()
    originate_id, unique = _first_call_ids(world)
    query = {
        "info_call": {"reqtype": "INFO", "info": "call", "id": originate_id},
        "info_call_json": {"reqtype": "INFO", "info": "call", "id": unique, "format": "json"},
        "info_inforecording": {"reqtype": "INFO", "info": "inforecording", "id": originate_id},
        "info_inforecording_json": {"reqtype": "INFO", "info": "inforecording", "id": unique, "format": "json"},
        "info_recording": {"reqtype": "INFO", "info": "recording", "id": originate_id},
        "info_recording_uniqueid_prefixed": {"reqtype": "INFO", "info": "recording", "id": f"pbx4fl-{unique}"},
        "info_playrecording": {"reqtype": "INFO", "info": "playrecording", "id": unique},
        "cdr_get": {"reqtype": "CDR", "action": "GET", "field": "userfield", "uniqueid": unique},
        "cdr_update": {"reqtype": "CDR", "action": "UPDATE", "field": "userfield", "uniqueid": unique,
                       "value": "ticket 42"},
        "info_cdrs_by_uniqueid": {"reqtype": "INFO", "info": "CDRS", "uniqueid": unique, "format": "csv"},
    }[name]
    response = client.get(PATH, query_string={"key": RW, "tenant": "DEMO", **query})
    _check(name, _record(response.status_code, response.content_type, response.data))


@pytest.mark.parametrize("name", LIVE_CASES)
def test_golden_live(name: str) -> None:
    world, client = prepared()
    client.get(PATH, query_string={"key": RW, "reqtype": "DIAL", "source": "102", "dest": "5550004", **T})
    world.advance_clock(20)
    live = world.telephony.live_calls()
    assert len(live) == 1
    query = {
        "countcalls_live": {"reqtype": "COUNTCALLS"},
        "channels_live": {"reqtype": "CHANNELS"},
        "channels_live_json": {"reqtype": "CHANNELS", "format": "json"},
        "channel_live": {"reqtype": "CHANNEL", "channel": f"PJSIP/102-DEMO-{live[0].id:08x}"},
        "hangup_channel": {"reqtype": "HANGUP", "channel": f"PJSIP/102-DEMO-{live[0].id:08x}"},
        "info_call_live": {"reqtype": "INFO", "info": "call", "id": live[0].originate_id, "format": "json"},
        "info_extstate_live": {"reqtype": "INFO", "info": "extstate"},
        "getcurrentcalls_phone": {"reqtype": "GETCURRENTCALLS", "phone": "102"},
        "getcurrentcalls_phone_json": {"reqtype": "GETCURRENTCALLS", "phone": "102-DEMO", "multiple": "yes",
                                       "format": "json"},
        "getcurrentcalls_other_phone_json": {"reqtype": "GETCURRENTCALLS", "phone": "104", "format": "json"},
    }[name]
    response = client.get(PATH, query_string={"key": RW, "tenant": "DEMO", **query})
    _check(name, _record(response.status_code, response.content_type, response.data))


def test_demo_path_answers_like_production() -> None:
    _, client = prepared()
    query = {"key": RW, "reqtype": "INFO", "info": "extensions", **T}
    assert client.get("/mirtapbx/proxyapi.php", query_string=query).data == client.get(PATH, query_string=query).data
