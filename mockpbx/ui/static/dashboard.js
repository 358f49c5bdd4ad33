// The mockpbx dashboard: plain DOM code over the JSON control plane. No libraries, no build.
"use strict";

const CONTROL = document.body.dataset.control;
const TOKEN_KEY = "mockpbx.adminToken";
const WORLD_KEY = "mockpbx.world";
const DISPOSITIONS = ["answered", "no_answer", "busy", "failed"];
const COLOURS = {answered: "#2f855a", no_answer: "#b7791f", busy: "#c05621", failed: "#c53030"};

const state = {world: null, summary: null, tenants: new Map(), view: "live", stream: null,
               ended: [], journal: [], wallet: null, keys: [], keysTotal: 0, keysNext: null};

// -- small helpers ----------------------------------------------------------------------

const $ = (selector) => document.querySelector(selector);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children) node.append(child);
  return node;
}

function when(epoch) {
  if (epoch === null || epoch === undefined) return "–";
  return new Date(epoch * 1000).toISOString().slice(0, 19).replace("T", " ");
}

function seconds(total) {
  const s = Math.max(0, Math.round(total));
  return s >= 60 ? `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s` : `${s}s`;
}

function tenantName(id) {
  const tenant = state.tenants.get(id);
  return tenant ? tenant.code : String(id);
}

function notify(message, kind = "error") {
  const box = $("#notice");
  box.textContent = message;
  box.className = `notice ${kind}`;
  box.hidden = false;
  clearTimeout(notify.timer);
  notify.timer = setTimeout(() => { box.hidden = true; }, 6000);
}

// -- the control plane, with the admin token when the server asks for one ----------------

function authHeaders(extra = {}) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token ? {...extra, Authorization: `Bearer ${token}`} : extra;
}

let tokenPrompt = null;

function askToken() {
  if (tokenPrompt) return tokenPrompt;
  const dialog = $("#token-dialog");
  tokenPrompt = new Promise((resolve) => {
    dialog.addEventListener("close", () => {
      const value = $("#token-input").value.trim();
      if (dialog.returnValue === "ok" && value) sessionStorage.setItem(TOKEN_KEY, value);
      tokenPrompt = null;
      resolve(dialog.returnValue === "ok" && value !== "");
    }, {once: true});
    dialog.showModal();
    $("#token-input").focus();
  });
  return tokenPrompt;
}

async function call(method, path, body, {raw = false, retry = true} = {}) {
  const init = {method, headers: authHeaders()};
  if (body instanceof Blob || typeof body === "string") {
    init.body = body;
    init.headers["Content-Type"] = "application/json";
  } else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers["Content-Type"] = "application/json";
  }
  const response = await fetch(CONTROL + path, init);
  if (response.status === 401 && retry) {
    if (await askToken()) return call(method, path, body, {raw, retry: false});
  }
  if (!response.ok) {
    let message = `${response.status}`;
    try { const problem = await response.json(); message = `${problem.error} (${problem.code})`; } catch { /* not JSON */ }
    const error = new Error(message);
    error.status = response.status;
    throw error;
  }
  if (raw) return response;
  return response.status === 204 ? null : response.json();
}

function worldPath(suffix = "") {
  return `/worlds/${encodeURIComponent(state.world)}${suffix}`;
}

async function guarded(action) {
  try { return await action(); } catch (error) { notify(error.message); return undefined; }
}

// -- views ---------------------------------------------------------------------------------

const LOADERS = {live: () => {}, history: loadHistory, money: loadMoney, journal: loadJournal,
                 keys: loadKeys, worlds: loadWorlds};

