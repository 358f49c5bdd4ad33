"""Who logs in to the PBX's web portal, with what, and the tenant settings and licence around them.

Portal users belong to a user profile (their group) and optionally to a tenant and an
extension (the phone a WebRTC client registers as). A password is checked as stored or as
its SHA-256 hex digest, since portals store either. Tokens let a user in without the
password: a single-use one is spent by the first check, a timed one lasts until it expires.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import math

from . import errors
from .base import Aggregate, of_tenant, verb
from .entities import AuthToken, PortalUser, UserProfile
from .uniqueness import folded, taken

DAY = 86_400


def _password_matches(stored: str, given: str) -> bool:
    digest = hashlib.sha256(given.encode("utf-8")).hexdigest()
    return hmac.compare_digest(stored, given) or hmac.compare_digest(stored.lower(), digest)


class Accounts(Aggregate):
    """Portal user profiles, users, their tokens, and tenant settings.

    Owns ``WorldState.user_profiles``, ``users``, ``auth_tokens`` and ``tenant_settings``.
    """


    # -- user profiles (groups) -----------------------------------------------------------

    @verb
    def create_user_profile(self, name: str) -> UserProfile:
        if not name:
            raise errors.InvalidArgument("a user profile needs a name", field="name")
        profile = UserProfile(self._ids.next("user_profile"), name)
        self._state.user_profiles[profile.id] = profile
        return profile

    @verb
    def list_user_profiles(self) -> list[UserProfile]:
        return list(self._state.user_profiles.values())

    @verb
    def get_user_profile(self, profile_id: int) -> UserProfile:
        try:
            return self._state.user_profiles[profile_id]
        except KeyError:
            raise errors.UserProfileNotFound("no such user profile", profile_id=profile_id) from None

    # -- portal users ---------------------------------------------------------------------

    def _require_free_username(self, username: str, except_user: int | None = None) -> None:
        if taken(username, (u.username for u in self._state.users.values() if u.id != except_user)):
            raise errors.UsernameTaken("username in use", username=username)

    @verb
    def create_user(self, username: str, password: str, profile_id: int, *, tenant_id: int | None = None,
                    extension_id: int | None = None, email: str = "") -> PortalUser:
        if not username or not password:
            raise errors.InvalidArgument("a user needs a username and a password", field="username")
        self._require_free_username(username)
        self.get_user_profile(profile_id)
        if tenant_id is not None and tenant_id not in self._state.tenants:
            raise errors.TenantNotFound("no such tenant", tenant_id=tenant_id)
        if extension_id is not None:
            extension = self._state.extensions.get(extension_id)
            if extension is None or extension.tenant_id != tenant_id:
                raise errors.ExtensionNotFound("no such extension in the user's tenant", extension_id=extension_id)
        user = PortalUser(self._ids.next("user"), username, password, profile_id, tenant_id, extension_id, email,
                          self._stamp())
        self._state.users[user.id] = user
        return user

    @verb
    def update_user(self, user_id: int, *, username: str | None = None, password: str | None = None,
                    profile_id: int | None = None, extension_id: int | None = None, email: str | None = None
                    ) -> PortalUser:
        """Change a user; the tenant stays, and a new extension must be in it."""
        user = self.get_user(user_id)
        if username is not None:
            self._require_free_username(username, except_user=user_id)
        if username == "" or password == "":
            raise errors.InvalidArgument("a user needs a username and a password", field="username")
        if profile_id is not None:
            self.get_user_profile(profile_id)
        if extension_id is not None:
            extension = self._state.extensions.get(extension_id)
            if extension is None or extension.tenant_id != user.tenant_id:
                raise errors.ExtensionNotFound("no such extension in the user's tenant", extension_id=extension_id)
        updated = dataclasses.replace(
            user, username=user.username if username is None else username,
            password=user.password if password is None else password,
            profile_id=user.profile_id if profile_id is None else profile_id,
            extension_id=user.extension_id if extension_id is None else extension_id,
            email=user.email if email is None else email)
        self._state.users[user_id] = updated
        return updated

    @verb
    def delete_user(self, user_id: int) -> None:
        """Remove a user and the tokens that would log in as them."""
        self.get_user(user_id)
        del self._state.users[user_id]
        for token in [t for t, found in self._state.auth_tokens.items() if found.user_id == user_id]:
            del self._state.auth_tokens[token]

    @verb
    def detach_extension(self, extension_id: int) -> None:
        """The extension is gone: its users keep their login but lose their phone."""
        for user in [u for u in self._state.users.values() if u.extension_id == extension_id]:
            self._state.users[user.id] = dataclasses.replace(user, extension_id=None)

    @verb
    def list_users(self, tenant_id: int | None = None) -> list[PortalUser]:
        return of_tenant(self._state.users.values(), tenant_id)

    @verb
    def get_user(self, user_id: int) -> PortalUser:
        try:
            return self._state.users[user_id]
        except KeyError:
            raise errors.UserNotFound("no such user", user_id=user_id) from None

    @verb
    def find_user(self, username: str) -> PortalUser:
        """By login name; logins ignore case, as the portal's MySQL collation does."""
        wanted = folded(username)
        for user in self._state.users.values():
            if folded(user.username) == wanted:
                return user
        raise errors.UserNotFound("no such user", username=username)

    @verb
    def check_credentials(self, username: str, password: str, *, tenant_id: int | None = None) -> PortalUser:
        """The user these credentials open; with ``tenant_id``, only that tenant's users count."""
        try:
            user = self.find_user(username)
        except errors.UserNotFound:
            raise errors.InvalidCredentials("wrong username or password") from None
        if tenant_id is not None and user.tenant_id != tenant_id:
            raise errors.InvalidCredentials("wrong username or password")
        if not password or not _password_matches(user.password, password):
            raise errors.InvalidCredentials("wrong username or password")
        return user

    # -- tokens ---------------------------------------------------------------------------

    @verb
    def issue_auth_token(self, user_id: int, *, valid_seconds: int | None = None) -> AuthToken:
        """A single-use token when ``valid_seconds`` is None, else one that expires."""
        self.get_user(user_id)
        if valid_seconds is not None and valid_seconds <= 0:
            raise errors.InvalidArgument("a token must be valid for some time", field="validity")
        now = self._stamp()
        token = AuthToken(self._ids.token(32), user_id, now, single_use=valid_seconds is None,
                          expires_at=None if valid_seconds is None else now + valid_seconds)
        self._state.auth_tokens[token.token] = token
        return token

    @verb
    def redeem_auth_token(self, token: str, *, tenant_id: int | None = None) -> PortalUser:
        """The token's user; a single-use token is spent, an expired one is forgotten.

        With ``tenant_id``, another tenant's token is unknown here and stays unspent.
        """
        found = self._state.auth_tokens.get(token)
        owner = None if found is None else self._state.users.get(found.user_id)
        if found is None or (tenant_id is not None and (owner is None or owner.tenant_id != tenant_id)):
            raise errors.InvalidCredentials("unknown token")
        if found.expires_at is not None and self._stamp() >= found.expires_at:
            del self._state.auth_tokens[token]
            raise errors.InvalidCredentials("token expired")
        if owner is None or found.single_use:
            del self._state.auth_tokens[token]
        if owner is None:
            raise errors.InvalidCredentials("token of a deleted user")
        return owner

    @verb
    def reset_auth_tokens(self, user_id: int) -> int:
        """Revoke every token of the user; how many there were."""
        self.get_user(user_id)
        spent = [t for t, token in self._state.auth_tokens.items() if token.user_id == user_id]
        for token in spent:
            del self._state.auth_tokens[token]
        return len(spent)

    @verb
    def list_auth_tokens(self, user_id: int | None = None) -> list[AuthToken]:
        return [t for t in self._state.auth_tokens.values() if user_id is None or t.user_id == user_id]

    # -- tenant settings ------------------------------------------------------------------

    @verb
    def tenant_setting(self, tenant_id: int, code: str) -> str | None:
        """The value set for ``code``, or None when it was never set (the vendor's default applies)."""
        if tenant_id not in self._state.tenants:
            raise errors.TenantNotFound("no such tenant", tenant_id=tenant_id)
        return self._state.tenant_settings.get(tenant_id, {}).get(code)

    @verb
    def set_tenant_setting(self, tenant_id: int, code: str, value: str) -> str:
        if tenant_id not in self._state.tenants:
            raise errors.TenantNotFound("no such tenant", tenant_id=tenant_id)
        if not code:
            raise errors.InvalidArgument("a setting needs a code", field="code")
        self._state.tenant_settings.setdefault(tenant_id, {})[code] = value
        return value

    # -- licence --------------------------------------------------------------------------

    @verb
    def licence_days_left(self) -> int | None:
        """Whole days until the licence runs out, counting a started day (0 once expired); None: no licence."""
        expires = self._state.settings.licence_expires_at
        if expires is None:
            return None
        return max(0, math.ceil((expires - self._now()) / DAY))
