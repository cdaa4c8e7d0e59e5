// The emulator's dashboard: renders /api/stream's state events; no framework, no build step.
// Everything shown comes from the API as data and goes into the page as text, never as markup.
"use strict";

const ui = {
  state: null,
  selected: null, // the id of the request whose details are shown
  logFunction: null,
  logLines: -1, // how many lines the shown log had, to fetch it again only when it grew
  requestsKey: null, // what the request rows show now
  callsKey: null, // what the call rows show now
  selectedCall: null, // the id of the call whose record is shown
};

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") node.textContent = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) {
      node.append(child);
    }
  }
  return node;
}

function time(iso) {
  const d = new Date(iso);
  return d.toLocaleTimeString([], { hour12: false }) + "." + String(d.getMilliseconds()).padStart(3, "0");
}

function renderSummary(s) {
  const env = s.environment ? ", environment " + s.environment : "";
  $("summary").textContent = "workspace " + s.workspace + env + " · " +
    (s.serveMode ? "serve (-dev labels)" : "deploy") + " · generation " + s.generation +
    " · proxy " + s.proxy;
}

function renderToken(s) {
  const section = $("token");
  if (!s.token) {
    section.hidden = true;
    return;
  }
  section.hidden = false;
  $("token-key").textContent = s.token.key;
  if ($("token-reveal").getAttribute("aria-pressed") !== "true") {
    $("token-secret").textContent = s.token.secret;
  }
  $("token-note").textContent = s.token.generated ? "generated for this run" : "";
}

async function toggleToken() {
  const button = $("token-reveal");
  if (button.getAttribute("aria-pressed") === "true") {
    button.setAttribute("aria-pressed", "false");
    button.textContent = "Reveal";
    $("token-secret").textContent = ui.state.token.secret;
    return;
  }
  const tokens = await (await fetch("/api/token")).json();
  $("token-secret").textContent = tokens[0].secret;
  button.setAttribute("aria-pressed", "true");
  button.textContent = "Hide";
}

function renderFunctions(s) {
  const body = $("functions-body");
  const byApp = new Map();
  for (const f of s.functions) {
    if (!byApp.has(f.app)) byApp.set(f.app, []);
    byApp.get(f.app).push(f);
  }
  const parts = [];
  for (const [app, functions] of byApp) {
    const rows = functions.map((f) => {
      const sc = f.scaling;
      const scaling = "timeout " + sc.timeout + " s, min " + sc.minContainers + ", max " +
        (sc.maxContainers || "∞") + ", buffer " + sc.bufferContainers + ", scaledown " +
        sc.scaledownWindow + " s, inputs " +
        (sc.maxInputs == null ? "unlimited" : sc.targetInputs + "/" + sc.maxInputs);
      const links = el("td", {}, el("a", { href: f.url, text: f.url }));
      for (const domain of f.customDomainUrls) {
        links.append(el("br"), el("a", { href: domain, text: domain }));
      }
      return el("tr", { "data-function": f.id },
        el("td", {}, el("code", { text: f.name }),
          f.requiresProxyAuth ? el("span", { class: "chip auth", title: "requires proxy auth", text: "🔑 proxy auth" }) : null),
        el("td", { text: f.kind }), links, el("td", { class: "muted", text: scaling }));
    });
    parts.push(el("h3", { text: app }),
      el("table", {}, el("thead", {}, el("tr", {}, el("th", { text: "Function" }),
        el("th", { text: "Kind" }), el("th", { text: "URL" }), el("th", { text: "Scaling" }))),
      el("tbody", {}, ...rows)));
  }
  body.replaceChildren(...parts);
}

function chip(c) {
  return el("li", { class: "chip", "data-container": c.id, "data-state": c.state,
    text: c.id + " " + c.state + (c.state === "busy" ? " (" + c.inputs + " input" + (c.inputs === 1 ? "" : "s") + ")" : "") +
      (c.coldStartInputs ? " · " + c.coldStartInputs + " cold" : "") });
}

// The functions that code calls, each with the containers of its pools (a class's parameter sets
// have one more pool each).
function renderCalled(s) {
  const called = s.calledFunctions || [];
  if (!called.length) {
    $("called-body").replaceChildren(el("p", { class: "muted", text: "No function without a web annotation." }));
    return;
  }
  const rows = called.map((f) => {
    const pools = s.pools.filter((p) => p.functions.includes(f.id));
    const containers = pools.flatMap((p) => p.containers);
    const sc = f.scaling;
    const scaling = "timeout " + sc.timeout + " s, min " + sc.minContainers + ", max " +
      (sc.maxContainers || "∞") + ", buffer " + sc.bufferContainers + ", scaledown " +
      sc.scaledownWindow + " s, inputs " +
      (sc.maxInputs == null ? "unlimited" : sc.targetInputs + "/" + sc.maxInputs);
    return el("tr", { "data-called": f.id },
      el("td", {}, el("code", { text: f.name }), el("span", { class: "muted", text: " " + f.app })),
      el("td", { text: f.kind + (f.generator ? " (generator)" : "") }),
      el("td", {}, containers.length
        ? el("ul", { class: "chips", "aria-label": "containers of " + f.id }, ...containers.map(chip))
        : el("span", { class: "muted", text: "no containers" })),
      el("td", { class: "muted", text: scaling }));
  });
  $("called-body").replaceChildren(el("table", {},
    el("thead", {}, el("tr", {}, el("th", { text: "Function" }), el("th", { text: "Kind" }),
      el("th", { text: "Containers" }), el("th", { text: "Scaling" }))),
    el("tbody", {}, ...rows)));
}

