// The events table sorts in the browser, and every page works with
// JavaScript off.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { buildFixture, serve, launch, strictPage } from "./lib.mjs";

let site, server, browser;
before(async () => {
  site = buildFixture("full");
  server = await serve(site.out, "/sub/dossier/");
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test("clicking a column heading sorts the events table", async () => {
  const page = await strictPage(browser);
  await page.goto(`${server.url}events/`);
  const firstTitle = () => page.locator("tbody tr:first-child td:nth-child(2)").innerText();
  assert.equal(await firstTitle(), "Rocket attack on K-1 air base, Kirkuk");
  await page.getByRole("button", { name: "Date" }).click();
  assert.equal(await page.locator("thead th").first().getAttribute("aria-sort"), "ascending");
  await page.getByRole("button", { name: "Date" }).click();
  assert.equal(await page.locator("thead th").first().getAttribute("aria-sort"), "descending");
  assert.equal(await firstTitle(), "US strikes in eastern Syria");
  await page.getByRole("button", { name: "Escalation" }).click();
  assert.match(await page.locator("tbody tr:first-child td:nth-child(4)").innerText(), /^6$/);
  assert.deepEqual(page.problems, []);
});

test("a citation leads to its reference and back", async () => {
  const page = await strictPage(browser, { javaScriptEnabled: false });
  await page.goto(`${server.url}events/2019-12-27-k1-attack/`);
  await page.locator("sup.cite a").first().click();
  assert.match(page.url(), /#ref-1$/);
  assert.match(await page.locator("#ref-1").innerText(), /RFE\/RL/);
  // Several back-links are folded under "cited N times", which opens
  // without JavaScript.
  await page.locator("#ref-1 details.backrefs summary").click();
  await page.locator("#ref-1 a.backref").first().click();
  assert.match(page.url(), /#cite-1$/);
  // The citation is scrolled into view below the top edge, not under it.
  const top = await page.locator("#cite-1").evaluate((a) => a.getBoundingClientRect().top);
  assert.ok(top > 20, `citation at ${top}px from the top`);
  assert.deepEqual(page.problems, []);
});

test("the claims ledger filters in place and keeps the choice in the address", async () => {
  const page = await strictPage(browser);
  await page.goto(`${server.url}claims/`);
  const shown = () => page.locator(".claim-ledger li.claim:not([hidden])").count();
  assert.equal(await shown(), 2);
  await page.selectOption("#filter-stance", "denies");
  assert.equal(await shown(), 1);
  assert.match(page.url(), /\?stance=denies$/);
  assert.match(await page.locator(".filter-status").innerText(), /Showing 1 of 2 claims/);
  // The address restores the choice.
  await page.goto(`${server.url}claims/?stance=condemns`);
  assert.equal(await shown(), 1);
  assert.match(await page.locator(".claim-ledger li.claim:not([hidden])").innerText(), /terrorism/);
  // "Show all" clears the filter and the address.
  await page.getByRole("button", { name: "Show all" }).click();
  await page.waitForFunction(() => !window.location.search);
  assert.equal(await shown(), 2);
  assert.deepEqual(page.problems, []);
});

test("without JavaScript the ledger's filters are pre-rendered pages", async () => {
  const page = await strictPage(browser, { javaScriptEnabled: false });
  await page.goto(`${server.url}claims/`);
  assert.equal(await page.locator("form.filter-form").count(), 0);
  await page.getByRole("link", { name: "Denials" }).click();
  assert.match(page.url(), /claims\/stance\/denies\/$/);
  assert.equal(await page.locator(".claim-ledger li.claim").count(), 1);
  assert.deepEqual(page.problems, []);
});
