// The page and its files: src/dashboard-ui (shipped in the package, next to dist) and uPlot's ES module and
// stylesheet served from the installed `uplot` dependency, so the page loads nothing from the network.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Hono } from "hono";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
};

/** The UI's files by URL path, read once at start (a few kB). */
export function loadAssets(): Map<string, { body: string; type: string }> {
  const ui = uiDirectory();
  const require = createRequire(import.meta.url);
  const files: [string, string][] = [
    ["/ui/app.js", join(ui, "app.js")],
    ["/ui/charts.js", join(ui, "charts.js")],
    ["/ui/views.js", join(ui, "views.js")],
    ["/ui/style.css", join(ui, "style.css")],
    ["/index.html", join(ui, "index.html")],
    ["/vendor/uPlot.esm.js", require.resolve("uplot/dist/uPlot.esm.js")],
    ["/vendor/uPlot.min.css", require.resolve("uplot/dist/uPlot.min.css")],
  ];
  return new Map(
    files.map(([path, file]) => [
      path,
      { body: readFileSync(file, "utf8"), type: TYPES[extname(file)] ?? "" },
    ]),
  );
}

export function registerAssets(app: Hono): void {
  const assets = loadAssets();
  const send = (path: string) => {
    const asset = assets.get(path);
    if (!asset) return new Response(JSON.stringify({ error: "not found" }), { status: 404 });
    return new Response(asset.body, { headers: { "content-type": asset.type, "cache-control": "no-cache" } });
  };
  app.get("/", () => send("/index.html"));
  app.get("/favicon.ico", () => new Response(null, { status: 204 }));
  app.get("/m/:name", () => send("/index.html"));
  app.get("/ui/:file", (c) => send(`/ui/${c.req.param("file")}`));
  app.get("/vendor/:file", (c) => send(`/vendor/${c.req.param("file")}`));
}

/** src/dashboard-ui of the package this module belongs to (run from src/ by tsx, or from dist/). */
function uiDirectory(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string };
      if (pkg.name === "cutover") return join(dir, "src", "dashboard-ui");
    } catch {
      // not the package root yet
    }
    dir = dirname(dir);
  }
  throw new Error("cutover's src/dashboard-ui was not found above the dashboard module; reinstall cutover");
}
