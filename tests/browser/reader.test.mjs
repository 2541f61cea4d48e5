// What a reader trips over, measured on the flagship in Chromium: margin
// notes drawn on top of each other, an events table that gives its width to
// the dates, pages wider than a phone, claims whose stances look alike.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { repo, dossier, serve, launch, strictPage } from "./lib.mjs";

const out = join(repo, "target", "reader-site");
let server, browser;

/** Every page the build wrote, as paths under the site ("events/x/"). */
function pages(under = "") {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name === "index.html") {
        const rel = relative(out, dir).split(sep).join("/");
        found.push(rel === "" ? "" : `${rel}/`);
      }
    }
  };
  walk(join(out, under));
  return found.sort();
}

before(async () => {
  dossier(["build", "--root", repo, "--output", out]);
  server = await serve(out, "/");
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test("no two margin notes overlap on any event page at 1280 and 1440 px", async () => {
  const events = pages("events").filter((p) => p !== "events/");
  assert.ok(events.length >= 20, `only ${events.length} event pages`);
  let withTwo = 0;
  for (const width of [1280, 1440]) {
    const page = await strictPage(browser, { viewport: { width, height: 900 } });
    for (const path of events) {
      await page.goto(server.url + path);
      const boxes = await page.locator(".sidenote").evaluateAll((els) =>
        els.map((el) => {
          const r = el.getBoundingClientRect();
          return { id: el.id, top: r.top, bottom: r.bottom, left: r.left, right: r.right };
        }));
      if (boxes.length >= 2) withTwo += 1;
      for (const b of boxes) {
        // In the margin, beside the text, not in the flow under it.
        assert.ok(b.left > 700, `${path} at ${width}px: note ${b.id} is not in the margin (left ${b.left})`);
      }
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const [a, b] = [boxes[i], boxes[j]];
          const apart = a.bottom <= b.top || b.bottom <= a.top || a.right <= b.left || b.right <= a.left;
          assert.ok(apart, `${path} at ${width}px: notes ${a.id} and ${b.id} overlap`);
        }
      }
    }
    assert.deepEqual(page.problems, []);
    await page.close();
  }
  // The flagship has pages with two notes to one paragraph; the test must see them.
  assert.ok(withTwo >= 2, `only ${withTwo} page views had two notes or more`);
});

test("the events table gives its widest column to the titles", async () => {
  const page = await strictPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}events/`);
  const widths = await page.locator(".events-table thead th").evaluateAll((ths) =>
    ths.map((th) => [th.innerText.replace(/\W+$/, "").trim(), th.getBoundingClientRect().width]));
  const [widest] = [...widths].sort((a, b) => b[1] - a[1]);
  assert.equal(widest[0], "Event", `column widths: ${JSON.stringify(widths)}`);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test("on a phone the events table is stacked rows with every title shown", async () => {
  const page = await strictPage(browser, { viewport: { width: 375, height: 800 } });
  await page.goto(`${server.url}events/`);
  const rows = await page.locator(".events-table tbody tr").evaluateAll((trs) =>
    trs.map((tr) => {
      const title = tr.querySelector("td:nth-child(2)").getBoundingClientRect();
      return { width: title.width, right: title.right, visible: title.height > 0 };
    }));
  assert.ok(rows.length >= 20);
  for (const r of rows) {
    assert.ok(r.visible, "a title is hidden");
    assert.ok(r.width > 300 && r.right <= 375, `a title is ${r.width}px wide, ending at ${r.right}`);
  }
  assert.deepEqual(page.problems, []);
  await page.close();
});

test("no page is wider than a 375 px phone, and no table is clipped", async () => {
  const all = pages();
  assert.ok(all.length > 80, `only ${all.length} pages`);
  const page = await strictPage(browser, { viewport: { width: 375, height: 800 } });
  const problems = [];
  for (const path of all) {
    await page.goto(server.url + path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 1) problems.push(`/${path} overflows by ${overflow}px`);
    // A table in running text scrolls inside its box only if it must; the
    // charts, which scroll on purpose, are not tables.
    const clipped = await page.locator("main table").evaluateAll((tables) =>
      tables.filter((t) => t.getBoundingClientRect().right > window.innerWidth + 1).length);
    if (clipped > 0) problems.push(`/${path}: ${clipped} table(s) run past the screen`);
  }
  assert.deepEqual(problems, []);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test("each stance of a claim looks different, and no claim is reported via its speaker", async () => {
  const page = await strictPage(browser, { viewport: { width: 1280, height: 900 } });
  const look = new Map();
  for (const path of pages("events")) {
    const html = readFileSync(join(out, path, "index.html"), "utf8");
    if (!html.includes('class="claim ')) continue;
    await page.goto(server.url + path);
    const claims = await page.locator("li.claim").evaluateAll((lis) =>
      lis.map((li) => {
        const s = li.querySelector(".stance");
        const st = getComputedStyle(s);
        const before = getComputedStyle(s, "::before").content;
        const by = li.querySelector("a").innerText;
        const via = [...li.querySelectorAll(".via a")].map((a) => a.innerText);
        return { stance: [...li.classList].find((c) => c.startsWith("stance-")), word: s.innerText, look: `${st.color} ${before}`, by, via };
      }));
    for (const c of claims) {
      look.set(c.stance, c.look);
      assert.notEqual(c.word.toLowerCase(), "other", `${path}: a claim says only "other"`);
      for (const v of c.via) {
        assert.ok(!c.by.startsWith(v), `${path}: ${c.by}'s claim is "reported via" ${v}`);
      }
    }
  }
  assert.ok(look.size >= 5, `only the stances ${[...look.keys()]} are on the flagship`);
  assert.equal(new Set(look.values()).size, look.size, `stances share a look: ${JSON.stringify([...look])}`);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test("at 1280 px the header is one row: the name, every section and the search box", async () => {
  const page = await strictPage(browser, { viewport: { width: 1280, height: 800 } });
  for (const path of ["", "sources/", "claims/", "chronology/", "events/", "map/"]) {
    await page.goto(server.url + path);
    // One row: a horizontal line crosses every part.
    const [lowestTop, highestBottom] = await page.evaluate(() => {
      const header = document.querySelector(".site-header");
      const parts = [...header.querySelectorAll(".brand, nav li a, .site-search input")]
        .map((el) => el.getBoundingClientRect());
      return [Math.max(...parts.map((r) => r.top)), Math.min(...parts.map((r) => r.bottom))];
    });
    assert.ok(lowestTop < highestBottom, `${path}: the header wraps (a part starts at ${lowestTop}, another ends at ${highestBottom})`);
  }
  assert.deepEqual(page.problems, []);
  await page.close();
});

