"""MANAGEDB: ``object`` x ``action`` over the tenant's database rows (admin key only).

Shapes: ``list`` is a JSON object keyed by row id (``[]`` when empty, as PHP prints an
empty array), ``get`` one row, ``add`` the new row, ``update`` and ``delete`` the SQL
text MiRTA ran. A miss or an invalid ``jsondata`` prints nothing and changes nothing.
"""

from __future__ import annotations

from ....core import errors as core
from ..context import Context
from ..errors import Nothing
from ..reply import Reply
from .common import Action, delete_sql, update_sql
from .devices import (
    conference_add,
    conference_delete,
    conference_get,
    conference_list,
    conference_update,
    phone_add,
    phone_get,
    phone_list,
    phone_phonebook_get,
    phone_phonebook_list,
    phone_update,
)
from .directory import (
    custom_add,
    custom_get,
    custom_list,
    custom_types_list,
    custom_update,
    extension_add,
    extension_delete,
    extension_get,
    extension_list,
    extension_update,
    phonebook_add,
    phonebook_delete,
    phonebook_get,
    phonebook_list,
    queue_add,
    queue_delete,
    queue_list,
    voicemail_add,
    voicemail_delete,
    voicemail_list,
    voicemail_messages,
    voicemail_recording,
)
from .features import (
    condition_extended,
    condition_replace_extended,
    feature_destinations,
    feature_get,
    feature_list,
    huntlist_set_extensions,
    media_binary,
    media_get,
    media_list,
    media_update,
    media_update_binary,
)
from .numbering import destination_list, destination_replace, did_add, did_get, did_list, did_update
from .routing import (
    provider_add,
    provider_get,
    provider_list,
    provider_update,
    route_add,
    route_get,
    route_list,
    route_update,
    routing_profile_add,
    routing_profile_get,
    routing_profile_list,
    routing_profile_routes,
    routing_profile_update,
)
from .tenants import tenant_add, tenant_get, tenant_list, tenant_update
from .users import user_add, user_delete, user_get, user_list, user_update

OBJECTS: dict[str, dict[str, Action]] = {
    "CUSTOMTYPES": {"LIST": custom_types_list},
    "CUSTOM": {"LIST": custom_list, "GET": custom_get, "ADD": custom_add, "UPDATE": custom_update},
    "EXTENSION": {"LIST": extension_list, "GET": extension_get, "ADD": extension_add, "UPDATE": extension_update,
                  "DELETE": extension_delete},
    "DID": {"LIST": did_list, "GET": did_get, "ADD": did_add, "UPDATE": did_update},
    "TENANT": {"LIST": tenant_list, "GET": tenant_get, "ADD": tenant_add, "UPDATE": tenant_update},
    "QUEUE": {"LIST": queue_list, "ADD": queue_add, "DELETE": queue_delete},
    "VOICEMAIL": {"LIST": voicemail_list, "LISTMESSAGES": voicemail_messages,
                  "GETMESSAGERECORDING": voicemail_recording, "ADD": voicemail_add, "DELETE": voicemail_delete},
    "MEDIAFILE": {"LIST": media_list, "GET": media_get, "GETBINARY": media_binary, "UPDATE": media_update,
                  "UPDATEBINARY": media_update_binary},
    "IVR": {"LIST": feature_list("IVR"), "GET": feature_get("IVR"), "GETDESTINATIONS": feature_destinations("IVR")},
    "CONDITION": {"LIST": feature_list("CONDITION"), "GET": feature_get("CONDITION"),
                  "GETDESTINATIONS": feature_destinations("CONDITION"), "GETEXTENDEDINFOS": condition_extended,
                  "REPLACEEXTENDEDINFOS": condition_replace_extended},
    "HUNTLIST": {"LIST": feature_list("HUNTLIST"), "GET": feature_get("HUNTLIST"),
                 "GETEXTENSIONS": feature_destinations("HUNTLIST"), "SETEXTENSIONS": huntlist_set_extensions},
    "DESTINATION": {"LIST": destination_list, "REPLACE": destination_replace},
    "PHONEBOOK": {"LIST": phonebook_list, "GET": phonebook_get, "ADD": phonebook_add, "DELETE": phonebook_delete},
    "USER": {"LIST": user_list, "GET": user_get, "ADD": user_add, "UPDATE": user_update, "DELETE": user_delete},
    "PROVIDER": {"LIST": provider_list, "GET": provider_get, "ADD": provider_add, "UPDATE": provider_update},
    "ROUTINGPROFILE": {"LIST": routing_profile_list, "GET": routing_profile_get, "LISTROUTES": routing_profile_routes,
                       "ADD": routing_profile_add, "UPDATE": routing_profile_update},
    "ROUTE": {"LIST": route_list, "GET": route_get, "ADD": route_add, "UPDATE": route_update},
    "PHONE": {"LIST": phone_list, "GET": phone_get, "ADD": phone_add, "UPDATE": phone_update},
    "CONFERENCE": {"LIST": conference_list, "GET": conference_get, "ADD": conference_add,
                   "UPDATE": conference_update, "DELETE": conference_delete},
    "PHONEPHONEBOOK": {"LIST": phone_phonebook_list, "GET": phone_phonebook_get},
}
# MiRTA accepts singular, plural and other spellings of an object's name.
ALIASES = {"EXTENSIONS": "EXTENSION", "DIDS": "DID", "TENANTS": "TENANT", "QUEUES": "QUEUE",
           "VOICEMAILS": "VOICEMAIL", "MEDIAFILES": "MEDIAFILE", "MEDIA": "MEDIAFILE", "IVRS": "IVR",
           "CONDITIONS": "CONDITION", "HUNTLISTS": "HUNTLIST", "DESTINATIONS": "DESTINATION",
           "PHONEBOOKS": "PHONEBOOK", "CUSTOMS": "CUSTOM", "CUSTOMTYPE": "CUSTOMTYPES", "USERS": "USER",
           "PROVIDERS": "PROVIDER", "ROUTINGPROFILES": "ROUTINGPROFILE", "ROUTES": "ROUTE", "PHONES": "PHONE",
           "CONFERENCES": "CONFERENCE", "CONFERENCEROOM": "CONFERENCE", "CONFERENCEROOMS": "CONFERENCE",
           "PHONEPHONEBOOKS": "PHONEPHONEBOOK"}


def managedb(ctx: Context) -> Reply:
    name = ctx.params.enum("object")
    actions = OBJECTS.get(ALIASES.get(name, name))
    if actions is None:
        raise Nothing()
    action = actions.get(ctx.params.enum("action"))
    if action is None:
        raise Nothing()
    try:
        return action(ctx)
    except core.DomainError:
        # Every refusal MANAGEDB meets prints nothing, a missing tenant included (the request-wide
        # table would answer that one with the security text).
        raise Nothing() from None


__all__ = ["OBJECTS", "delete_sql", "managedb", "update_sql"]
