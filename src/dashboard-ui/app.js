// The dashboard page: the list at /, a migration at /m/NAME. Reads the JSON API, follows the store by
// Server-Sent Events, and sends actions with the bearer token (kept in this tab's sessionStorage, sent as a
// header, never as a cookie). Without a token the page is read-only: the API answers 401.
import { metricChart, weightsChart } from "./charts.js";
import { h, headView, hooksView, listView, prependEvent, ruleOf, tallyView, timelineView } from "./views.js";

const main = document.getElementById("main");
const banner = document.getElementById("banner");
const live = document.getElementById("live");
const TERMINAL = new Set(["completed", "rolled-back", "aborted"]);
const RETRY_MS = 3000;

let config = { readOnly: true, actions: [] };
let source = null;
let retry = null;
let charts = [];

function token() {
  return sessionStorage.getItem("cutover-token") ?? "";
}

function setupToken() {
  const match = /^#token=(.+)$/.exec(location.hash);
  if (match) {
    sessionStorage.setItem("cutover-token", decodeURIComponent(match[1]));
    history.replaceState(null, "", location.pathname);
  }
  const form = document.getElementById("token-form");
  const input = document.getElementById("token");
  const state = document.getElementById("token-state");
  const show = () => {
    state.textContent = config.readOnly
      ? "read-only dashboard"
      : token()
        ? "token set"
        : "read-only until a token is given";
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (input.value.trim()) sessionStorage.setItem("cutover-token", input.value.trim());
    else sessionStorage.removeItem("cutover-token");
    input.value = "";
    show();
  });
  form.hidden = config.readOnly;
  show();
}

function showBanner(text) {
  banner.hidden = !text;
  banner.textContent = text ?? "";
}

/** GET a JSON path; an unreachable store (503) or server shows the banner and retries the whole view. */
async function getJson(path) {
  let response;
  try {
    response = await fetch(path, { headers: { accept: "application/json" } });
  } catch {
    throw new Unreachable("the dashboard does not answer");
  }
  const body = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
  if (response.status === 503) throw new Unreachable(body.error);
  if (!response.ok) throw Object.assign(new Error(body.error), { status: response.status });
  return body;
}

class Unreachable extends Error {}

function follow(path, onEvent) {
  source?.close();
  source = new EventSource(path);
  source.addEventListener("open", () => setLive(true));
  source.addEventListener("error", () => setLive(false));
  source.addEventListener("store-error", (event) => showBanner(`${event.data} — retrying…`));
  source.addEventListener("store-ok", () => showBanner(null));
  source.addEventListener("event", onEvent);
  source.addEventListener("changed", onEvent);
}

function setLive(on) {
  live.className = `live ${on ? "on" : "off"}`;
  live.textContent = on ? "live" : "reconnecting…";
}

/** Runs `render` once now and again (debounced) on every store event; retries while the store is down. */
function view(render) {
  let pending = null;
  let running = null;
  const run = async () => {
    clearTimeout(retry);
    if (running) return again();
    running = render().finally(() => {
      running = null;
    });
    try {
      await running;
      showBanner(null);
    } catch (error) {
      if (!(error instanceof Unreachable)) throw error;
      showBanner(`${error.message} — retrying in ${RETRY_MS / 1000} s`);
      retry = setTimeout(run, RETRY_MS);
    }
  };
  const again = () => {
    clearTimeout(pending);
    pending = setTimeout(run, 250);
  };
  return { run, again };
}

async function showList() {
  document.title = "Cutover dashboard";
  const list = view(async () => {
    const [{ migrations }] = await Promise.all([getJson("/api/migrations"), configured]);
    main.replaceChildren(listView(migrations));
  });
  follow("/api/stream", list.again);
  await list.run();
}

async function showMigration(name) {
  document.title = `${name} · Cutover`;
  let shown = 0;
  const page = view(async () => {
    let data;
    try {
      [data] = await Promise.all([getJson(`/api/migrations/${encodeURIComponent(name)}`), configured]);
    } catch (error) {
      if (error.status !== 404) throw error;
      main.replaceChildren(
        h(
          "div",
          { class: "panel empty", id: "not-found" },
          error.message,
          " ",
          h("a", { href: "/" }, "All migrations"),
        ),
      );
      return;
    }
    renderMigration(data);
    shown = data.timeline.at(-1)?.seq ?? 0;
    document.body.dataset.seq = String(shown);
  });
  await page.run();
  // Each new event goes on the timeline at once; the charts and the status follow with one read.
  follow(`/api/migrations/${encodeURIComponent(name)}/stream?after=${shown}`, (message) => {
    const entry = JSON.parse(message.data);
    if (entry.seq <= shown) return;
    shown = entry.seq;
    prependEvent(entry);
    page.again();
  });
}

/**
 * The page, all of it the first time. Afterwards the status, actions, charts and side panels are
 * replaced, and the timeline is left as it is: live events are put on top of it as they come.
 */
