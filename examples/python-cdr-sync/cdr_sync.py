"""A small billing sync: download every PBXware CDR and print the totals a billing run needs.

It reads MOCKPBX_URL and MOCKPBX_PBXWARE_KEY (mockpbx fuzz-client exports both) and prints one
JSON line: {"calls": <CDRs downloaded>, "billsec": <billed seconds>}.

PLANTED BUG (for the README's fuzz-client walk-through): it numbers pages from 0, as many APIs
do. PBXware numbers them from 1 and reads page 0 as page 1, so once there is more than one page
the first page is counted twice. The fix is FIRST_PAGE = 1.
"""

import json
import os
import sys
import urllib.parse
import urllib.request

FIRST_PAGE = 0
LIMIT = 16


def download(base_url: str, key: str) -> list[list[str]]:
    rows: list[list[str]] = []
    page = FIRST_PAGE
    while True:
        query = urllib.parse.urlencode({"apikey": key, "action": "pbxware.cdr.download", "start": "Jan-01-2000",
                                        "end": "Dec-31-2030", "limit": LIMIT, "page": page})
        with urllib.request.urlopen(f"{base_url}/?{query}", timeout=30) as answer:
            body = json.loads(answer.read())
        if isinstance(body, dict) and "error" in body:
            raise SystemExit(f"PBXware refused: {body['error']}")
        rows.extend(body["csv"])
        if not body["next_page"]:
            return rows
        page += 1


def main() -> int:
    rows = download(os.environ["MOCKPBX_URL"], os.environ["MOCKPBX_PBXWARE_KEY"])
    # Columns of cdr.download: Tenant, From, To, Date/Time, Total Duration, Rating Duration, ...
    print(json.dumps({"calls": len(rows), "billsec": sum(int(row[5]) for row in rows)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
