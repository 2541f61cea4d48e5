// Bytes a reader's browser fetches for a search, measured on a built site
// in headless Chromium (the real search.js, the real files).
//
//   node bench/search_bytes.mjs SITE_DIR [word ...]
//
// Run from tests/browser's packages (`cd tests/browser && npm ci` once):
//   NODE_PATH=tests/browser/node_modules node bench/search_bytes.mjs /tmp/c100000/dossier/public
// Prints the index's size and file count, its largest shard, and for each
// query the files and bytes fetched under search/ until the results show.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(join(process.cwd(), "tests", "browser", "package.json"));
const { chromium } = require("playwright-core");
const http = require("node:http");
const fs = require("node:fs");

const [site, ...asked] = process.argv.slice(2);
if (!site) {
  console.error("usage: node bench/search_bytes.mjs SITE_DIR [word ...]");
  process.exit(2);
}
const queries = asked.length ? asked : [
  "rocket", "baghdad", "injured", "kataib", "drone",
  "militia", "analysts", "airstrike", "iran", "strike attack",
];

const dir = join(site, "search");
let total = 0, files = 0, largest = ["", 0];
for (const f of readdirSync(dir)) {
  const n = statSync(join(dir, f)).size;
  total += n; files += 1;
  if (!f.startsWith("docs-") && n > largest[1]) largest = [f, n];
}
console.log(`index: ${files} files, ${(total / 1048576).toFixed(1)} MiB; largest shard ${largest[0]} ${(largest[1] / 1024).toFixed(1)} KiB`);

const server = http.createServer((req, res) => {
  let path = decodeURIComponent(new URL(req.url, "http://x").pathname);
  if (path.endsWith("/")) path += "index.html";
  const file = join(site, path);
  fs.readFile(file, (err, data) => {
    if (err) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { "content-type": file.endsWith(".json") ? "application/json" : file.endsWith(".js") ? "text/javascript" : "text/html" });
    res.end(data);
  });
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
console.log("| query | files | KiB fetched | results |");
console.log("| --- | ---: | ---: | --- |");
for (const q of queries) {
  const page = await browser.newPage();
  let bytes = 0, count = 0;
  page.on("response", async (r) => {
    if (!r.url().includes("/search/") || r.url().includes("?q=") || r.url().endsWith("/search/")) return;
    try { bytes += (await r.body()).length; count += 1; } catch { /* aborted */ }
  });
  await page.goto(`${base}search/?q=${encodeURIComponent(q)}`);
  await page.waitForFunction(() => /result|No results|failed/.test(document.querySelector("#search-status")?.textContent), null, { timeout: 120000 });
  await page.waitForTimeout(200);
  const status = await page.textContent("#search-status");
  console.log(`| ${q} | ${count} | ${(bytes / 1024).toFixed(1)} | ${status.split(";")[0].replace(/\|/g, "/")} |`);
  await page.close();
}
await browser.close();
server.close();
