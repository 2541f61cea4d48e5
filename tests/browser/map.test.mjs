// The map: its marks lead to their events, no page with a map asks anything
// of another host, it fits a phone's width, works without JavaScript,
// filters and zooms with it, and prints in greys.
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

const visible = (page, selector) => page.locator(`${selector}:visible`).count();
const mapPages = ["map/", "actors/iran/", "events/2019-12-27-k1-attack/", "chronology/kind/airstrike/"];

test("each mark of the map links to its event", async () => {
  const page = await strictPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}map/`);
  const hrefs = await page.locator("svg.map a.mark").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  assert.deepEqual(hrefs.sort(), [
    "../events/2019-12-27-k1-attack/",
    "../events/2019-12-29-us-strikes/",
    "../events/2020-01-03-baghdad-strike/",
  ]);
  const mark = page.locator('svg.map a.mark[href$="events/2019-12-27-k1-attack/"]');
  assert.match(await mark.locator("title").textContent(), /^27 December 2019: Rocket attack on K-1/);
  await mark.click();
  await page.waitForURL(/\/events\/2019-12-27-k1-attack\/$/);
  // The event's locator: the event in focus links to itself, its
  // neighbours to theirs.
  assert.equal(await page.locator('svg.map-locator a.mark.focus[href$="events/2019-12-27-k1-attack/"]').count(), 1);
  await page.locator('svg.map-locator a.mark[href$="events/2019-12-29-us-strikes/"]').click();
  await page.waitForURL(/\/events\/2019-12-29-us-strikes\/$/);
  assert.deepEqual(page.problems, []);
});

test("a page with a map makes no request off the site", async () => {
  const page = await strictPage(browser, { viewport: { width: 1280, height: 900 } });
  const offsite = [];
  const land = [];
  await page.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.hostname !== "127.0.0.1") {
      offsite.push(url.href);
      return route.abort();
    }
    if (url.pathname.endsWith("/map/land.svg")) land.push(url.pathname);
    return route.continue();
  });
  for (const path of mapPages) {
    await page.goto(`${server.url}${path}`, { waitUntil: "networkidle" });
    assert.equal(await page.locator("svg.map").count(), 1, path);
  }
  assert.deepEqual(offsite, []);
  // The maps other than /map/ draw the land from the site's own file.
  assert.ok(land.length >= 1, "map/land.svg is loaded from the site");
  assert.deepEqual(page.problems, []);
});

test("pages with a map do not overflow a phone's width", async () => {
  const page = await strictPage(browser, { viewport: { width: 375, height: 800 } });
  for (const path of mapPages) {
    await page.goto(`${server.url}${path}`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 375, `${path}: ${width} px wide`);
    const box = await page.locator("svg.map").boundingBox();
    assert.ok(box.width > 300 && box.x >= 0 && box.x + box.width <= 375, `${path}: ${JSON.stringify(box)}`);
  }
  assert.deepEqual(page.problems, []);
});

test("without JavaScript the map is there and its marks are links", async () => {
  const page = await strictPage(browser, { javaScriptEnabled: false });
  await page.goto(`${server.url}map/`);
  assert.equal(await visible(page, "svg.map a.mark"), 3);
  assert.equal(await page.locator(".map-controls").count(), 0);
  assert.equal(await page.locator("#places tbody tr").count(), 3);
  assert.deepEqual(page.problems, []);
});

test("with JavaScript the filters, the time slider and zoom work in place", async () => {
  const page = await strictPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}map/`);
  await page.evaluate(() => { window.notReloaded = true; });
  await page.getByLabel("Kind", { exact: true }).selectOption("airstrike");
  assert.equal(await visible(page, "svg.map a.mark"), 2);
  assert.match(page.url(), /\?kind=airstrike$/);
  // Up to 30 December 2019: the US strikes of the 29th, not the drone
  // strike of 3 January.
  await page.locator("#map-until").fill(String(737423));
  assert.equal(await page.locator("output").textContent(), "2019-12-30");
  assert.equal(await visible(page, "svg.map a.mark"), 1);
  assert.equal(await visible(page, 'svg.map a.mark[href$="events/2019-12-29-us-strikes/"]'), 1);
  const before = await page.locator("svg.map").getAttribute("viewBox");
  await page.getByRole("button", { name: "Zoom in" }).first().click();
  const after = await page.locator("svg.map").getAttribute("viewBox");
  assert.notEqual(after, before);
  assert.equal(Number(after.split(" ")[2]) * 2, Number(before.split(" ")[2]));
  await page.getByRole("button", { name: "Reset the map to its whole extent" }).click();
  assert.equal(await page.locator("svg.map").getAttribute("viewBox"), before);
  assert.equal(await page.evaluate(() => window.notReloaded), true, "no page load");
  // The address's filter applies when the page opens.
  await page.goto(`${server.url}map/?kind=rocket-attack`);
  assert.equal(await visible(page, "svg.map a.mark"), 1);
  assert.deepEqual(page.problems, []);
});

test("the map prints in greys, without its controls", async () => {
  const page = await strictPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}map/`);
  await page.emulateMedia({ media: "print" });
  assert.equal(await visible(page, ".map-controls"), 0);
  const fills = await page.locator("svg.map").evaluate((svg) => {
    const fill = (el) => window.getComputedStyle(el).fill;
    return {
      land: fill(svg.querySelector(".land path")),
      high: fill(svg.querySelector("a.mark.lvl-high circle")),
      mid: fill(svg.querySelector("a.mark.lvl-mid circle")),
    };
  });
  const grey = (rgb) => {
    const [r, g, b] = rgb.match(/\d+/g).map(Number);
    return r === g && g === b;
  };
  assert.ok(Object.values(fills).every(grey), JSON.stringify(fills));
  assert.notEqual(fills.high, fills.mid);
  assert.deepEqual(page.problems, []);
});
