"""``pbxware.ext.es.<service>.*``: an extension's enhanced services, from one table.

Every service has ``set``/``get`` (the service on or off) and ``set_osc``/``get_osc``
(whether the user may toggle it with an on-screen/star code). Fourteen also have
``configuration`` and ``edit``. State lives in ``Extension.services[<service>]``: the
switch is ``enabled``; the OSC switch and every edited field are ``settings`` strings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

from ....core.entities import EnhancedService, Extension
from ....core.numerals import whole_number
from ._extension import peers_of, target_extension, target_extensions
from .common import invalid, matches
from .registry import ActionContext, ActionTable, PbxwareError

OSC_SETTING = "osc"
# Set when the service is on behind the extension's PIN rather than plainly on.
PIN_SETTING = "pin"


class Shape(Enum):
    """How a stored string is rendered in ``configuration``."""

    TEXT = "text"  # "15"
    NULLABLE = "nullable"  # "1" or null while never set
    NUMBER = "number"  # 0
    LIST = "list"  # "422,423" -> ["422", "423"]
    COLON_LIST = "colon_list"  # "7777:8888" -> ["7777", "8888"]


@dataclass(frozen=True, slots=True)
class Setting:
    """One configuration field; ``param`` is its ``edit`` parameter when that differs."""

    name: str
    shape: Shape = Shape.TEXT
    default: str = ""
    regex: str | None = None
    required: bool = False
    param: str | None = None
    # Stored from ``edit`` but not shown by ``configuration`` (it shows a composed field instead).
    shown: bool = True
    # A shown field computed from the stored ones; it is not an ``edit`` parameter itself.
    compose: Callable[[dict[str, str | None]], str] | None = None

    @property
    def edit_param(self) -> str:
        return self.param or self.name


@dataclass(frozen=True, slots=True)
class Service:
    name: str
    title: str
    settings: tuple[Setting, ...] = ()
    # Parameters whose lists must have as many items as each other.
    same_size: tuple[tuple[str, ...], ...] = ()
    has_edit: bool = False
    # The key ``edit`` answers "OK" under; Bicom's phonecallback reuses instrecord's.
    edit_key: str | None = None
    success: str = "{title}."
    # Fields whose default comes from the world (the tenant's other extensions).
    derived: dict[str, Callable[[list[str]], str]] = field(default_factory=dict)
    # Four services can also be switched on behind the extension's PIN (state=pin).
    pin_state: bool = False

    @property
    def has_configuration(self) -> bool:
        return bool(self.settings)


LIST_DIGITS = r"^(,|\d+)+$"
# Call forwarding's conditions, in the order its configuration joins them with "|".
CALLFWD_CONDITIONS = ("uncond", "busy", "noansw", "unavail")
ZERO_ONE = r"^(0|1)$"
DIGITS = r"^\d+$"
DIAL_OPTIONS = r"^[tTr]+$"
LABELS = r"^(,|([\+\w\s]+(\s*<[\+\d]+>)?))+$"


def _per_condition(values: dict[str, str | None], kind: str) -> str:
    return "|".join(values.get(f"{condition}_{kind}") or "" for condition in CALLFWD_CONDITIONS)


def _list(name: str, *, regex: str | None = LIST_DIGITS, required: bool = True) -> Setting:
    return Setting(name, Shape.LIST, regex=regex, required=required)


SERVICES: tuple[Service, ...] = (
    Service(
        "callerid", "Caller ID",
        (
            Setting("callerid", required=True),
            Setting("emergencycid"),
            Setting("anums", Shape.COLON_LIST, regex=r"^(:|(([\+]?[\d\s])+))+$"),
            Setting("alabels", Shape.COLON_LIST, regex=r"^(:|([\+\w\s]+(\s*<[\+\d]+>)?))+$"),
            Setting("acodes", Shape.COLON_LIST, regex=r"^(([\d]?(:([\d])?)+)|[\d])$"),
            Setting("trunks", Shape.COLON_LIST, regex=r"^(:|[a-zA-Z0-9_.-]+)+$"),
            Setting("tcallerids", Shape.COLON_LIST, regex=r"^(:|([\+\w\s]+(\s*<[\+\d]+>)?))+$"),
            Setting("tprivacies", Shape.COLON_LIST, regex=r"^(:|[0-4])+$"),
        ),
        same_size=(("trunks", "tcallerids"), ("anums", "alabels")),
        has_edit=True, success="Caller ID: {callerid}",
    ),
    Service(
        "callfilters", "Call Filters & Blocking",
        (
            _list("callers", regex=None),
            _list("dtypes", regex=r"^(,|call forward number|no answer|busy|voicemail|not in service)+$"),
            _list("destinations"),
            Setting("telemarketer", default="0", regex=ZERO_ONE),
        ),
        same_size=(("callers", "dtypes", "destinations"),), has_edit=True,
    ),
    Service(
        "callscreening", "Call Screening",
        (
            Setting("timeout", default="15", regex=DIGITS),
            Setting("dopts", default="Tr", regex=DIAL_OPTIONS),
            Setting("dtype", default="0", regex=ZERO_ONE, param="dtypes"),
            Setting("replacecid", regex=DIGITS),
            Setting("preamble", default="0", regex=DIGITS),
            Setting("greeting", regex=r"^.+$"),
            Setting("pausebeforerec", default="0", regex=r"^([0-9]|10)$"),
            Setting("recordlen", default="30", regex=DIGITS, required=True),
            Setting("greetingwithname", default="no", regex=r"^(yes|no)$"),
            Setting("lastd", regex=DIGITS),
            Setting("voicemail", default="0", regex=ZERO_ONE),
            _list("destinations"),
            _list("delays"),
            _list("suspends", regex=r"^(,|0|1)+$"),
        ),
        same_size=(("destinations", "delays", "suspends"),), has_edit=True,
    ),
    Service(
        "dnd", "Do Not Disturb",
        (
            Setting("dnd", default="0", regex=r"^(0|1|2)$", required=True),
            Setting("dst", regex=DIGITS),
            Setting("dsttype", default="voicemail", regex=r"^(voicemail|call forward)$"),
            Setting("duration", Shape.NULLABLE, regex=DIGITS),
        ),
        has_edit=True,
    ),
    Service("callpickup", "Call Pickup", pin_state=True),
    Service("lastcaller", "Last Caller", pin_state=True),
    Service(
        "callfwd", "Call Forwarding",
        (
            Setting("enabled", regex=r"^(,|unconditional|busy|no answer|line unavailable)+$"),
            Setting("destinations", compose=lambda values: _per_condition(values, "dests")),
            Setting("timeouts", compose=lambda values: _per_condition(values, "timeouts")),
            Setting("play", Shape.NUMBER, default="0", regex=ZERO_ONE),
            Setting("cid", Shape.NUMBER, default="0", regex=ZERO_ONE),
            *(
                Setting(f"{condition}_{kind}", regex=LIST_DIGITS, shown=False)
                for kind in ("dests", "timeouts")
                for condition in CALLFWD_CONDITIONS
            ),
        ),
        has_edit=True, pin_state=True,
    ),
    Service(
        "followme", "Follow Me",
        (
            _list("destinations"),
            _list("timeouts"),
            Setting("dopts", default="t", regex=DIAL_OPTIONS),
            Setting("lastd", regex=DIGITS),
            Setting("voicemail", default="0", regex=ZERO_ONE),
            Setting("confirm_calls", default="0", regex=ZERO_ONE),
        ),
        same_size=(("destinations", "timeouts"),), has_edit=True,
    ),
    Service(
        "instrecord", "Instant Recording",
        (
            Setting("silent", default="0", regex=ZERO_ONE, required=True),
            Setting("emailrec", default="0", regex=ZERO_ONE, required=True),
        ),
        has_edit=True,
    ),
    Service(
        "remoteaccess", "Remote Access",
        (
            _list("callerids"),
            _list("pins", regex=r"^(,|0|1)+$"),
            Setting("requirepin", default="1", regex=ZERO_ONE, required=True),
            Setting("timeout", regex=DIGITS),
            Setting("dopts", regex=DIAL_OPTIONS),
        ),
        same_size=(("callerids", "pins"),), has_edit=True,
    ),
    Service(
        "phonecallback", "Phone Callback",
        (_list("callerids", regex=None), _list("numbers", regex=None)),
        same_size=(("callerids", "numbers"),), has_edit=True, edit_key="instrecord",
    ),
    Service(
        "grouphunt", "Group Hunt",
        (
            _list("destinations"),
            _list("delays"),
            _list("suspends"),
            Setting("dopts", default="t", regex=DIAL_OPTIONS),
            Setting("lastd", regex=DIGITS),
            Setting("timeout", default="20", regex=DIGITS),
            Setting("voicemail", default="0", regex=ZERO_ONE),
            Setting("confirmcalls", default="0", regex=ZERO_ONE),
        ),
        same_size=(("destinations", "delays", "suspends"),), has_edit=True,
    ),
    Service(
        "mobilenumbers", "Mobile Numbers",
        (_list("mobiles"), _list("labels", regex=LABELS)),
        same_size=(("mobiles", "labels"),), has_edit=True,
    ),
    Service(
        "sppage", "Speakerphone Page",
        (_list("extensions", required=False), Setting("quiet", Shape.NUMBER, default="0", regex=ZERO_ONE)),
        has_edit=True, derived={"extensions": lambda peers: ",".join(peers)}, pin_state=True,
    ),
    Service(
        "blflist", "BLF List",
        (
            _list("exts", required=False),
            _list("labels", regex=LABELS, required=False),
            _list("functions", required=False),
            _list("blfs", regex=r"^[0-1](,[0-1])*$", required=False),
            Setting("blf_start", Shape.NUMBER, default="1", regex=r"^\d{1,2}$"),
            Setting("blf_cleanup", Shape.NUMBER, default="0", regex=r"^[0-1]$"),
            Setting("cart_only", Shape.NUMBER, default="0", regex=r"^[0-1]$"),
        ),
        has_edit=True,
    ),
    Service(
        "speeddial", "Speed Dial",
        (_list("codes"), _list("names", regex=r"^(,|[\w\s]+)+$"), _list("destinations")),
        same_size=(("codes", "names", "destinations"),), has_edit=True,
    ),
    Service("delrecordings", "Delete Recordings"),
    Service("listenrecordings", "Listen to Recordings"),
    Service("operationtimes", "System Operation Times"),
    Service(
        "extoperationtimes", "Extension Operation Times",
        (
            Setting("timeout"),
            Setting("dial_opts"),
            Setting("sequential"),
            Setting("last_dest"),
            _list("destinations", required=False),
            _list("ot_time_from", required=False),
            _list("ot_time_to", required=False),
            _list("ot_days_array", required=False),
        ),
    ),
    Service("callmonitoring", "Call Monitoring"),
    Service("wakeupcall", "Wake-up Call"),
    Service("opwakeupcall", "Operator Wake-up Call"),
    Service("sppagegroups", "Speakerphone Page Groups"),
    Service("smsnotifications", "SMS Notifications"),
)


def _split(value: str, separator: str) -> list[str]:
    return value.split(separator) if value else []


def _render(setting: Setting, value: str | None) -> object:
    if setting.shape is Shape.NULLABLE:
        return value
    text = value or ""
    if setting.shape is Shape.NUMBER:
        return whole_number(text) or 0
    if setting.shape is Shape.LIST:
        return _split(text, ",")
    if setting.shape is Shape.COLON_LIST:
        return _split(text, ":")
    return text


def _stored(service: Service, ext: Extension, peers: list[str]) -> dict[str, str | None]:
    current = ext.services.get(service.name, EnhancedService()).settings
    values: dict[str, str | None] = {}
    for setting in service.settings:
        if setting.name in current:
            values[setting.name] = current[setting.name]
        elif setting.name in service.derived:
            values[setting.name] = service.derived[setting.name](peers)
        elif setting.shape is Shape.NULLABLE:
            values[setting.name] = None
        else:
            values[setting.name] = setting.default
    for setting in service.settings:
        if setting.compose is not None:
            values[setting.name] = setting.compose(values)
    return values


def configuration(service: Service, ext: Extension, peers: list[str]) -> dict[str, object]:
    values = _stored(service, ext, peers)
    return {s.name: _render(s, values[s.name]) for s in service.settings if s.shown}


def _edits(service: Service, params: dict[str, str]) -> dict[str, str]:
    """The validated changes an ``edit`` request asks for; raises before anything is stored."""
    changes: dict[str, str] = {}
    for setting in service.settings:
        if setting.compose is not None:
            continue
        name = setting.edit_param
        # Bicom's own requests send required lists empty (phonecallback), so present is enough.
        if name not in params:
            if setting.required:
                raise PbxwareError(f"Required field '{name}' is missing")
            continue
        value = params[name]
        if setting.regex is not None and (value != "" or setting.required):
            if not matches(setting.regex, value):
                raise invalid(name, value, setting.regex)
        changes[setting.name] = value
    for group in service.same_size:
        present = [name for name in group if name in params]
        if len(present) < 2:
            continue
        sizes = {len(_split(params[name], ":" if _colon(service, name) else ",")) for name in present}
        if len(sizes) > 1:
            raise PbxwareError(f"Fields {_join(present)} must match in size")
    return changes


def _colon(service: Service, param: str) -> bool:
    return any(s.edit_param == param and s.shape is Shape.COLON_LIST for s in service.settings)


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _switch(ext: Extension, service: Service) -> str:
    current = ext.services.get(service.name, EnhancedService())
    if not current.enabled:
        return "no"
    return "pin" if current.settings.get(PIN_SETTING) == "1" else "yes"


def _state(ctx: ActionContext, pattern: str) -> str | None:
    """The requested yes/no, or None when ``state`` is sent empty (Bicom's callerid.set does)."""
    if "state" not in ctx.params:
        raise PbxwareError("Required field 'state' is missing")
    raw = ctx.params["state"]
    if raw == "":
        return None
    if not matches(pattern, raw):
        raise invalid("state", raw, pattern)
    return {"1": "yes", "0": "no"}.get(raw, raw)


def _peers(ctx: ActionContext, ext: Extension) -> list[str]:
    return peers_of(ctx.world.directory.list_extensions(ext.tenant_id), ext)


def register(table: ActionTable) -> None:
    for service in SERVICES:
        _register_service(table, service)


def _register_service(table: ActionTable, service: Service) -> None:
    prefix = f"pbxware.ext.es.{service.name}"

    def set_state(ctx: ActionContext) -> object:
        wanted = _state(ctx, r"^(yes|no|pin)$" if service.pin_state else r"^(yes|no)$")
        extensions = target_extensions(ctx)
        for ext in extensions:
            if wanted is not None:
                ctx.world.directory.set_enhanced_service(ext.id, service.name, enabled=wanted != "no",
                                                         settings={PIN_SETTING: "1" if wanted == "pin" else "0"})
        first = ctx.world.directory.get_extension(extensions[0].id)
        state = _switch(first, service)
        return {"success": f"{service.title} state: {state}.", "state": state}

    def get_state(ctx: ActionContext) -> object:
        return {"state": _switch(target_extension(ctx), service)}

    def set_osc(ctx: ActionContext) -> object:
        wanted = _state(ctx, r"^(yes|no|1|0)$")
        extensions = target_extensions(ctx)
        for ext in extensions:
            if wanted is not None:
                ctx.world.directory.set_enhanced_service(ext.id, service.name, settings={OSC_SETTING: wanted})
        first = ctx.world.directory.get_extension(extensions[0].id)
        state = first.services.get(service.name, EnhancedService()).settings.get(OSC_SETTING, "no")
        return {"success": f"{service.title} OSC state: {state}.", "state": state}

    def get_osc(ctx: ActionContext) -> object:
        ext = target_extension(ctx)
        return {"state": ext.services.get(service.name, EnhancedService()).settings.get(OSC_SETTING, "no")}

    table.action(f"{prefix}.set")(set_state)
    table.action(f"{prefix}.get")(get_state)
    table.action(f"{prefix}.set_osc")(set_osc)
    table.action(f"{prefix}.get_osc")(get_osc)

    if service.has_configuration:

        def show(ctx: ActionContext) -> object:
            ext = target_extension(ctx)
            return configuration(service, ext, _peers(ctx, ext))

        table.action(f"{prefix}.configuration")(show)

    if service.has_edit:

        def edit(ctx: ActionContext) -> object:
            extensions = target_extensions(ctx)
            changes = _edits(service, ctx.params)
            for ext in extensions:
                ctx.world.directory.set_enhanced_service(ext.id, service.name, settings=changes)
            message = service.success.format(title=service.title, **{k: v for k, v in changes.items()})
            return {"success": message, service.edit_key or service.name: "OK"}

        table.action(f"{prefix}.edit")(edit)
