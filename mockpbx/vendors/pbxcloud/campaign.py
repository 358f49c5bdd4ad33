"""CAMPAIGN: run a dialer campaign and manage its numbers (``action=list`` is the mock's read view)."""

from __future__ import annotations

from collections.abc import Callable

from ...core import errors as core
from ...core.dialer import Dialer
from ...core.entities import Campaign, CampaignNumberStatus
from .answers import Answer, Table
from .context import Context
from .errors import Nothing
from .reply import Reply

NUMBER_COLUMNS = ("Campaign", "Status", "Number", "Description", "NumberStatus", "UniqueID")
NUMBER_STATUS = {
    CampaignNumberStatus.PENDING: "PENDING",
    CampaignNumberStatus.DIALING: "DIALING",
    CampaignNumberStatus.ANSWERED: "ANSWERED",
    CampaignNumberStatus.BUSY: "BUSY",
    CampaignNumberStatus.NO_ANSWER: "NO ANSWER",
    CampaignNumberStatus.FAILED: "FAILED",
}
_MOVES: dict[str, tuple[Callable[[Dialer, int], Campaign], str]] = {
    "START": (Dialer.start_campaign, "Success|Campaign started|"),
    "STOP": (Dialer.stop_campaign, "Success|Campaign stopped|"),
    "PAUSE": (Dialer.pause_campaign, "Success|Campaign paused|"),
    "RESUME": (Dialer.resume_campaign, "Success|Campaign resumed|"),
}
NUMBER_ADDED = "Success|Number added|"
NUMBER_REMOVED = "Success|Number removed|"


def _campaign(ctx: Context) -> Campaign:
    try:
        campaign = ctx.world.dialer.get_campaign(ctx.params.number("campaign"))
    except core.NotFound:
        raise Nothing() from None
    if ctx.tenant is not None and campaign.tenant_id != ctx.tenant.id:
        raise Nothing()
    return campaign


def _list(campaign: Campaign) -> Table:
    """The numbers as a table: pipe, csv, json records (``[]`` for none), no xml (INF)."""
    lines = [(str(campaign.id), campaign.status.value.upper(), n.number, n.description, NUMBER_STATUS[n.status],
              n.uniqueid) for n in campaign.numbers]
    return Table(NUMBER_COLUMNS, lines)


def campaign(ctx: Context) -> Answer:
    action = ctx.params.enum("action")
    world = ctx.world
    found = _campaign(ctx)
    if action == "LIST":
        return _list(found)
    if action in _MOVES:
        move, text = _MOVES[action]
        move(world.dialer, found.id)
        return Reply.text(text)
    if action == "ADDNUMBER":
        world.dialer.add_campaign_number(found.id, ctx.params.require("number").strip(),
                                         ctx.params.get("numberdescription"))
        return Reply.text(NUMBER_ADDED)
    if action == "DELNUMBER":
        world.dialer.remove_campaign_number(found.id, ctx.params.require("number").strip())
        return Reply.text(NUMBER_REMOVED)
    raise Nothing()