function renderContainers(s) {
  const parts = s.pools.map((p) => {
    const chips = p.containers.map(chip);
    const figures = el("div", { class: "figures" },
      el("span", { text: "live " + p.live }), el("span", { text: "starting " + p.starting }),
      el("span", { text: "in flight " + p.inputsInFlight }), el("span", { text: "queued " + p.queuedInputs }),
      el("span", { text: "started " + p.containersStarted }), el("span", { text: "cold-start inputs " + p.coldStartInputs }));
    const events = el("ol", { class: "events", reversed: true },
      ...p.events.map((e) => el("li", { text: time(e.epochMillis) + " " + e.containerId + " " + e.kind +
        (e.reason ? " (" + e.reason + ")" : "") + (e.detail ? ": " + e.detail : "") })));
    return el("div", { class: "pool", "data-pool": p.name },
      el("h3", { text: p.app + " · " + p.name }), figures,
      chips.length ? el("ul", { class: "chips", "aria-label": "containers of " + p.name }, ...chips)
        : el("p", { class: "muted", text: "no containers" }),
      p.events.length ? events : null);
  });
  $("containers-body").replaceChildren(...parts);
}

function renderFilters(s) {
  for (const [id, empty] of [["filter-function", "all"], ["log-function", null]]) {
    const select = $(id);
    const value = select.value;
    // Requests reach web functions only; every function has a log.
    const functions = empty ? s.functions : s.functions.concat(s.calledFunctions || []);
    const options = functions.map((f) => el("option", { value: f.id, text: f.id }));
    if (empty) options.unshift(el("option", { value: "", text: empty }));
    if (select.options.length !== options.length) {
      select.replaceChildren(...options);
      select.value = value;
    }
  }
}

function renderRequests(s) {
  const fn = $("filter-function").value;
  const status = $("filter-status").value;
  // Rows are made again only when they changed, so focus and a click in progress keep their row.
  const key = JSON.stringify([fn, status, ui.selected, s.requests]);
  if (key === ui.requestsKey) return;
  ui.requestsKey = key;
  const focused = document.activeElement && document.activeElement.dataset
    ? document.activeElement.dataset.id : undefined;
  const rows = s.requests
    .filter((r) => (!fn || r.function === fn) && (!status || String(r.status)[0] === status))
    .map((r) => el("tr", { "data-id": r.id, tabindex: 0, "aria-selected": String(String(r.id) === String(ui.selected)) },
      el("td", { class: "mono", text: time(r.startedAt) }), el("td", { text: r.method }),
      el("td", { text: r.host }),
      el("td", { class: "mono", text: r.path + (r.query ? "?" + r.query : "") }),
      el("td", { class: "s" + String(r.status)[0], text: String(r.status) }),
      el("td", { class: "num", text: r.durationMillis.toFixed(1) + " ms" }),
      el("td", { class: "mono", text: r.containerId || "–" }),
      el("td", { text: r.coldStart ? "cold" : "" })));
  $("requests-body").replaceChildren(...rows);
  if (focused !== undefined) {
    const again = $("requests-body").querySelector('tr[data-id="' + CSS.escape(focused) + '"]');
    if (again) again.focus();
  }
}

const CALL_STATUS = { success: "s2", failure: "s5", timeout: "s5", cancelled: "s4" };

// Arguments, results and errors are the user's data: text only, as everything else here.
function renderCalls(s) {
  const calls = s.calls || [];
  const key = JSON.stringify([ui.selectedCall, calls]);
  if (key === ui.callsKey) return;
  ui.callsKey = key;
  const focused = document.activeElement && document.activeElement.dataset
    ? document.activeElement.dataset.call : undefined;
  const rows = calls.map((c) => el("tr", { "data-call": c.id, tabindex: 0,
    "aria-selected": String(c.id === ui.selectedCall) },
    el("td", { class: "mono", text: time(c.queuedAt) }),
    el("td", { class: "mono", text: c.id }),
    el("td", { text: c.function }),
    el("td", { text: c.verb }),
    el("td", { class: CALL_STATUS[c.status] || "muted", text: c.status }),
    el("td", { class: "num", text: c.durationMillis == null ? "–" : c.durationMillis.toFixed(1) + " ms" }),
    el("td", { class: "mono", text: c.containerId || "–" }),
    el("td", { class: "mono value", text: c.argumentsPreview }),
    el("td", { class: "mono value" + (c.errorPreview ? " s5" : ""),
      text: c.errorPreview != null ? c.errorPreview : c.resultPreview != null ? c.resultPreview : "" })));
  $("calls-body").replaceChildren(...rows);
  if (focused !== undefined) {
    const again = $("calls-body").querySelector('tr[data-call="' + CSS.escape(focused) + '"]');
    if (again) again.focus();
  }
}

