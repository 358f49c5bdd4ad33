"""Dialer campaigns: a list of numbers called one by one, on the world's clock, while the campaign runs."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from . import errors
from .base import Aggregate, of_tenant, verb
from .entities import Campaign, CampaignNumber, CampaignNumberStatus, CampaignStatus, Disposition

if TYPE_CHECKING:
    from .world import World

# Seconds between the dialer's looks at a campaign: settle the last call, place the next.
DIAL_GAP_SECONDS = 5
_AFTER_CALL = {
    Disposition.ANSWERED: CampaignNumberStatus.ANSWERED,
    Disposition.BUSY: CampaignNumberStatus.BUSY,
    Disposition.NO_ANSWER: CampaignNumberStatus.NO_ANSWER,
    Disposition.FAILED: CampaignNumberStatus.FAILED,
}


class Dialer(Aggregate):
    """Dialer campaigns. Owns ``WorldState.campaigns``; places its calls through the world's
    telephony verbs and reads their outcome there."""


    def __init__(self, world: World) -> None:
        super().__init__(world)
        self._calls = world  # telephony and the directory are still the world's own verbs
        world.on_event("campaign_dial", self._on_campaign_dial)

    @verb
    def forget_tenant(self, tenant_id: int) -> None:
        """A deleted tenant's campaigns go."""
        for key in [k for k, v in self._state.campaigns.items() if v.tenant_id == tenant_id]:
            del self._state.campaigns[key]

    @verb
    def create_campaign(self, tenant_id: int, name: str, source: str,
                        numbers: tuple[tuple[str, str], ...] = ()) -> Campaign:
        """A stopped campaign calling from extension ``source``; ``numbers`` are (number, description)."""
        if tenant_id not in self._state.tenants:
            raise errors.TenantNotFound("no such tenant", tenant_id=tenant_id)
        if not self._calls.directory.has_extension(tenant_id, source):
            raise errors.ExtensionNotFound("no such source extension", number=source)
        campaign = Campaign(self._ids.next("campaign"), tenant_id, name, source)
        self._state.campaigns[campaign.id] = campaign
        for number, description in numbers:
            self.add_campaign_number(campaign.id, number, description)
        return self._state.campaigns[campaign.id]

    @verb
    def get_campaign(self, campaign_id: int) -> Campaign:
        campaign = self._state.campaigns.get(campaign_id)
        if campaign is None:
            raise errors.NotFound("no such campaign", campaign_id=campaign_id)
        return campaign

    @verb
    def list_campaigns(self, tenant_id: int | None = None) -> list[Campaign]:
        return of_tenant(self._state.campaigns.values(), tenant_id)

    @verb
    def add_campaign_number(self, campaign_id: int, number: str, description: str = "") -> CampaignNumber:
        campaign = self.get_campaign(campaign_id)
        if not (number and number.isascii() and number.lstrip("+").isdigit() and len(number) <= 20):
            raise errors.InvalidArgument("number must be digits", field="number")
        entry = CampaignNumber(self._ids.next("campaign_number"), number, description)
        self._save(dataclasses.replace(campaign, numbers=(*campaign.numbers, entry)))
        self._keep_dialing(campaign_id)
        return entry

    @verb
    def remove_campaign_number(self, campaign_id: int, number: str) -> int:
        """Drop the number's entries not being dialled right now; returns how many went."""
        campaign = self.get_campaign(campaign_id)
        kept = tuple(n for n in campaign.numbers
                     if n.number != number or n.status is CampaignNumberStatus.DIALING)
        removed = len(campaign.numbers) - len(kept)
        if not removed:
            raise errors.NotFound("number not in the campaign", number=number)
        self._save(dataclasses.replace(campaign, numbers=kept))
        return removed

    @verb
    def start_campaign(self, campaign_id: int) -> Campaign:
        return self._move(campaign_id, (CampaignStatus.STOPPED,), CampaignStatus.RUNNING)

    @verb
    def pause_campaign(self, campaign_id: int) -> Campaign:
        return self._move(campaign_id, (CampaignStatus.RUNNING,), CampaignStatus.PAUSED)

    @verb
    def resume_campaign(self, campaign_id: int) -> Campaign:
        return self._move(campaign_id, (CampaignStatus.PAUSED,), CampaignStatus.RUNNING)

    @verb
    def stop_campaign(self, campaign_id: int) -> Campaign:
        """Stop dialling; a call in progress finishes and its number still gets its status."""
        return self._move(campaign_id, (CampaignStatus.RUNNING, CampaignStatus.PAUSED), CampaignStatus.STOPPED)

    def _move(self, campaign_id: int, sources: tuple[CampaignStatus, ...], target: CampaignStatus) -> Campaign:
        campaign = self.get_campaign(campaign_id)
        if campaign.status not in sources:
            raise errors.InvalidState(f"campaign is {campaign.status.value}", campaign_id=campaign_id)
        self._save(dataclasses.replace(campaign, status=target))
        self._keep_dialing(campaign_id)
        return self._state.campaigns[campaign_id]

    def _save(self, campaign: Campaign) -> None:
        self._state.campaigns[campaign.id] = campaign

    def _keep_dialing(self, campaign_id: int) -> None:
        """Make sure one dialer tick is pending while the campaign has work; never two."""
        campaign = self._state.campaigns[campaign_id]
        if campaign.ticking or not _has_work(campaign):
            return
        self._save(dataclasses.replace(campaign, ticking=True))
        self._schedule(DIAL_GAP_SECONDS, "campaign_dial", campaign_id)

    def _on_campaign_dial(self, campaign_id: int) -> None:
        campaign = self._state.campaigns.get(campaign_id)
        if campaign is None:
            return
        campaign = self._settle(campaign)
        in_call = any(n.status is CampaignNumberStatus.DIALING for n in campaign.numbers)
        if campaign.status is CampaignStatus.RUNNING and not in_call:
            campaign = self._dial_next(campaign)
        if _has_work(campaign):
            self._schedule(DIAL_GAP_SECONDS, "campaign_dial", campaign_id)
        else:
            campaign = dataclasses.replace(campaign, ticking=False)
        self._save(campaign)

    def _settle(self, campaign: Campaign) -> Campaign:
        """Give each number whose call has ended the call's outcome."""
        live = {c.uniqueid for c in self._calls.telephony.live_calls()}
        numbers = []
        for entry in campaign.numbers:
            if entry.status is CampaignNumberStatus.DIALING and entry.uniqueid not in live:
                outcome = self._calls.telephony.recorded_disposition(entry.uniqueid) or Disposition.FAILED
                entry = dataclasses.replace(entry, status=_AFTER_CALL[outcome])
            numbers.append(entry)
        return dataclasses.replace(campaign, numbers=tuple(numbers))

    def _dial_next(self, campaign: Campaign) -> Campaign:
        numbers = list(campaign.numbers)
        for position, entry in enumerate(numbers):
            if entry.status is not CampaignNumberStatus.PENDING:
                continue
            try:
                call = self._calls.telephony.originate_call(campaign.tenant_id, campaign.source, entry.number)
                numbers[position] = dataclasses.replace(entry, status=CampaignNumberStatus.DIALING,
                                                        uniqueid=call.uniqueid)
            except errors.DomainError:
                numbers[position] = dataclasses.replace(entry, status=CampaignNumberStatus.FAILED)
            break
        return dataclasses.replace(campaign, numbers=tuple(numbers))


def _has_work(campaign: Campaign) -> bool:
    """A call to settle, or numbers left to dial while running."""
    statuses = {n.status for n in campaign.numbers}
    if CampaignNumberStatus.DIALING in statuses:
        return True
    return campaign.status is CampaignStatus.RUNNING and CampaignNumberStatus.PENDING in statuses
