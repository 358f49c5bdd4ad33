"""fuzz-client property: the export lists exactly the world's extensions, names intact."""

import json


def check(run):
    exported = json.loads(run.stdout)
    truth = run.truth("extensions")["extensions"]
    expected = [{"tenant": e["tenant"], "number": e["number"], "name": e["name"]} for e in truth]
    got = sorted(exported, key=lambda e: (e["tenant"], e["number"]))
    assert got == expected, f"exported {got!r}, the world holds {expected!r}"
