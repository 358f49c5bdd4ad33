"""fuzz-client property: the sync's totals must be the world's, as the truth view tells them."""

import json


def check(run):
    totals = json.loads(run.stdout)
    truth = run.truth("cdrs")
    assert totals["calls"] == truth["count"], f"synced {totals['calls']} CDRs, the world holds {truth['count']}"
    assert totals["billsec"] == truth["billsec"], f"synced {totals['billsec']} s, the world holds {truth['billsec']}"
