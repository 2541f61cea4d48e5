// A paragraph citation opens the preserved copy at that paragraph, and the
// paragraph leads back to the citation; with JavaScript off, as links.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { buildFixture, serve, launch, strictPage } from "./lib.mjs";

let site, server, browser;
before(async () => {
  site = buildFixture("evidence");
  server = await serve(site.out, "/sub/dossier/");
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test("a paragraph citation opens the paragraph, which links back to it", async () => {
  const page = await strictPage(browser, { javaScriptEnabled: false });
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(`${server.url}events/2019-12-27-depot-fire/`);
  await page.locator("a.para", { hasText: "¶\u00a02" }).first().click();
  assert.match(page.url(), /\/sources\/wire-2019-12-28\/capture\/#p2$/);
  const target = page.locator("#p2");
  assert.match(await target.innerText(), /Police said a rocket struck the depot/);
  assert.equal(await page.evaluate(() => document.querySelector(":target")?.id), "p2");
  // Back to the exact citation on the event page.
  await target.locator(".cited-at a", { hasText: "Fire at a weapons depot" }).click();
  assert.match(page.url(), /\/events\/2019-12-27-depot-fire\/#cp-14-1-1$/);
  assert.equal(await page.evaluate(() => document.querySelector(":target")?.textContent), "¶\u00a02");
  // The sanitised HTML copy loads nothing from elsewhere.
  await page.goto(`${server.url}sources/gazette-2019-12-28/capture/#p3`);
  assert.match(await page.locator("#p3").innerText(), /We saw the rocket come from the west/);
  assert.deepEqual(requests.filter((u) => !u.startsWith(server.url)), []);
  assert.deepEqual(page.problems, []);
});

test("the published copy is the file as preserved", async () => {
  const page = await strictPage(browser);
  await page.goto(`${server.url}sources/wire-2019-12-28/`);
  const href = await page.locator(".captures a", { hasText: "wire-depot.txt" }).getAttribute("href");
  const response = await page.request.get(new URL(href, page.url()).href);
  assert.equal(response.status(), 200);
  assert.match(await response.text(), /^Depot fire in Kirkuk: militia blamed\n\nA fire broke out/);
  assert.deepEqual(page.problems, []);
});
