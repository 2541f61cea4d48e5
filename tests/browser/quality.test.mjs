// The flagship checked with real tools: the W3C Nu HTML checker on every
// page, linkinator on every internal link, axe-core in Chromium on each kind
// of page; screenshots at phone and desktop widths go to
// target/screenshots/ for review.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { LinkChecker } from "linkinator";
import { repo, dossier, serve, launch, strictPage } from "./lib.mjs";

const require = createRequire(import.meta.url);
const out = join(repo, "target", "quality-site");
const shots = join(repo, "target", "screenshots");
let server, browser;

// One page of each kind, by its path under the site.
const PAGES = {
  home: "",
  events: "events/",
  event: "events/2019-12-29-us-strikes-kataib-hezbollah/",
  actor: "actors/kataib-hezbollah/",
  actors: "actors/",
  source: "sources/rferl-2021-02-26/",
  capture: "sources/rferl-2021-02-26/capture/",
  sources: "sources/",
  chronology: "chronology/",
  map: "map/",
  methodology: "methodology/",
  search: "search/",
};

before(async () => {
  dossier(["build", "--root", repo, "--output", out]);
  server = await serve(out, "/");
  browser = await launch();
  mkdirSync(shots, { recursive: true });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test("the Nu HTML checker reports no error on any page", () => {
  const jar = require("vnu-jar");
  const run = spawnSync("java", ["-jar", jar, "--errors-only", "--skip-non-html", out], { encoding: "utf8" });
  assert.equal(run.error, undefined, `cannot run java: ${run.error}`);
  assert.equal(run.stderr.trim() + run.stdout.trim(), "", "vnu reported errors");
  assert.equal(run.status, 0);
});

test("linkinator finds no broken internal link", async () => {
  const checker = new LinkChecker();
  const result = await checker.check({ path: server.url, recurse: true, linksToSkip: [`^(?!${server.url})`] });
  const broken = result.links.filter((l) => l.state === "BROKEN");
  assert.ok(result.links.length > 150, `only ${result.links.length} links checked`);
  assert.deepEqual(broken.map((l) => `${l.url} (from ${l.parent})`), []);
});

test("axe-core finds no serious or critical violation", async () => {
  const axe = require.resolve("axe-core");
  const problems = [];
  for (const [name, path] of Object.entries(PAGES)) {
    for (const scheme of ["light", "dark"]) {
      const page = await strictPage(browser);
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(server.url + path);
      await page.addScriptTag({ path: axe });
      const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
      for (const v of result.violations) {
        if (v.impact === "serious" || v.impact === "critical") {
          problems.push(`${name} (${scheme}): ${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
        }
      }
      assert.deepEqual(page.problems, [], `${name}: console errors`);
      await page.close();
    }
  }
  assert.deepEqual(problems, []);
});

test("pages print without navigation, with notes inline and source addresses", async () => {
  for (const name of ["event", "actor", "chronology"]) {
    const page = await browser.newPage();
    await page.emulateMedia({ media: "print" });
    await page.goto(server.url + PAGES[name]);
    const shown = (sel) => page.locator(sel).first().evaluate((el) => getComputedStyle(el).display !== "none");
    assert.equal(await shown(".site-header"), false, `${name}: the header prints`);
    assert.equal(await shown(".site-footer"), false, `${name}: the footer prints`);
    assert.equal(await shown("main"), true);
    if (name === "chronology") {
      assert.equal(await shown("svg.chart"), true, "the chart prints");
      assert.equal(await page.locator(".chrono-filters, .filter-form").count() === 0 || !(await shown(".chrono-filters, .filter-form")), true, "filters print");
    }
    if (name === "event") {
      // Sidenotes sit in the flow on paper, not in the margin.
      const position = await page.locator(".sidenote").first().evaluate((el) => getComputedStyle(el).position);
      assert.equal(position, "static");
    }
    await page.pdf({ path: join(shots, `${name}-print.pdf`) });
    await page.close();
  }
});

test("screenshots of the key pages at phone and desktop widths", async () => {
  for (const [name, path] of Object.entries(PAGES)) {
    for (const [label, width] of [["phone", 375], ["desktop", 1280]]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(server.url + path);
      // Nothing may overflow the viewport sideways at phone width.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (label === "phone") assert.ok(overflow <= 1, `${name} overflows the phone viewport by ${overflow}px`);
      await page.screenshot({ path: join(shots, `${name}-${label}.png`), fullPage: false });
      await page.close();
    }
  }
});
