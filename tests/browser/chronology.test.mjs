// The chronology: a point of the chart leads to its event, and the filters
// work instantly with JavaScript and as pre-rendered pages without it.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { buildFixture, serve, launch, strictPage } from "./lib.mjs";

let site, server, browser;
before(async () => {
  site = buildFixture("chronology");
  server = await serve(site.out, "/chrono/");
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const visible = (page, selector) => page.locator(`${selector}:visible`).count();

test("clicking a point of the chart opens its event", async () => {
  const page = await strictPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}chronology/`);
  const point = page.locator('svg.timeline a.mark[href$="events/e-strikes/"]');
  assert.match(await point.locator("title").textContent(), /^29 December 2019: US air strikes/);
  await point.click();
  await page.waitForURL(/\/events\/e-strikes\/$/);
  assert.match(await page.locator("h1").innerText(), /^US air strikes on <Kataib Hezbollah> & allies/);
  assert.deepEqual(page.problems, []);
});

test("a point of the chart can be reached at phone width", async () => {
  const page = await strictPage(browser, { viewport: { width: 375, height: 800 } });
  await page.goto(`${server.url}`);
  const point = page.locator('svg.timeline a.mark[href$="events/e-kirkuk/"]');
  await point.click();
  await page.waitForURL(/\/events\/e-kirkuk\/$/);
  assert.deepEqual(page.problems, []);
});

test("the filter form filters the list, the chains and the chart in place", async () => {
  const page = await strictPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}chronology/`);
  await page.evaluate(() => { window.notReloaded = true; });
  assert.equal(await visible(page, ".chronology-list .event-item"), 11);
  assert.equal(await visible(page, "svg.timeline a.mark"), 10);

  await page.getByLabel("Kind", { exact: true }).selectOption("airstrike");
  assert.equal(await visible(page, ".chronology-list .event-item"), 3);
  assert.equal(await visible(page, "svg.timeline a.mark"), 3);
  // Only the arrow between two air strikes is left; the April chain is not.
  assert.equal(await visible(page, "svg.timeline .edge"), 1);
  assert.equal(await visible(page, "section.chain"), 2);
  assert.match(await page.locator(".filter-status").innerText(), /Showing 3 of 11 events/);
  // The jump links count what the filter shows.
  assert.equal(await page.locator('.on-this-page a[href="#events"]').innerText(), "Events shown (3 of 11)");
  assert.match(await page.locator('.on-this-page a[href="#chains"]').innerText(), /^Tit-for-tat chains \(2 of \d+\)$/);
  assert.match(page.url(), /\?kind=airstrike$/);

  await page.getByLabel("Actor", { exact: true }).selectOption({ label: "Iran" });
  assert.equal(await visible(page, ".chronology-list .event-item"), 1);
  assert.equal(await visible(page, "section.chain"), 1);
  assert.equal(await visible(page, "section.month"), 1);
  assert.equal(await page.evaluate(() => window.notReloaded), true, "no page load");

  await page.getByRole("button", { name: "Show all" }).click();
  await page.waitForFunction(() => !window.location.search);
  assert.equal(await visible(page, ".chronology-list .event-item"), 11);
  assert.equal(await page.locator('.on-this-page a[href="#events"]').innerText(), "Every event (11)");
  assert.equal(await visible(page, "svg.timeline .edge"), 7);
  assert.deepEqual(page.problems, []);
});

test("a filter in the address applies when the page opens", async () => {
  const page = await strictPage(browser);
  await page.goto(`${server.url}chronology/?phase=spring-calm`);
  assert.equal(await page.getByLabel("Phase", { exact: true }).inputValue(), "spring-calm");
  assert.equal(await visible(page, ".chronology-list .event-item"), 4);
  assert.deepEqual(page.problems, []);
});

test("without JavaScript, the filters are pre-rendered pages", async () => {
  const page = await strictPage(browser, { javaScriptEnabled: false });
  await page.goto(`${server.url}chronology/`);
  assert.equal(await page.locator(".filter-form").count(), 0);
  await page.locator(".chrono-filters summary").click();
  await page.locator('.chrono-filters a[data-facet="actor"][data-value="iran"]').click();
  await page.waitForURL(/\/chronology\/actor\/iran\/$/);
  assert.equal(await page.locator("h1").innerText(), "Iran");
  assert.equal(await visible(page, ".chronology-list .event-item"), 4);
  assert.equal(await page.locator("svg.timeline a.mark").count(), 4);
  // And its points lead to the events too.
  await page.locator('svg.timeline a.mark[href$="events/e-lull/"]').click();
  await page.waitForURL(/\/events\/e-lull\/$/);
  assert.deepEqual(page.problems, []);
});
