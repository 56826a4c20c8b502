// `-o html`: one self-contained HTML page (inline CSS and script, no network, opens from disk). Every value
// reaches the page through the `html` tag, which HTML-escapes it after redactSecrets, so an object named
// `<script>` stays text and a token in an evidence line stays hidden. The Content-Security-Policy forbids
// every load from anywhere: the page can only use what it carries.

import { redactSecrets } from "../core/redact.js";

/** Markup that is already safe: built by `html` from escaped values, or a constant of this module. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** A value as HTML text or attribute content: secrets redacted, then `& < > " '` escaped. */
export function escapeHtml(value: unknown): string {
  return redactSecrets(String(value ?? "")).replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/** Escapes each interpolated value (arrays joined, SafeHtml kept, null/undefined/false empty). */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? "";
  values.forEach((value, index) => {
    out += piece(value) + (strings[index + 1] ?? "");
  });
  return new SafeHtml(out);
}

function piece(value: unknown): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(piece).join("");
  return escapeHtml(value);
}

/** Text that may wrap after each `/` and `.` (API versions, file paths), escaped piece by piece. */
export function breakable(text: string): SafeHtml {
  return new SafeHtml(
    text
      .split(/(?<=[/.])/)
      .map((part) => escapeHtml(part))
      .join("<wbr>"),
  );
}

/** A filter box and select filters over a table; rows carry the `data-*` the selects name. */
export function filterBar(
  tableId: string,
  selects: { key: string; label: string; options: readonly string[] }[],
): SafeHtml {
  return html`<div class="filters" data-table="${tableId}">
  <input type="search" placeholder="Filter…" aria-label="Filter rows" data-filter-text>
  ${selects.map(
    (select) => html`<label>${select.label}
    <select data-filter-key="${select.key}"><option value="">all</option>${select.options.map(
      (option) => html`<option>${option}</option>`,
    )}</select></label>`,
  )}
  <span class="count" data-count></span>
</div>`;
}

/** A titled bullet list, or nothing when empty. */
export function listSection(title: string, lines: readonly string[], tone = "warn"): SafeHtml {
  if (lines.length === 0) return html``;
  return html`<h2>${title}</h2><div class="box ${tone}"><ul>${lines.map((line) => html`<li>${line}</li>`)}</ul></div>`;
}

/** The whole document. `title` goes into <title> and <h1>. */
export function page(title: string, subtitle: string, body: SafeHtml): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${escapeHtml(title)}</h1><p class="sub">${escapeHtml(subtitle)}</p></header>
<main>
${body.value}
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

