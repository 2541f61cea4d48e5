// Shared helpers for browser tests: build a fixture dossier with the real
// binary, serve it over HTTP on 127.0.0.1, and drive Debian's Chromium.
import { chromium } from "playwright-core";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, existsSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join, normalize, extname } from "node:path";
import { fileURLToPath } from "node:url";

export const repo = fileURLToPath(new URL("../..", import.meta.url));
export const binary = join(repo, "target", "debug", "dossier");

/** The temporary folders this test file made, removed when it ends. */
const made = [];
process.on("exit", () => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** Copies tests/fixtures/<name> into a fresh temporary folder; its path. */
export function copyFixture(name) {
  const dir = mkdtempSync(join(tmpdir(), `dossier-${name}-`));
  made.push(dir);
  cpSync(join(repo, "tests", "fixtures", name), dir, { recursive: true });
  return dir;
}

/** Runs the dossier binary; throws with its output when it fails. */
export function dossier(args) {
  if (!existsSync(binary)) throw new Error(`${binary} is missing: run cargo build first`);
  const run = spawnSync(binary, args, { encoding: "utf8" });
  if (run.status !== 0) {
    throw new Error(`dossier ${args.join(" ")} exited ${run.status}\n${run.stdout}\n${run.stderr}`);
  }
  return run;
}

/** Builds a copy of fixture `name`; the root and the output folder. */
export function buildFixture(name, extra = []) {
  const root = copyFixture(name);
  dossier(["build", "--root", root, ...extra]);
  return { root, out: join(root, "public") };
}

const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".json": "application/json", ".xml": "application/xml", ".svg": "image/svg+xml",
  ".csv": "text/csv", ".geojson": "application/geo+json", ".txt": "text/plain",
};

/** Serves `dir` as a static host would, under `base` ("/sub/dossier/"). */
export async function serve(dir, base = "/") {
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    let path = decodeURIComponent(url.pathname);
    if (!path.startsWith(base)) { res.writeHead(404); res.end(); return; }
    path = normalize(path.slice(base.length));
    if (path.startsWith("..")) { res.writeHead(404); res.end(); return; }
    let file = join(dir, path);
    try {
      if (statSync(file).isDirectory()) file = join(file, "index.html");
      const body = readFileSync(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/html; charset=utf-8" });
      res.end(existsSync(join(dir, "404.html")) ? readFileSync(join(dir, "404.html")) : "not found");
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}${base}`, close: () => new Promise((r) => server.close(r)) };
}

/** Debian's Chromium, headless, with no network chatter. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
}

/** A page that fails the test on any console error or uncaught exception. */
export async function strictPage(browser, options = {}) {
  const page = await browser.newPage(options);
  const problems = [];
  page.on("pageerror", (e) => problems.push(`uncaught: ${e.message}`));
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
  page.problems = problems;
  return page;
}
