// DOM for the list and the migration page. Text always goes in through textContent: nothing from the store
// is ever parsed as HTML.

/** h("td", { class: "x" }, "text", child) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

const time = (iso) => (iso ? new Date(iso).toLocaleString() : "—");
/** The engine's time of an event (ms), as the charts show it. */
const clock = (at) => new Date(at).toLocaleTimeString([], { hour12: false });

export function listView(migrations) {
  if (migrations.length === 0) {
    return h(
      "div",
      { class: "panel empty" },
      "No migration in this store yet. `cutover migrate start SPEC` starts one; it appears here.",
    );
  }
  const rows = migrations.map((m) =>
    h(
      "tr",
      { "data-name": m.name },
      h("td", {}, h("a", { href: `/m/${encodeURIComponent(m.name)}`, "data-link": true }, m.name)),
      h("td", {}, m.specFile ?? "—"),
      h(
        "td",
        {},
        h("span", { class: `phase ${m.phase}` }, m.phase),
        " ",
        m.position !== m.phase ? m.position : "",
      ),
      h("td", {}, m.weights),
      h("td", {}, time(m.startedAt)),
      h("td", {}, time(m.endedAt)),
      h("td", {}, m.outcome ?? "—"),
      h("td", {}, m.lease ? m.lease.holder : "—"),
    ),
  );
  const head = [
    "migration",
    "spec file",
    "phase",
    "weights",
    "started",
    "ended",
    "outcome",
    "driver (lease)",
  ];
  return h(
    "div",
    { class: "panel" },
    h("h2", {}, "Migrations"),
    h(
      "table",
      { class: "list" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          head.map((t) => h("th", {}, t)),
        ),
      ),
      h("tbody", {}, rows),
    ),
  );
}

/** Name, phase, weights now, the next decision (with a countdown element) and the alerts. */
export function headView(page) {
  const { status } = page;
  const weights = status.weights.applied ?? { blue: 100, green: 0 };
  const next = page.next;
  const alerts = [];
  if (status.rollback)
    alerts.push(h("div", { class: "alert" }, `ROLLBACK by ${status.rollback.by}: ${status.rollback.reason}`));
  if (status.blocked) alerts.push(h("div", { class: "alert warn" }, `Blocked: ${status.blocked.reason}`));
  if (status.paused) alerts.push(h("div", { class: "alert warn" }, `Paused by ${status.paused.by}`));
  return h(
    "section",
    { class: "panel" },
    h(
      "div",
      { class: "head" },
      h("h1", {}, page.name),
      h("span", { class: `phase ${status.phase}`, id: "phase" }, status.phase),
      h("span", { class: "where" }, status.position),
      h(
        "div",
        { class: "weights-now" },
        h("span", { class: "num-b" }, `${weights.blue}%`),
        h(
          "div",
          { class: "bar" },
          h("div", { class: "b", style: `width:${weights.blue}%` }),
          h("div", { class: "g", style: `width:${weights.green}%` }),
        ),
        h("span", { class: "num-g" }, `${weights.green}%`),
      ),
      h(
        "span",
        { class: "where" },
        page.lease ? `driver: ${page.lease.holder}` : "no driver holds the lease",
      ),
      next
        ? h(
            "div",
            { class: `next ${next.kind}` },
            h("div", { class: "label" }, "next decision"),
            h("div", { class: "what", id: "next" }, next.label),
            next.until ? h("div", { class: "countdown", "data-until": next.until }, "") : null,
          )
        : null,
    ),
    alerts,
  );
}

export function tallyView(series) {
  const count = (phase) => series.points.filter((p) => p.phase === phase).length;
  const failed = count("failed");
  return h(
    "span",
    { class: "tally" },
    h("b", { class: "successful" }, `${count("successful")} passed`),
    " · ",
    h("b", { class: "failed" }, `${failed} failed`),
    ` (limit ${series.failureLimit}${failed > series.failureLimit ? ", exceeded" : ""})`,
    " · ",
    h("b", { class: "inconclusive" }, `${count("inconclusive")} inconclusive`),
  );
}

export function ruleOf(series) {
  const parts = [];
  if (series.max !== null) parts.push(`max ${series.max}`);
  if (series.min !== null) parts.push(`min ${series.min}`);
  if (series.maxRatio !== null) parts.push(`≤ ${series.maxRatio}× blue`);
  return parts.join(" · ");
}

const DECISIONS = new Set([
  "step-passed",
  "approved",
  "promoted",
  "completed",
  "preflight-passed",
  "smoke-passed",
]);
const BAD = new Set([
  "rollback-started",
  "rolled-back",
  "aborted",
  "hook-failed",
  "preflight-failed",
  "smoke-failed",
]);

function kindOf(event) {
  if (BAD.has(event.type)) return "bad";
  if (DECISIONS.has(event.type)) return "decision";
  if (event.type === "approval-requested" || event.type === "paused") return "wait";
  return event.type;
}

function eventItem(e) {
  return h(
    "li",
    { class: kindOf(e), "data-seq": e.seq, "data-type": e.type },
    h("span", { class: "t" }, clock(e.at)),
    h("span", { class: "seq" }, `#${e.seq}`),
    h("span", { class: "s" }, e.summary),
  );
}

const SHOWN = 500;

/** The log, newest first, in the words of `cutover migrate history`; the newest 500, then a button for the rest. */
export function timelineView(timeline, limit = SHOWN) {
  const newest = [...timeline].reverse();
  const list = h("ol", { class: "timeline", id: "timeline" }, newest.slice(0, limit).map(eventItem));
  if (newest.length > limit) {
    const more = h("li", { class: "more" });
    more.append(
      h(
        "button",
        { onclick: () => more.replaceWith(...newest.slice(limit).map(eventItem)) },
        `show the ${newest.length - limit} earlier events`,
      ),
    );
    list.append(more);
  }
  return list;
}

/** A new event from the live stream, on top of the timeline. */
export function prependEvent(entry) {
  document.getElementById("timeline")?.prepend(eventItem(entry));
}

export function hooksView(hooks) {
  if (hooks.length === 0) return h("div", { class: "empty" }, "No hook has run.");
  return h(
    "table",
    { class: "list hooks" },
    h(
      "tbody",
      {},
      hooks.map((run) =>
        h(
          "tr",
          {},
          h("td", {}, run.hook),
          h("td", {}, h("code", {}, run.command)),
          h("td", {}, run.status),
          h("td", {}, h("pre", {}, run.output)),
        ),
      ),
    ),
  );
}
