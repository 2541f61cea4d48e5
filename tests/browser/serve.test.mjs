// `dossier serve` in a real browser: an open page reloads by itself when
// the Markdown changes on disk, and shows the error overlay when an edit
// breaks the build.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { binary, copyFixture, launch, strictPage } from "./lib.mjs";

let root, server, browser, url;

/** Starts `dossier serve` on a free port; resolves with its address. */
function startServe(dir) {
  if (!existsSync(binary)) throw new Error(`${binary} is missing: run cargo build first`);
  const child = spawn(binary, ["serve", "--port", "0", "--root", dir], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("serve did not start in 60 s")), 60_000);
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[0] });
      }
    });
    child.on("exit", (code) => reject(new Error(`serve exited ${code}`)));
  });
}

before(async () => {
  root = copyFixture("full");
  ({ child: server, url } = await startServe(root));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.kill("SIGINT");
});

const EVENT = () => join(root, "content", "events", "2019-12-27-k1-attack.md");
const edit = (from, to) => {
  const text = readFileSync(EVENT(), "utf8");
  assert.ok(text.includes(from), `no ${from}`);
  writeFileSync(EVENT(), text.replace(from, to));
};

test("an open page reloads by itself after an edit, and shows a broken build's error", async () => {
  const page = await strictPage(browser);
  await page.goto(`${url}events/2019-12-27-k1-attack/`);
  assert.match(await page.locator("h1").first().innerText(), /^Rocket attack on K-1 air base, Kirkuk/);
  // Mark this document: a reload replaces it, so the mark goes.
  await page.evaluate(() => { window.notReloaded = true; });
  // Let the page's event stream connect before editing.
  await page.waitForTimeout(300);

  edit("Rockets struck the base on a Friday night", "Rockets struck the base late on Friday");
  await page.waitForFunction(
    () => document.body.innerText.includes("Rockets struck the base late on Friday"),
    null, { timeout: 30_000 },
  );
  assert.equal(await page.evaluate(() => window.notReloaded), undefined, "the page reloaded itself");

  edit('date = "2019-12-27"', 'date = "2019-12-32"');
  const overlay = page.locator("#dossier-error-overlay");
  await overlay.waitFor({ state: "visible", timeout: 30_000 });
  const text = await overlay.innerText();
  assert.match(text, /content\/events\/2019-12-27-k1-attack\.md:3:9/);
  assert.match(text, /day 32/);
  // The last good site is still there under the overlay.
  assert.match(await page.locator("main").innerText(), /Rockets struck the base late on Friday/);

  edit('date = "2019-12-32"', 'date = "2019-12-27"');
  await overlay.waitFor({ state: "detached", timeout: 30_000 });
  assert.deepEqual(page.problems, []);
});