function renderMigration(page) {
  for (const chart of charts) chart.destroy();
  charts = [];
  const range = timeRange(page);
  const weightsEl = h("div", {
    class: "chart",
    id: "weights-chart",
    "data-points": page.weights.points.length,
  });
  const metricEls = page.metrics.map((series) =>
    h("div", { class: "chart", "data-metric": series.metric, "data-points": series.points.length }),
  );
  const head = h("div", { id: "head-area" }, headView(page), actionsView(page));
  const chartsEl = h(
    "div",
    { id: "charts" },
    h("section", { class: "panel" }, h("h2", {}, "Traffic weights"), weightsEl),
    h(
      "div",
      { class: "grid" },
      page.metrics.map((series, i) => metricPanel(series, metricEls[i])),
    ),
  );
  const side = h(
    "div",
    { id: "side" },
    h("section", { class: "panel" }, h("h2", {}, "Hook runs"), hooksView(page.hooks)),
    h(
      "section",
      { class: "panel" },
      h("h2", {}, "Spec"),
      h("pre", { id: "spec" }, JSON.stringify(page.spec, null, 2)),
    ),
  );
  const title = `Timeline (${page.timeline.length} events)`;
  const draw = () => {
    charts.push(weightsChart(weightsEl, page.weights, range));
    page.metrics.forEach((series, i) => {
      charts.push(metricChart(metricEls[i], series, page.weights.marks, range));
    });
  };
  if (!document.getElementById("timeline")) {
    const slot = h("div");
    const timeline = h("section", { class: "panel" }, h("h2", { id: "timeline-title" }, title), slot);
    main.replaceChildren(head, chartsEl, h("div", { class: "cols" }, timeline, side));
    draw(); // before the timeline is in: the charts' layout stays cheap
    slot.replaceWith(timelineView(page.timeline));
    return;
  }
  document.getElementById("head-area").replaceWith(head);
  document.getElementById("charts").replaceWith(chartsEl);
  document.getElementById("side").replaceWith(side);
  document.getElementById("timeline-title").textContent = title;
  draw();
}

function metricPanel(series, chartEl) {
  return h(
    "section",
    { class: "panel" },
    h(
      "div",
      { class: "chart-title" },
      h("h2", {}, series.metric),
      h("span", { class: "rule" }, ruleOf(series)),
    ),
    tallyView(series),
    chartEl,
  );
}

/**
 * The span of the engine's clock the page knows of, the same for every chart: from the first weight change
 * to the last event, or, while a step bakes, to the end of its bake.
 */
function timeRange(page) {
  const marks = page.weights.marks;
  const times = [
    ...page.weights.points.map((p) => p.at),
    ...marks.filter((m) => m.kind !== "bake-end").map((m) => m.at),
    ...page.metrics.flatMap((s) => s.points.map((p) => p.at)),
    ...page.timeline.slice(-1).map((e) => e.at),
  ];
  const bakeEnd = marks.filter((m) => m.kind === "bake-end").at(-1);
  if (page.status.phase === "stepping" && bakeEnd) times.push(bakeEnd.at);
  if (times.length === 0) return { min: 0, max: 1 };
  const min = Math.min(...page.weights.points.map((p) => p.at), ...times);
  const max = Math.max(...times);
  // A little room after the last change, so that a change at the very end shows.
  return { min, max: max > min ? max + (max - min) * 0.04 : min + 1000 };
}

function actionsView(page) {
  if (config.readOnly) return null;
  const { status, name } = page;
  const done = TERMINAL.has(status.phase);
  const message = h("span", { class: "msg", id: "action-message" });
  const allowed = {
    approve: status.step?.stage === "awaiting-approval",
    pause: !status.paused,
    resume: Boolean(status.paused || status.blocked),
    rollback: !["rolling-back", "decommissioning"].includes(status.phase),
    abort: true,
  };
  const buttons = config.actions.map((command) =>
    h(
      "button",
      {
        class: command,
        "data-action": command,
        disabled: done || !allowed[command],
        onclick: () => act(name, command, message),
      },
      command,
    ),
  );
  return h("section", { class: "panel actions" }, h("h2", {}, "Actions"), buttons, message);
}

async function act(name, command, message) {
  if ((command === "rollback" || command === "abort") && !confirm(`${command} ${name}?`)) return;
  const headers = { "content-type": "application/json" };
  if (token()) headers.authorization = `Bearer ${token()}`;
  const response = await fetch(`/api/migrations/${encodeURIComponent(name)}/${command}`, {
    method: "POST",
    headers,
    body: "{}",
  });
  const body = await response.json().catch(() => ({}));
  message.className = response.ok ? "msg" : "msg error";
  if (response.status === 401)
    message.textContent = "a token is needed: paste the one `cutover dashboard` printed at start";
  else if (response.ok)
    message.textContent = `${body.event.summary} (event #${body.event.seq}); ${body.note}`;
  else message.textContent = body.error ?? `HTTP ${response.status}`;
}

function tick() {
  for (const el of document.querySelectorAll("[data-until]")) {
    const left = Math.max(0, Math.round((Number(el.dataset.until) - Date.now()) / 1000));
    el.textContent = left >= 60 ? `in ${Math.floor(left / 60)} min ${left % 60} s` : `in ${left} s`;
  }
}

/** The server's configuration, read alongside the first data (a page needs it before its first render). */
const configured = getJson("/api/config")
  .catch(() => config)
  .then((answer) => {
    config = answer;
    setupToken();
  });

async function start() {
  setInterval(tick, 1000);
  const match = /^\/m\/(.+)$/.exec(location.pathname);
  if (match) await showMigration(decodeURIComponent(match[1]));
  else await showList();
  tick();
}

start();