async function showCall(id) {
  ui.selectedCall = id;
  for (const row of $("calls-body").querySelectorAll("tr[data-call]")) {
    row.setAttribute("aria-selected", String(row.dataset.call === id));
  }
  const response = await fetch("/api/calls/" + encodeURIComponent(id));
  const details = $("call-details");
  details.hidden = false;
  details.textContent = response.ok
    ? JSON.stringify(await response.json(), null, 2)
    : "That call is no longer in the ledger.";
}

function rowKeys(body, attribute, show) {
  body.addEventListener("click", (event) => {
    const row = event.target.closest("tr[" + attribute + "]");
    if (row) show(row.getAttribute(attribute));
  });
  body.addEventListener("keydown", (event) => {
    const row = event.target.closest("tr[" + attribute + "]");
    if (!row) return;
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      show(row.getAttribute(attribute));
    } else if (event.key === "ArrowDown" && row.nextElementSibling) {
      event.preventDefault();
      row.nextElementSibling.focus();
    } else if (event.key === "ArrowUp" && row.previousElementSibling) {
      event.preventDefault();
      row.previousElementSibling.focus();
    }
  });
}

async function showDetails(id) {
  ui.selected = id;
  for (const row of $("requests-body").querySelectorAll("tr[data-id]")) {
    row.setAttribute("aria-selected", String(row.dataset.id === String(id)));
  }
  const response = await fetch("/api/requests/" + encodeURIComponent(id));
  const body = $("details-body");
  if (!response.ok) {
    body.replaceChildren(el("p", { class: "muted", text: "That request is no longer in the log." }));
    return;
  }
  const r = await response.json();
  const headers = el("table", {}, el("tbody", {}, ...r.headers.map(([name, value]) =>
    el("tr", {}, el("td", { class: "mono", text: name }), el("td", { class: "mono", text: value })))));
  const copy = el("button", { type: "button", id: "copy-curl", text: "Copy as curl" });
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(r.curl);
      copy.textContent = "Copied";
    } catch (e) {
      copy.textContent = "Select the command below and copy it";
    }
  });
  const notes = [];
  if (r.headers.some(([, value]) => value === "••••••••")) {
    notes.push("masked headers read shell variables named after them ($AUTHORIZATION, $COOKIE, $X_API_KEY)");
  }
  if (r.curl.includes("$MODAL_KEY")) notes.push("set MODAL_KEY and MODAL_SECRET to the token above");
  body.replaceChildren(
    el("p", { class: "mono", text: r.method + " " + r.host + r.path + (r.query ? "?" + r.query : "") +
      " → " + r.status + " in " + r.durationMillis.toFixed(1) + " ms" +
      (r.containerId ? " by " + r.containerId : "") + (r.coldStart ? " (cold start)" : "") +
      (r.function ? " · " + r.function : "") }),
    headers,
    el("div", { class: "controls" }, copy, notes.length ? el("span", { class: "muted", text: notes.join("; ") }) : null),
    el("pre", { id: "curl", tabindex: 0, text: r.curl }));
  if (r.function) {
    $("log-function").value = r.function;
    await refreshLog(true);
  }
}

async function refreshLog(force) {
  const id = $("log-function").value;
  if (!id || !ui.state) return;
  const f = ui.state.functions.concat(ui.state.calledFunctions || []).find((x) => x.id === id);
  if (!force && id === ui.logFunction && f && f.logLines === ui.logLines) return;
  ui.logFunction = id;
  ui.logLines = f ? f.logLines : -1;
  const response = await fetch("/api/logs?function=" + encodeURIComponent(id));
  if (response.ok) {
    const log = await response.json();
    $("log-lines").textContent = log.lines.length ? log.lines.join("\n") : "(nothing logged yet)";
  }
}

function render(s) {
  ui.state = s;
  renderSummary(s);
  renderToken(s);
  renderFunctions(s);
  renderCalled(s);
  renderContainers(s);
  renderFilters(s);
  renderRequests(s);
  renderCalls(s);
  refreshLog(false);
}

function connect() {
  const stream = new EventSource("/api/stream");
  stream.addEventListener("state", (event) => {
    $("status").textContent = "live";
    $("status").className = "status live";
    render(JSON.parse(event.data));
  });
  stream.addEventListener("error", () => {
    // EventSource reconnects by itself; say so meanwhile.
    $("status").textContent = "offline, reconnecting";
    $("status").className = "status offline";
  });
}

document.addEventListener("DOMContentLoaded", () => {
  $("token-reveal").addEventListener("click", toggleToken);
  $("clear").addEventListener("click", async () => {
    await fetch("/api/requests", { method: "DELETE" });
  });
  $("filter-function").addEventListener("change", () => ui.state && renderRequests(ui.state));
  $("filter-status").addEventListener("change", () => ui.state && renderRequests(ui.state));
  $("log-function").addEventListener("change", () => refreshLog(true));
  rowKeys($("requests-body"), "data-id", showDetails);
  rowKeys($("calls-body"), "data-call", showCall);
  connect();
});