const STYLE = `
:root { --fg:#1d2430; --muted:#5b6678; --line:#d9dee7; --bg:#f6f7f9; --card:#fff; --red:#b42318; --amber:#b54708;
  --green:#067647; --blue:#175cd3; --redbg:#fef3f2; --amberbg:#fffaeb; --greenbg:#ecfdf3; --bluebg:#eff8ff; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--fg); background:var(--bg); }
header { background:#101828; color:#fff; padding:18px 28px; }
header h1 { margin:0; font-size:20px; } header .sub { margin:4px 0 0; color:#d0d5dd; }
main { padding:20px 28px 40px; }
td.src { overflow-wrap:anywhere; }
h2 { font-size:16px; margin:28px 0 10px; } h3 { font-size:14px; margin:14px 0 6px; }
.cards { display:flex; gap:12px; flex-wrap:wrap; }
.card { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:12px 16px; min-width:140px; }
.card .n { font-size:24px; font-weight:600; } .card .l { color:var(--muted); }
.box { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:14px 18px; margin:10px 0; }
.box.fail { border-left:5px solid var(--red); } .box.warn { border-left:5px solid var(--amber); }
.box.pass { border-left:5px solid var(--green); } .box.info { border-left:5px solid var(--blue); }
table { border-collapse:collapse; width:100%; background:var(--card); border:1px solid var(--line); }
th, td { text-align:left; padding:5px 8px; font-size:13px; border-bottom:1px solid var(--line); vertical-align:top; }
th { background:#eef1f5; position:sticky; top:0; cursor:pointer; user-select:none; white-space:nowrap; }
th[aria-sort="ascending"]::after { content:" ▲"; } th[aria-sort="descending"]::after { content:" ▼"; }
tr.hidden { display:none; }
code, .mono { font-family:ui-monospace, SFMono-Regular, Menlo, monospace; font-size:12.5px; }
.tag { display:inline-block; padding:1px 8px; border-radius:10px; font-size:12px; font-weight:600; }
.tag.removed, .tag.fail, .tag.high { background:var(--redbg); color:var(--red); }
.tag.deprecated, .tag.warn, .tag.medium { background:var(--amberbg); color:var(--amber); }
.tag.pass, .tag.low, .tag.standard { background:var(--greenbg); color:var(--green); }
.tag.info, .tag.extended { background:var(--bluebg); color:var(--blue); }
.tag.past-end { background:var(--redbg); color:var(--red); }
.filters { display:flex; gap:12px; align-items:center; margin:8px 0; flex-wrap:wrap; }
.filters input { padding:5px 8px; min-width:260px; border:1px solid var(--line); border-radius:6px; }
.filters select { padding:4px; } .filters .count { color:var(--muted); }
.muted { color:var(--muted); } ul { margin:4px 0; padding-left:20px; }
ol.timeline { list-style:none; padding:0; margin:0; border-left:3px solid var(--line); }
ol.timeline > li { position:relative; margin:0 0 14px 18px; }
ol.timeline > li::before { content:""; position:absolute; left:-27px; top:16px; width:14px; height:14px;
  border-radius:50%; background:var(--blue); border:3px solid var(--bg); }
ol.timeline > li.rollout::before { background:var(--amber); }
.hop-head { display:flex; gap:12px; align-items:baseline; flex-wrap:wrap; }
.hop-head .v { font-size:18px; font-weight:600; }
.grid { display:grid; grid-template-columns:repeat(auto-fit, minmax(280px, 1fr)); gap:10px 24px; margin-top:8px; }
.check { display:flex; gap:12px; } .check .mark { font-size:20px; line-height:1; flex:0 0 24px; text-align:center; }
ul.todo { list-style:none; padding-left:4px; }
.mark.pass { color:var(--green); } .mark.warn { color:var(--amber); } .mark.fail { color:var(--red); }
`;

/** Sorting (click a header) and filtering (text box, selects on data-* of rows) for every table. */
const SCRIPT = `
(function () {
  function cellText(row, index) { var c = row.children[index]; return c ? (c.getAttribute("data-sort") || c.textContent || "").trim() : ""; }
  function compare(a, b) {
    var x = parseFloat(a), y = parseFloat(b);
    if (!isNaN(x) && !isNaN(y) && String(x) === a && String(y) === b) return x - y;
    return a.localeCompare(b, undefined, { numeric: true, sensitivity: "base" });
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("thead th").forEach(function (th, index) {
      th.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("thead th").forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) { var r = compare(cellText(a, index), cellText(b, index)); return ascending ? r : -r; });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
  document.querySelectorAll(".filters").forEach(function (bar) {
    var table = document.getElementById(bar.getAttribute("data-table"));
    if (!table) return;
    var text = bar.querySelector("[data-filter-text]");
    var selects = bar.querySelectorAll("[data-filter-key]");
    var count = bar.querySelector("[data-count]");
    function apply() {
      var needle = text.value.trim().toLowerCase(), shown = 0, rows = table.tBodies[0].rows;
      for (var i = 0; i < rows.length; i++) {
        var row = rows[i], ok = !needle || row.textContent.toLowerCase().indexOf(needle) >= 0;
        selects.forEach(function (s) { if (s.value && row.getAttribute("data-" + s.getAttribute("data-filter-key")) !== s.value) ok = false; });
        row.classList.toggle("hidden", !ok);
        if (ok) shown++;
      }
      count.textContent = shown + " of " + rows.length + " shown";
    }
    text.addEventListener("input", apply);
    selects.forEach(function (s) { s.addEventListener("change", apply); });
    apply();
  });
})();
`;