function showView(name) {
  if (!LOADERS[name]) name = "live";
  state.view = name;
  for (const section of document.querySelectorAll(".view")) section.hidden = section.id !== `view-${name}`;
  for (const link of document.querySelectorAll("nav.views a")) {
    if (link.dataset.view === name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  if (state.world) guarded(LOADERS[name]);
}

// -- worlds --------------------------------------------------------------------------------

async function loadWorldList(preferred) {
  const {worlds} = await call("GET", "/worlds");
  const select = $("#world");
  select.replaceChildren(...worlds.map((w) => el("option", {value: w.id, text: `${w.id} (${w.scenario_name})`})));
  const ids = worlds.map((w) => w.id);
  const wanted = [preferred, state.world, sessionStorage.getItem(WORLD_KEY), "default"].find((id) => ids.includes(id));
  select.value = wanted || ids[0];
  return worlds;
}

async function selectWorld(id) {
  state.world = id;
  sessionStorage.setItem(WORLD_KEY, id);
  $("#world").value = id;
  state.ended = [];
  state.journal = [];
  state.wallet = null;
  await refreshSummary();
  startStream();
  showView(state.view);
}

async function refreshSummary() {
  state.summary = await call("GET", worldPath());
  const {wallets, tenants} = await loadTenants();
  void wallets;
  state.tenants = new Map(tenants.map((t) => [t.id, t]));
  const codes = tenants.map((t) => el("option", {value: t.code, text: `${t.code} – ${t.name}`}));
  $("#call-tenant").replaceChildren(...codes.map((o) => o.cloneNode(true)));
  $("#filter-tenant").replaceChildren(el("option", {value: "", text: "all tenants"}), ...codes);
  renderClock(state.summary.clock);
  $("#clock-mode-select").value = state.summary.clock.mode;
  $("#clock-scale").value = state.summary.clock.scale;
}

async function loadTenants() {
  const body = await call("GET", worldPath("/wallets"));
  return {wallets: body, tenants: body.tenants};
}

function renderClock(clock) {
  $("#clock-now").textContent = when(clock.now);
  $("#clock-now").setAttribute("datetime", clock.iso);
  $("#clock-mode").textContent = clock.mode === "manual" ? "manual" : `realtime ×${clock.scale}`;
}

async function loadWorlds() {
  const worlds = await loadWorldList(state.world);
  const rows = worlds.map((w) => el("tr", {"data-world": w.id, "aria-current": w.id === state.world ? "true" : null},
    el("th", {scope: "row", text: w.id}), el("td", {text: w.scenario_name}), el("td", {text: String(w.seed)}),
    el("td", {text: w.clock.mode === "manual" ? `manual, ${when(w.clock.now)}` : `realtime ×${w.clock.scale}`}),
    el("td", {text: String(w.counts.tenants)}), el("td", {text: String(w.counts.live_calls)}),
    el("td", {text: String(w.counts.cdrs)}),
    el("td", {class: "actions"},
      el("button", {type: "button", text: "Open", "aria-label": `Open world ${w.id}`, onclick: () => selectWorld(w.id)}),
      el("button", {type: "button", text: "Reset", "aria-label": `Reset world ${w.id}`, onclick: () => resetWorld(w.id)}),
      el("button", {type: "button", text: "Delete", class: "danger", "aria-label": `Delete world ${w.id}`,
                    disabled: w.id === "default", onclick: () => deleteWorld(w.id)}))));
  $("#worlds-table tbody").replaceChildren(...rows);
}

async function resetWorld(id) {
  await guarded(async () => {
    await call("POST", `/worlds/${encodeURIComponent(id)}/reset`);
    notify(`World ${id} was reset from its scenario and seed.`, "ok");
    if (id === state.world) await selectWorld(id);
    else await loadWorlds();
  });
}

async function deleteWorld(id) {
  if (!window.confirm(`Delete world ${id} and every key it issued?`)) return;
  await guarded(async () => {
    await call("DELETE", `/worlds/${encodeURIComponent(id)}`);
    notify(`World ${id} was deleted.`, "ok");
    if (id === state.world) { await loadWorldList("default"); await selectWorld($("#world").value); }
    else await loadWorlds();
  });
}

async function createWorld(event) {
  event.preventDefault();
  const form = new FormData(event.target);
  const body = {scenario: form.get("scenario"), seed: Number(form.get("seed")), clock: form.get("clock"),
                clock_scale: Number(form.get("clock_scale") || 1)};
  if (form.get("id")) body.id = form.get("id");
  if (form.get("size")) body.size = Number(form.get("size"));
  await guarded(async () => {
    const created = await call("POST", "/worlds", body);
    notify(`World ${created.id} was created.`, "ok");
    await loadWorldList(created.id);
    await selectWorld(created.id);
  });
}

// -- clock ---------------------------------------------------------------------------------

async function advance(by) {
  await guarded(async () => renderClock(await call("POST", worldPath("/clock"), {advance: Number(by)})));
}

async function setClockMode() {
  const body = {mode: $("#clock-mode-select").value, scale: Number($("#clock-scale").value)};
  await guarded(async () => {
    renderClock(await call("POST", worldPath("/clock"), body));
    notify(`Clock is ${body.mode}, ×${body.scale}.`, "ok");
  });
}

// -- snapshots -----------------------------------------------------------------------------

async function downloadSnapshot() {
  await guarded(async () => {
    const response = await call("GET", worldPath("/state"), undefined, {raw: true});
    const url = URL.createObjectURL(await response.blob());
    const link = el("a", {href: url, download: `mockpbx-${state.world}.json`});
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  });
}

async function uploadSnapshot(event) {
  event.preventDefault();
  const file = $("#snapshot-file").files[0];
  if (!file) { notify("Choose a snapshot file first."); return; }
  await guarded(async () => {
    await call("PUT", worldPath("/state"), await file.text());
    notify(`World ${state.world} now holds ${file.name}.`, "ok");
    await selectWorld(state.world);
  });
}

// -- live calls, pushed by the server ------------------------------------------------------

function setStreamState(text, live) {
  $("#stream-state").textContent = text;
  $("#stream-dot").className = live ? "dot live" : "dot";
}

function startStream() {
  if (state.stream) state.stream.abort();
  const controller = new AbortController();
  state.stream = controller;
  const world = state.world;
  (async () => {
    let wait = 2000;
    while (!controller.signal.aborted && world === state.world) {
      try {
        const response = await fetch(`${CONTROL}${worldPath("/events")}`,
                                     {headers: authHeaders({Accept: "text/event-stream"}), signal: controller.signal});
        if (response.status === 401) {
          setStreamState("needs the admin token", false);
          if (!(await askToken())) return;
          continue;
        }
        if (!response.ok) {
          setStreamState(response.status === 503 ? "too many open streams; retrying" : `stream refused (${response.status})`, false);
          wait = Math.min(wait * 2, 10000);
        } else {
          setStreamState("live", true);
          const ended = await readEvents(response.body, controller.signal);
          if (ended === "gone") { setStreamState("world deleted", false); return; }
          wait = 500;
        }
      } catch (error) {
        if (controller.signal.aborted) return;
        setStreamState("disconnected; retrying", false);
        wait = Math.min(Math.max(wait * 2, 1000), 10000);  // the server may be gone for a while
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  })();
}

async function readEvents(body, signal) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  try {
    for (;;) {
      const {value, done} = await reader.read();
      if (done || signal.aborted) return "closed";
      buffer += value;
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        let name = "message";
        const data = [];
        for (const line of block.split("\n")) {
          if (line.startsWith("event:")) name = line.slice(6).trim();
          else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
        }
        if (!data.length) continue;
        const payload = JSON.parse(data.join("\n"));
        if (name === "gone") return "gone";
        if (name === "bye") return "closed";
        onEvent(name, payload);
      }
    }
  } finally {
    reader.releaseLock();
  }
}

function onEvent(name, payload) {
  if (name === "state") renderLive(payload);
  else if (name === "ended") {
    state.ended.unshift(payload);
    state.ended = state.ended.slice(0, 8);
    renderEnded();
  } else if (name === "journal" && state.view === "journal") {
    // Only while the view is open: opening it reads .../activity, which already holds what
    // arrived before, and would otherwise show those requests twice.
    state.journal.push(...payload.entries);
    state.journal = state.journal.slice(-200);
    renderJournal();
    onJournalEntries(payload.entries);
  }
}

function renderLive({clock, calls, counts}) {
  renderClock(clock);
  $("#live-count").textContent = String(counts.live_calls);
  const rows = calls.map((c) => el("tr", {"data-call": c.uniqueid, "data-state": c.state},
    el("td", {}, el("span", {class: `state ${c.state}`, text: c.state})),
    el("td", {text: tenantName(c.tenant_id)}), el("td", {text: c.from}), el("td", {text: c.to}),
    el("td", {text: c.direction}),
    el("td", {text: seconds(clock.now - (c.answered_at ?? c.created_at))}),
    el("td", {}, el("button", {type: "button", class: "danger", text: "Hang up",
                               "aria-label": `Hang up the call from ${c.from} to ${c.to}`,
                               onclick: () => hangUp(c.uniqueid)}))));
  $("#live-calls tbody").replaceChildren(...rows);
  $("#live-empty").hidden = calls.length > 0;
}

function renderEnded() {
  const rows = state.ended.map((cdr) => el("tr", {"data-cdr": cdr.uniqueid, "data-disposition": cdr.disposition},
    el("td", {}, el("span", {class: `state ${cdr.disposition}`, text: cdr.disposition})),
    el("td", {text: tenantName(cdr.tenant_id)}), el("td", {text: cdr.from}), el("td", {text: cdr.to}),
    el("td", {text: seconds(cdr.billsec)}), el("td", {text: when(cdr.end)})));
  $("#ended-calls tbody").replaceChildren(...rows);
}

async function hangUp(ref) {
  await guarded(async () => {
    const cdr = await call("DELETE", worldPath(`/calls/${encodeURIComponent(ref)}`));
    notify(`Hung up: ${cdr.disposition}.`, "ok");
  });
}

async function placeCall(event) {
  event.preventDefault();
  const form = new FormData(event.target);
  const body = form.get("kind") === "did"
    ? {did: form.get("did"), from: form.get("caller")}
    : {tenant: form.get("tenant"), from: form.get("from"), to: form.get("to")};
  if (form.get("outcome")) body.outcome = form.get("outcome");
  await guarded(async () => {
    const placed = await call("POST", worldPath("/calls"), body);
    notify(`Call ${placed.uniqueid} placed (${placed.outcome}).`, "ok");
  });
}

// -- history: CDRs, recordings, voicemail --------------------------------------------------

async function loadHistory() {
  const form = new FormData($("#cdr-filter"));
  const query = new URLSearchParams();
  for (const name of ["tenant", "date", "disposition"]) if (form.get(name)) query.set(name, form.get(name));
  query.set("limit", "50");
  const {cdrs} = await call("GET", worldPath(`/cdrs?${query}`));
  $("#cdrs tbody").replaceChildren(...cdrs.map((cdr) => el("tr", {"data-cdr": cdr.uniqueid},
    el("td", {text: when(cdr.start)}), el("td", {text: tenantName(cdr.tenant_id)}), el("td", {text: cdr.from}),
    el("td", {text: cdr.to}), el("td", {text: cdr.direction}),
    el("td", {}, el("span", {class: `state ${cdr.disposition}`, text: cdr.disposition})),
    el("td", {text: seconds(cdr.billsec)}), el("td", {text: cdr.cost}),
    el("td", {}, cdr.recording_id === null ? "–" : el("button", {type: "button", text: "Play",
      "aria-label": `Play the recording of the call from ${cdr.from} to ${cdr.to}`,
      onclick: () => play(worldPath(`/recordings/${encodeURIComponent(cdr.uniqueid)}/audio`),
                          `Recording: ${cdr.from} → ${cdr.to}, ${when(cdr.start)}`)})))));
  const tenant = form.get("tenant");
  const {voicemail} = await call("GET", worldPath(`/voicemail?limit=20${tenant ? `&tenant=${encodeURIComponent(tenant)}` : ""}`));
  $("#voicemail tbody").replaceChildren(...voicemail.map((m) => el("tr", {},
    el("td", {text: when(m.created_at)}), el("td", {text: tenantName(m.tenant_id)}), el("td", {text: m.mailbox}),
    el("td", {text: m.caller_id}), el("td", {text: m.folder}), el("td", {text: seconds(m.seconds)}),
    el("td", {}, el("button", {type: "button", text: "Play", "aria-label": `Play the message from ${m.caller_id}`,
      onclick: () => play(worldPath(`/voicemail/${m.tenant_id}/${encodeURIComponent(m.msgid)}/audio`),
                          `Voicemail for ${m.mailbox} from ${m.caller_id}`)})))));
}

async function play(path, label) {
  // Fetched with the token, then handed to <audio> as a blob: a src URL cannot carry a header.
  await guarded(async () => {
    const response = await call("GET", path, undefined, {raw: true});
    const player = $("#player");
    if (player.dataset.url) URL.revokeObjectURL(player.dataset.url);
    const url = URL.createObjectURL(await response.blob());
    player.dataset.url = url;
    player.src = url;
    $("#player-label").textContent = label;
    player.play().catch(() => { /* autoplay may be refused; the controls remain */ });
  });
}

// -- money and traffic, drawn as inline SVG ------------------------------------------------

const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function trafficChart(hours) {
  const width = 1000, height = 220, left = 36, bottom = 24, top = 10;
  const most = Math.max(1, ...hours.map((h) => DISPOSITIONS.reduce((sum, d) => sum + h[d], 0)));
  const slot = (width - left) / hours.length;
  const scaleY = (height - bottom - top) / most;
  const total = hours.reduce((sum, h) => sum + DISPOSITIONS.reduce((s, d) => s + h[d], 0), 0);
  const root = svg("svg", {viewBox: `0 0 ${width} ${height}`, role: "img",
                           "aria-label": `${total} calls in the last ${hours.length} hours of world time`});
  for (const tick of [0, Math.ceil(most / 2), most]) {
    const y = height - bottom - tick * scaleY;
    root.append(svg("line", {x1: left, x2: width, y1: y, y2: y, class: "grid"}));
    root.append(svg("text", {x: left - 6, y: y + 4, "text-anchor": "end", class: "axis"}, String(tick)));
  }
  hours.forEach((h, i) => {
    let y = height - bottom;
    for (const d of DISPOSITIONS) {
      const tall = h[d] * scaleY;
      if (tall > 0) {
        const bar = svg("rect", {x: left + i * slot + 2, y: y - tall, width: Math.max(1, slot - 4), height: tall,
                                 fill: COLOURS[d]});
        bar.append(svg("title", {}, `${h.iso.slice(11, 16)}: ${h[d]} ${d}`));
        root.append(bar);
        y -= tall;
      }
    }
    if (i % 3 === 0) root.append(svg("text", {x: left + i * slot + slot / 2, y: height - 6, "text-anchor": "middle",
                                               class: "axis"}, h.iso.slice(11, 16)));
  });
  return root;
}

function balanceChart(entries) {
  const width = 600, height = 220, left = 80, bottom = 22, top = 10;
  const root = svg("svg", {viewBox: `0 0 ${width} ${height}`, role: "img",
                           "aria-label": entries.length ? `Balance from ${entries[0].balance_after} to ${entries.at(-1).balance_after}` : "No ledger entries"});
  if (!entries.length) return root;
  const values = entries.map((e) => Number(e.balance_after));
  const times = entries.map((e) => e.created_at);
  let low = Math.min(...values), high = Math.max(...values);
  if (low === high) { low -= 1; high += 1; }
  const spanV = high - low || 1, first = times[0], spanT = (times.at(-1) - first) || 1;
  const x = (t) => left + ((t - first) / spanT) * (width - left - 10);
  const y = (v) => height - bottom - ((v - low) / spanV) * (height - bottom - top);
  let path = "";
  entries.forEach((e, i) => {
    const px = entries.length === 1 ? left : x(e.created_at);
    path += i === 0 ? `M${px},${y(values[i])}` : ` H${px} V${y(values[i])}`;
  });
  for (const v of [low, high]) {
    root.append(svg("line", {x1: left, x2: width, y1: y(v), y2: y(v), class: "grid"}));
    root.append(svg("text", {x: left - 6, y: y(v) + 4, "text-anchor": "end", class: "axis"}, v.toFixed(2)));
  }
  root.append(svg("path", {d: path, class: "line"}));
  root.append(svg("text", {x: left, y: height - 4, class: "axis"}, when(first)));
  root.append(svg("text", {x: width - 10, y: height - 4, "text-anchor": "end", class: "axis"}, when(times.at(-1))));
  return root;
}

async function loadMoney() {
  const [{hours}, wallets] = await Promise.all([call("GET", worldPath("/traffic?hours=24")), call("GET", worldPath("/wallets"))]);
  $("#traffic-chart").replaceChildren(trafficChart(hours));
  $("#traffic-legend").replaceChildren(...DISPOSITIONS.map((d) => el("li", {},
    el("span", {class: `swatch ${d}`, "aria-hidden": "true"}), d.replace("_", " "))));
  const owners = [
    ...wallets.resellers.map((r) => ({name: r.name, kind: "reseller (ePBX)", wallet: r.wallet})),
    ...wallets.tenants.map((t) => ({name: `${t.code} – ${t.name}`, kind: "tenant", wallet: t.wallet})),
  ].filter((o) => o.wallet);
  $("#wallets tbody").replaceChildren(...owners.map((o) => el("tr", {},
    el("th", {scope: "row", text: o.name}), el("td", {text: o.kind}),
    el("td", {class: "num", text: `${o.wallet.balance} ${o.wallet.currency}`}),
    el("td", {}, el("button", {type: "button", text: "Ledger", "aria-label": `Show the ledger of ${o.name}`,
                               onclick: () => showLedger(o.wallet.id, o.name)})))));
  // Tenants' wallets move with every call; open the first of them unless one was chosen.
  const first = owners.find((o) => o.kind === "tenant") || owners[0];
  if (!state.wallet && first) state.wallet = {id: first.wallet.id, name: first.name};
  if (state.wallet) await showLedger(state.wallet.id, state.wallet.name);
}

async function showLedger(walletId, name) {
  state.wallet = {id: walletId, name};
  const {wallet, entries} = await call("GET", worldPath(`/wallets/${walletId}/ledger?limit=200`));
  $("#ledger-title").textContent = `Balance over time: ${name} (${wallet.balance} ${wallet.currency})`;
  $("#ledger-chart").replaceChildren(balanceChart(entries));
  $("#ledger tbody").replaceChildren(...entries.slice(-12).reverse().map((e) => el("tr", {},
    el("td", {text: when(e.created_at)}), el("td", {class: "num", text: e.amount}),
    el("td", {class: "num", text: e.balance_after}), el("td", {text: e.memo}))));
}

// -- journal, findings and faults ----------------------------------------------------------

async function loadJournal() {
  const {entries} = await call("GET", worldPath("/activity?limit=200"));
  state.journal = entries;
  renderJournal();
  await Promise.all([guarded(loadFaults), guarded(loadUnmatched), guarded(loadReportSummary)]);
}

function findingList(findings) {
  // Each finding says its class in words, so a row that went wrong never relies on its colour.
  if (!findings.length) return el("span", {class: "tag conformant", text: "✓ conformant"});
  return el("ul", {class: "findings"}, ...findings.map((f) => el("li", {},
    el("span", {class: "tag finding", text: f.class.replaceAll("_", " ")}), " ",
    f.parameter ? el("code", {text: f.parameter}) : "",
    f.expected ? ` — expected ${f.expected}` : "",
    f.near_miss ? el("span", {class: "near-miss"}, "; did you mean ", el("code", {text: f.near_miss}), "?") : "")));
}

function renderJournal() {
  const vendor = $("#journal-vendor").value;
  const rows = state.journal.filter((e) => !vendor || e.vendor === vendor).slice(-100).reverse();
  $("#journal-table tbody").replaceChildren(...rows.map((e) => el("tr", {
      class: [e.status >= 400 ? "refused" : "", e.findings.length ? "nonconformant" : "", e.fault ? "faulted" : ""].join(" ").trim(),
      "data-fault": e.fault || null},
    el("td", {text: when(e.time)}), el("td", {text: e.vendor}), el("td", {text: e.scope ?? "–"}),
    el("td", {}, el("code", {text: e.action || `${e.method} ${e.path}`})), el("td", {text: String(e.status)}),
    el("td", {text: e.outcome}),
    el("td", {}, e.fault ? el("span", {class: "tag fault", text: `⚡ ${e.fault}`}) : "–"),
    el("td", {}, findingList(e.findings)))));
  if (!rows.length) $("#journal-table tbody").append(el("tr", {}, el("td", {colspan: "8", class: "empty",
    text: "No vendor requests yet. Try an example from “Keys & first call”."})));
}

function onJournalEntries(entries) {
  // A fault that fired changed its counters; a finding changed the report.
  clearTimeout(onJournalEntries.timer);
  onJournalEntries.timer = setTimeout(() => {
    if (entries.some((e) => e.fault)) guarded(loadFaults);
    guarded(loadReportSummary);
  }, 250);
}

function describeTrigger(t) {
  if (t.kind === "next") return `next ${t.count}`;
  if (t.kind === "every") return `every ${t.count}th`;
  if (t.kind === "probability") return `probability ${t.probability}`;
  if (t.kind === "window") return `${when(t.window_start)} to ${t.window_end === null ? "open end" : when(t.window_end)}`;
  return "always";
}

function describeExpiry(x) {
  const parts = [];
  if (x.fires !== null) parts.push(`after ${x.fires} firings`);
  if (x.at !== null) parts.push(`at ${when(x.at)}`);
  return parts.join(", ") || "never";
}

async function loadFaults() {
  const {faults} = await call("GET", worldPath("/faults"));
  $("#faults-count").textContent = String(faults.length);
  $("#faults-empty").hidden = faults.length > 0;
  $("#faults-clear").disabled = faults.length === 0;
  $("#faults-table tbody").replaceChildren(...faults.map((f) => el("tr", {"data-fault-id": f.id},
    el("td", {text: f.id}), el("th", {scope: "row", text: f.name}),
    el("td", {}, f.target.vendor, f.target.operation ? el("code", {text: ` ${f.target.operation}`}) : "",
       f.target.path ? el("code", {text: ` ${f.target.path}`}) : ""),
    el("td", {text: describeTrigger(f.trigger)}), el("td", {text: describeExpiry(f.expiry)}),
    el("td", {class: "num", text: `${f.fired} of ${f.seen}`}),
    el("td", {}, el("button", {type: "button", class: "danger", text: "Disarm",
                               "aria-label": `Disarm fault ${f.id} (${f.name})`, onclick: () => disarm(f.id)})))));
}

const TRIGGER_VALUE = {next: ["N (requests)", "count"], every: ["N (every Nth request)", "count"],
                       probability: ["Probability (0 to 1)", "probability"],
                       window: ["Window length (seconds of world time, from now)", "duration"]};

function syncFaultForm() {
  const kind = $("#fault-trigger").value;
  const value = TRIGGER_VALUE[kind];
  $("#fault-value").hidden = $("#fault-value-label").hidden = !value;
  if (value) $("#fault-value-label").textContent = value[0];
  const status = $("#fault-name").value === "status";
  $("#fault-status").hidden = $("label[for=fault-status]").hidden = !status;
}

function faultFromForm() {
  const form = new FormData($("#fault-form"));
  const spec = {name: form.get("name"), target: {vendor: form.get("vendor")}, trigger: {kind: form.get("trigger")}};
  if (form.get("operation")) spec.target.operation = form.get("operation");
  const value = TRIGGER_VALUE[spec.trigger.kind];
  // Numbers go as typed; the control plane checks them and says what is wrong.
  if (value) spec.trigger[value[1]] = Number(form.get("value"));
  if (spec.name === "status") spec.options = {status: Number(form.get("status"))};
  if (form.get("fires")) spec.expiry = {fires: Number(form.get("fires"))};
  return spec;
}

async function armFault(event) {
  event.preventDefault();
  const box = $("#fault-error");
  box.hidden = true;
  try {
    const fault = await call("POST", worldPath("/faults"), faultFromForm());
    notify(`Fault ${fault.id} (${fault.name}) is armed.`, "ok");
  } catch (error) {
    box.textContent = `Not armed: ${error.message}`;
    box.hidden = false;
  }
  await guarded(loadFaults);
}

async function disarm(id) {
  await guarded(async () => {
    await call("DELETE", worldPath(`/faults/${encodeURIComponent(id)}`));
    notify(`Fault ${id} is disarmed.`, "ok");
  });
  await guarded(loadFaults);
  // The focused button went with its row; keep the keyboard user inside the panel.
  ($("#faults-clear").disabled ? $("#fault-name") : $("#faults-clear")).focus();
}

async function disarmAll() {
  await guarded(async () => {
    const {removed} = await call("DELETE", worldPath("/faults"));
    notify(`${removed} fault(s) disarmed.`, "ok");
  });
  await guarded(loadFaults);
}

async function loadUnmatched() {
  const {entries} = await call("GET", "/unmatched");
  const newest = entries.slice(-50).reverse();
  $("#unmatched-count").textContent = String(entries.length);
  $("#unmatched-empty").hidden = entries.length > 0;
  $("#unmatched-table tbody").replaceChildren(...newest.map((u) => el("tr", {"data-seq": String(u.seq)},
    el("td", {text: when(u.time)}), el("td", {text: u.vendor}),
    el("td", {}, el("code", {text: u.operation || `${u.method} ${u.path}`})),
    el("td", {}, findingList(u.findings)))));
}

async function loadReportSummary() {
  const report = await call("GET", worldPath("/report"));
  $("#report-summary").textContent = `${report.call_sites} call site(s), ${report.failed} not conformant`;
}

async function downloadReport(format) {
  // Fetched with the token, like the snapshot: a plain link could not send the header.
  await guarded(async () => {
    const response = await call("GET", worldPath(`/report?format=${format}`), undefined, {raw: true});
    const url = URL.createObjectURL(await response.blob());
    const link = el("a", {href: url, download: `mockpbx-report-${state.world}.${format === "junit" ? "xml" : "md"}`});
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  });
}

// -- keys and first calls ------------------------------------------------------------------

function examplesFor(key, base) {
  const q = (s) => `'${s}'`;
  if (key.vendor === "epbx") {
    return {
      curl: `curl -H ${q(`Authorization: Bearer ${key.key}`)} ${base}/api/v2/customers`,
      python: `import requests\n\nanswer = requests.get("${base}/api/v2/customers",\n                      headers={"Authorization": "Bearer ${key.key}"}, timeout=10)\nprint(answer.json())`,
    };
  }
  if (key.vendor === "pbxcloud") {
    const tenant = key.tenant_code || (state.tenants.values().next().value || {}).code || "DEMO";
    return {
      curl: `curl ${q(`${base}/pbx/proxyapi.php?key=${key.key}&reqtype=INFO&info=EXTENSIONS&tenant=${tenant}&format=json`)}`,
      python: `import requests\n\nanswer = requests.get("${base}/pbx/proxyapi.php", params={\n    "key": "${key.key}", "reqtype": "INFO", "info": "EXTENSIONS",\n    "tenant": "${tenant}", "format": "json"}, timeout=10)\nprint(answer.text)`,
    };
  }
  return {
    curl: `curl ${q(`${base}/?apikey=${key.key}&action=pbxware.tenant.list`)}`,
    python: `import requests\n\nanswer = requests.get("${base}/", params={\n    "apikey": "${key.key}", "action": "pbxware.tenant.list"}, timeout=10)\nprint(answer.json())`,
  };
}

function copyButton(text, what) {
  return el("button", {type: "button", class: "copy", text: "Copy", "aria-label": `Copy the ${what}`,
    onclick: async (event) => {
      try { await navigator.clipboard.writeText(text); event.target.textContent = "Copied"; }
      catch { event.target.textContent = "Select and copy"; }
      setTimeout(() => { event.target.textContent = "Copy"; }, 1500);
    }});
}

// A world of 200 tenants has over 200 keys: the view shows a page and fetches more on request.
const KEYS_PAGE = 100;

async function loadKeys() {
  const page = await call("GET", worldPath(`/keys?limit=${KEYS_PAGE}`));
  state.keys = page.keys;
  state.keysTotal = page.total;
  state.keysNext = page.next;
  renderKeys();
}

async function moreKeys() {
  if (!state.keysNext) return;
  const page = await call("GET", state.keysNext.slice(CONTROL.length));  // next is a path under CONTROL
  state.keys = state.keys.concat(page.keys);
  state.keysNext = page.next;
  renderKeys();
}

function renderKeys() {
  const keys = state.keys;
  $("#keys-table tbody").replaceChildren(...keys.map((k) => el("tr", {},
    el("td", {text: k.vendor}), el("td", {text: k.scope}), el("td", {text: k.tenant_code ?? "–"}),
    el("td", {}, el("code", {text: k.key}), " ", copyButton(k.key, `${k.vendor} key`)))));
  $("#keys-shown").textContent = `${keys.length} of ${state.keysTotal} key(s)`;
  $("#keys-more").hidden = !state.keysNext;
  const base = window.location.origin;
  const seen = new Set();
  const blocks = [];
  for (const key of keys) {
    if (seen.has(key.vendor)) continue;
    seen.add(key.vendor);
    const {curl, python} = examplesFor(key, base);
    const title = {epbx: "ePBX reseller API", pbxcloud: "MiRTA PBX (PBXCloud)", pbxware: "Bicom PBXware"}[key.vendor] || key.vendor;
    blocks.push(el("article", {class: "card example", "aria-label": `${title} examples`},
      el("h3", {text: `${title} — ${key.scope} key`}),
      el("h4", {text: "curl"}), el("div", {class: "code"}, el("pre", {}, el("code", {text: curl})), copyButton(curl, `${title} curl example`)),
      el("h4", {text: "Python"}), el("div", {class: "code"}, el("pre", {}, el("code", {text: python})), copyButton(python, `${title} Python example`))));
  }
  $("#examples").replaceChildren(...blocks);
}

// -- start ---------------------------------------------------------------------------------

function wire() {
  window.addEventListener("hashchange", () => {
    const name = window.location.hash.slice(1);
    if (LOADERS[name]) showView(name);  // other hashes (the skip link's #main) keep the view
  });
  $("#world").addEventListener("change", (event) => guarded(() => selectWorld(event.target.value)));
  $("#place-call").addEventListener("submit", placeCall);
  $("#keys-more").addEventListener("click", () => guarded(moreKeys));
  for (const radio of document.querySelectorAll("#place-call input[name=kind]")) {
    radio.addEventListener("change", () => {
      for (const group of document.querySelectorAll("#place-call .fields")) {
        group.hidden = group.dataset.kind !== radio.value;
        for (const input of group.querySelectorAll("input")) input.required = !group.hidden && input.name !== "to";
      }
    });
  }
  for (const button of document.querySelectorAll("[data-magic]")) {
    button.addEventListener("click", () => { $("#call-to").value = button.dataset.magic; $("#call-to").focus(); });
  }
  for (const button of document.querySelectorAll("[data-advance]")) {
    button.addEventListener("click", () => advance(button.dataset.advance));
  }
  $("#cdr-filter").addEventListener("submit", (event) => { event.preventDefault(); guarded(loadHistory); });
  $("#journal-vendor").addEventListener("change", renderJournal);
  $("#fault-form").addEventListener("submit", armFault);
  $("#fault-name").addEventListener("change", syncFaultForm);
  $("#fault-trigger").addEventListener("change", syncFaultForm);
  syncFaultForm();
  $("#faults-clear").addEventListener("click", disarmAll);
  $("#unmatched-refresh").addEventListener("click", () => guarded(loadUnmatched));
  for (const button of document.querySelectorAll("[data-report]")) {
    button.addEventListener("click", () => downloadReport(button.dataset.report));
  }
  $("#create-world").addEventListener("submit", createWorld);
  $("#clock-form").addEventListener("submit", (event) => { event.preventDefault(); advance($("#clock-advance").value); });
  $("#clock-apply").addEventListener("click", setClockMode);
  $("#snapshot-download").addEventListener("click", downloadSnapshot);
  $("#snapshot-form").addEventListener("submit", uploadSnapshot);
}

async function start() {
  wire();
  state.view = LOADERS[window.location.hash.slice(1)] ? window.location.hash.slice(1) : "live";
  await guarded(async () => {
    await loadWorldList();
    await selectWorld($("#world").value);
  });
  document.body.dataset.ready = "true";
}

start();
