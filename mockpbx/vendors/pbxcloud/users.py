"""The portal-user requests: USERGROUP, CHECKAUTH, AUTHTOKEN and GETWEBRTCAUTH."""

from __future__ import annotations

from ...core import errors as core
from ...core.entities import PortalUser
from ...core.numerals import whole_number
from .answers import Answer, Pairs, Record
from .context import Context, Need
from .errors import Nothing
from .params import Params
from .reply import Reply
from .rows import when

# A year of seconds: the longest a timed token may last.
MAX_TOKEN_SECONDS = 366 * 86_400


def user_groups(ctx: Context) -> Pairs:
    """The groups the tenant's users belong to; the admin key without a tenant sees every group."""
    profiles = ctx.world.accounts.list_user_profiles()
    if ctx.tenant is not None:
        used = {u.profile_id for u in ctx.world.accounts.list_users(ctx.tenant.id)}
        profiles = [p for p in profiles if p.id in used]
    return Pairs({str(p.id): p.name for p in profiles})


def _authenticated(ctx: Context) -> PortalUser:
    """The user named by ``token``, or by ``user`` and ``password``; only the request tenant's users."""
    params = ctx.params
    try:
        if params.has("token"):
            return ctx.world.accounts.redeem_auth_token(params.get("token").strip(), tenant_id=ctx.tenant_id)
        return ctx.world.accounts.check_credentials(params.require("user").strip(), params.require("password"),
                                                    tenant_id=ctx.tenant_id)
    except core.InvalidCredentials:
        raise Nothing() from None


def _user_info(ctx: Context, user: PortalUser) -> dict[str, str | None]:
    profile = ctx.world.accounts.get_user_profile(user.profile_id)
    tenant = None if user.tenant_id is None else ctx.world.tenancy.get_tenant(user.tenant_id)
    return {
        "us_id": str(user.id),
        "us_username": user.username,
        "us_up_id": str(profile.id),
        "up_name": profile.name,
        "us_te_id": None if tenant is None else str(tenant.id),
        "te_code": None if tenant is None else tenant.code,
    }


def _answer(info: dict[str, str | None]) -> Record:
    return Record(info, prefix="Success|")


def login_need(params: Params) -> Need:
    """A login by token may spend a single-use token, so it needs a read/write key; by password, a read key."""
    return Need.WRITE if params.has("token") else Need.READ


def check_auth(ctx: Context) -> Record:
    return _answer(_user_info(ctx, _authenticated(ctx)))


def _named_user(ctx: Context) -> PortalUser:
    try:
        user = ctx.world.accounts.find_user(ctx.params.require("user").strip())
    except core.UserNotFound:
        raise Nothing() from None
    if ctx.tenant is not None and user.tenant_id != ctx.tenant.id:
        raise Nothing()
    return user


def _validity(params: Params) -> int | None:
    """``ONCE`` (the default): a single-use token; a number: seconds it stays valid."""
    word = params.enum("validity", "ONCE")
    if word == "ONCE":
        return None
    seconds = whole_number(word)
    if seconds is None or not 0 < seconds <= MAX_TOKEN_SECONDS:
        raise Nothing()
    return seconds


def auth_token(ctx: Context) -> Answer:
    action = ctx.params.enum("action")
    if action not in ("GENERATE", "RESET"):
        raise Nothing()
    user = _named_user(ctx)
    if action == "RESET":
        return Reply.text(f"Success|{ctx.world.accounts.reset_auth_tokens(user.id)} tokens reset|")
    seconds = _validity(ctx.params)
    token = ctx.world.accounts.issue_auth_token(user.id, valid_seconds=seconds)
    # Text prints the token alone; json the token with its user, validity and expiry.
    return Record({"token": token.token, "us_username": user.username,
                   "validity": "ONCE" if seconds is None else str(seconds),
                   "expires": when(token.expires_at)}, prefix="Success|", shown=("token",))


def webrtc_auth(ctx: Context) -> Record:
    """The SIP account a WebRTC phone registers as: the extension linked to the portal user."""
    user = _authenticated(ctx)
    if user.extension_id is None or user.tenant_id is None:
        raise Nothing()
    try:
        extension = ctx.world.directory.get_extension(user.extension_id)
    except core.ExtensionNotFound:
        raise Nothing() from None
    tenant = ctx.world.tenancy.get_tenant(user.tenant_id)
    return _answer({
        "username": f"{extension.number}-{tenant.code}",
        "password": extension.secret,
        "displayname": extension.name,
        "extension": extension.number,
        "tenant": tenant.code,
        "tech": extension.tech.value,
    })
