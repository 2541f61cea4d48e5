// Search: the client's folding matches the Rust folding on the shared table
// of cases; a reader finds Kataib Hezbollah by typing "Kaitib", under a
// sub-path; with JavaScript off the page explains and links to the lists.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import vm from "node:vm";
import { repo, dossier, serve, launch, strictPage } from "./lib.mjs";

const out = join(repo, "target", "search-site");
let server, browser;

before(async () => {
  dossier(["build", "--root", repo, "--output", out, "--base-url", "https://example.org/sub/dossier/"]);
  server = await serve(out, "/sub/dossier/");
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test("search.js folds the shared cases exactly as the Rust index does", () => {
  const sandbox = {};
  vm.runInNewContext(readFileSync(join(out, "search.js"), "utf8"), { window: sandbox });
  const cases = JSON.parse(readFileSync(join(repo, "src", "search", "fold_cases.json"), "utf8"));
  assert.ok(cases.length > 10);
  for (const [text, keys] of cases) {
    assert.deepEqual(Array.from(sandbox.dossierSearch.keys(text)), keys, text);
  }
});

test("typing Kaitib finds Kataib Hezbollah, under a sub-path", async () => {
  const page = await strictPage(browser);
  await page.goto(server.url + "search/");
  await page.fill("#search-q", "Kaitib");
  const first = page.locator("#search-results li a").first();
  await first.waitFor();
  assert.equal(await first.textContent(), "Kataib Hezbollah");
  assert.match(await page.locator("#search-results li").first().textContent(), /Actor/);
  assert.match(await page.textContent("#search-status"), /result/);
  assert.ok(await page.locator("#search-nojs").isHidden());
  await first.click();
  await page.waitForURL(/\/sub\/dossier\/actors\/kataib-hezbollah\/$/);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test("the header's search box leads to results, and variants match", async () => {
  const page = await strictPage(browser);
  await page.goto(server.url + "events/");
  await page.fill("#site-q", "Hizballah");
  await page.press("#site-q", "Enter");
  await page.waitForURL(/\/sub\/dossier\/search\/\?q=Hizballah$/);
  await page.locator("#search-results li").first().waitFor();
  const titles = await page.locator("#search-results li a").allTextContents();
  assert.ok(titles.includes("Kataib Hezbollah"), titles.join(" | "));
  await page.fill("#search-q", "Mohandes");
  await page.waitForFunction(() => /Muhandis/.test(document.querySelector("#search-results")?.textContent));
  await page.fill("#search-q", "zzqxj");
  await page.waitForFunction(() => /No results/.test(document.querySelector("#search-status").textContent));
  assert.equal(await page.locator("#search-results li").count(), 0);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test("with JavaScript off the search page explains and links to the lists", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(server.url + "search/?q=Kaitib");
  assert.ok(await page.locator("#search-nojs").isVisible());
  assert.match(await page.textContent("#search-nojs"), /needs JavaScript/);
  await page.click("#search-nojs a[href$='actors/']");
  await page.waitForURL(/\/sub\/dossier\/actors\/$/);
  await context.close();
});
