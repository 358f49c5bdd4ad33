// A small phone-directory export: list every MiRTA tenant's extensions as JSON.
//
// It reads MOCKPBX_URL, MOCKPBX_PBXCLOUD_KEY and MOCKPBX_TENANTS (mockpbx fuzz-client exports
// them) and prints [{"tenant", "number", "name"}, ...].
//
// PLANTED BUG (for the README's fuzz-client walk-through): it asks for MiRTA's plain table and
// splits each line on "|". MiRTA prints names as they are, with no escaping, so a name with a
// pipe or a line break shifts or splits the row. The fix is to ask for format=json.
"use strict";

const FORMAT = "plain";

async function extensions(base, key, tenant) {
  const query = new URLSearchParams({ key, reqtype: "INFO", info: "extensions", tenant });
  if (FORMAT === "json") query.set("format", "json");
  const answer = await fetch(`${base}/pbx/proxyapi.php?${query}`);
  const text = await answer.text();
  if (text === "") return [];
  if (FORMAT === "json") {
    return JSON.parse(text).map((row) => ({ tenant, number: row.ex_number, name: row.ex_name }));
  }
  const lines = text.split("\n").filter((line) => line !== "");
  return lines.slice(1).map((line) => {
    const [number, name] = line.split("|");
    return { tenant, number, name };
  });
}

async function main() {
  const base = process.env.MOCKPBX_URL;
  const key = process.env.MOCKPBX_PBXCLOUD_KEY;
  const tenants = (process.env.MOCKPBX_TENANTS || "").split(",").filter((code) => code !== "");
  const rows = [];
  for (const tenant of tenants) rows.push(...(await extensions(base, key, tenant)));
  process.stdout.write(JSON.stringify(rows) + "\n");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