/** The titles of the results for `q`, in order, and the marked words. */
async function search(page, q) {
  await page.goto(`${server.url}search/?q=${encodeURIComponent(q)}`);
  await page.waitForFunction(() => /result/.test(document.querySelector("#search-status")?.textContent));
  const titles = await page.locator("#search-results li > a").allTextContents();
  const marked = await page.locator("#search-results mark").allTextContents();
  return { titles, marked };
}

test("search ranks exact and prefix matches of a name above folded and phonetic ones", async () => {
  const page = await strictPage(browser);
  // Exact: a name's own word before a name that only sounds like it.
  let r = await search(page, "Soleimani");
  assert.equal(r.titles[0], "Qassem Soleimani", r.titles.join(" | "));
  assert.ok(r.titles.indexOf("Douglas Silliman") > 0, r.titles.join(" | "));
  // Exact alias: PMU is the Popular Mobilization Forces, not Mike Pompeo.
  r = await search(page, "PMU");
  assert.equal(r.titles[0], "Popular Mobilization Forces", r.titles.join(" | "));
  // Prefix, while typing: an alias's beginning.
  r = await search(page, "Popular Mobil");
  assert.equal(r.titles[0], "Popular Mobilization Forces", r.titles.join(" | "));
  // Folded: Kata'ib is Kataib, and the group comes first.
  r = await search(page, "Kata'ib");
  assert.equal(r.titles[0], "Kataib Hezbollah", r.titles.join(" | "));
  // Near: "erbi" is closer to Irbil than to Arab.
  r = await search(page, "erbi");
  assert.match(r.titles[0], /Irbil/, r.titles.join(" | "));
  assert.ok(r.marked.some((w) => /^Irbil$/i.test(w)), `marked: ${r.marked}`);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test("search puts an exact name before a longer name it begins and before a name it only folds to", async () => {
  const page = await strictPage(browser);
  // "Iran" typed: the actor Iran, exact, before the Iranian Foreign
  // Ministry and "Iran-backed Iraqi militias", which it only begins.
  let r = await search(page, "Iran");
  assert.equal(r.titles[0], "Iran", r.titles.join(" | "));
  assert.ok(r.titles.indexOf("Iranian Foreign Ministry") > 0, r.titles.join(" | "));
  // "Iraq" finished (a space after it): Iraq, exact, before the Iraqi
  // militias, whose "Iraqi" folds to the same key.
  r = await search(page, "Iraq ");
  assert.equal(r.titles[0], "Iraq", r.titles.join(" | "));
  assert.ok(r.titles.some((t) => /^Iraqi /.test(t)), r.titles.join(" | "));
  assert.deepEqual(page.problems, []);
  await page.close();
});

test("search marks the matched words, shows one search box, and no snippet repeats the name", async () => {
  const page = await strictPage(browser);
  const r = await search(page, "Soleimani");
  assert.ok(r.marked.length >= 2, `marked: ${r.marked}`);
  for (const w of r.marked) assert.match(w, /^(Soleimani|Suleimani|Silliman)/i);
  assert.equal(await page.locator("input[type=search]").count(), 1);
  const snippets = await page.locator("#search-results li").evaluateAll((lis) =>
    lis.map((li) => [li.querySelector("a").textContent, li.querySelector(".result-snippet")?.textContent || ""]));
  for (const [title, snippet] of snippets) {
    const also = /^Also: ([^.]*)\./.exec(snippet);
    if (also) assert.ok(!also[1].split(", ").includes(title), `${title}: ${snippet}`);
  }
  assert.deepEqual(page.problems, []);
  await page.close();
});

test("on a phone the chronology's chart opens at its crowded weeks, phase labels inside it", async () => {
  const page = await strictPage(browser, { viewport: { width: 390, height: 844 } });
  await page.goto(`${server.url}chronology/`);
  const seen = await page.evaluate(() => {
    const svg = document.querySelector(".chart-wrap > svg.timeline");
    const wrap = svg.parentNode;
    const box = wrap.getBoundingClientRect();
    const inView = (el) => {
      const r = el.getBoundingClientRect();
      return r.left >= box.left - 1 && r.right <= box.right + 1;
    };
    const strike = svg.querySelector('a.mark[href$="events/2019-12-29-us-strikes-kataib-hezbollah/"]');
    const missiles = svg.querySelector('a.mark[href$="events/2020-01-08-iran-missile-strikes/"]');
    const svgBox = svg.getBoundingClientRect();
    const labels = Array.from(svg.querySelectorAll(".phase text")).map((t) => {
      const r = t.getBoundingClientRect();
      return { text: t.textContent, inside: r.left >= svgBox.left - 0.5 && r.right <= svgBox.right + 0.5 && r.top >= svgBox.top - 0.5 };
    });
    return {
      scrolled: wrap.scrollLeft,
      scrollable: wrap.scrollWidth > wrap.clientWidth,
      crisis: inView(strike) && inView(missiles),
      labels,
    };
  });
  assert.ok(seen.scrollable, "the chart scrolls sideways on a phone");
  assert.ok(seen.scrolled > 0, "the chart opens scrolled");
  assert.ok(seen.crisis, "the crisis weeks are in view when the page opens");
  assert.ok(seen.labels.length >= 3);
  for (const l of seen.labels) assert.ok(l.inside, `phase label clipped: ${l.text}`);
  assert.deepEqual(page.problems, []);
});

test("without JavaScript the phone's chart opens at its start and still scrolls", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(`${server.url}chronology/`);
  const wrap = page.locator(".chart-wrap:has(svg.timeline)");
  assert.equal(await wrap.evaluate((w) => w.scrollLeft), 0);
  await wrap.evaluate((w) => { w.scrollLeft = 400; });
  assert.ok(await wrap.evaluate((w) => w.scrollLeft) > 0);
  await context.close();
});

test("the sources index marks the documents held and filters by kind, grade and copy", async () => {
  const page = await strictPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${server.url}sources/`);
  const all = await page.locator(".bibliography .source-item").count();
  const held = await page.locator(".source-item[data-held]").count();
  assert.ok(all >= 15 && held >= 5 && held < all, `${held} of ${all}`);
  // Each document held is marked as such, and only those.
  assert.equal(await page.locator(".source-item .badge.held").count(), held);
  const shown = () => page.locator(".bibliography .source-item:visible").count();
  await page.getByLabel("Only with a copy preserved").check();
  assert.equal(await shown(), held);
  assert.match(await page.locator(".filter-status").innerText(), new RegExp(`Showing ${held} of ${all} sources`));
  await page.getByLabel("Only with a copy preserved").uncheck();
  await page.getByLabel("Kind", { exact: true }).selectOption("news");
  const news = await page.locator('.source-item[data-kind="news"]').count();
  assert.ok(news > 0 && news < all);
  assert.equal(await shown(), news);
  assert.equal(await page.locator(".source-group:visible").count(), 1);
  await page.getByLabel("Kind", { exact: true }).selectOption("");
  await page.getByLabel("Grade", { exact: true }).selectOption("B");
  const b = await page.locator('.source-item[data-grade="B"]').count();
  assert.ok(b > 0 && b < all);
  assert.equal(await shown(), b);
  await page.getByRole("button", { name: "Show all" }).click();
  await page.waitForFunction((n) => document.querySelectorAll(".bibliography .source-item:not([hidden])").length === n, all);
  assert.deepEqual(page.problems, []);
  await page.close();
  // Without JavaScript: no form, every source listed, the kinds as links.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const plain = await context.newPage();
  await plain.goto(`${server.url}sources/`);
  assert.equal(await plain.locator("form.filter-form").count(), 0);
  assert.equal(await plain.locator(".bibliography .source-item:visible").count(), all);
  assert.ok(await plain.locator('.source-kinds a[href="#kind-news"]').count() === 1);
  await context.close();
});
