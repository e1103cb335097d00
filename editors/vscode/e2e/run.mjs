// End-to-end test of the extension in a real VS Code workbench: code-server
// serves it, Debian's Chromium renders it, playwright-core drives it.
//
//   node e2e/run.mjs --cache DIR --vsix FILE --workspace DIR --file NAME --out DIR
//
// DIR (--cache) is what e2e/install-deps.sh printed. The test installs the
// .vsix, opens the workspace and the cable NAME, and asserts from the DOM:
// squiggles and Problems entries with their codes and lines, hover text on a
// TAGS item, the Outline listing the paragraphs, the index in the status
// bar, go to definition from a REF item opening the cited cable, and the
// transmission header folding. It saves screenshots and the logs in --out.
// Exit status 0 when all passed.

import { spawn, execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
for (const key of ["cache", "vsix", "workspace", "file", "out"]) {
  if (!args[key]) {
    console.error(`missing --${key}`);
    process.exit(2);
  }
}
const out = path.resolve(args.out);
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
const home = path.join(out, "home");
const cache = path.resolve(args.cache);
const nodeDir = fs.readdirSync(cache).find((d) => d.startsWith("node-"));
const csDir = fs.readdirSync(cache).find((d) => d.startsWith("code-server-"));
const pwDir = fs.readdirSync(cache).find((d) => d.startsWith("playwright-"));
const codeServer = path.join(cache, csDir, "node_modules", ".bin", "code-server");
const env = {
  ...process.env,
  PATH: `${path.join(cache, nodeDir, "bin")}:${process.env.PATH}`,
  HOME: home,
  XDG_CONFIG_HOME: path.join(home, ".config"),
  XDG_DATA_HOME: path.join(home, ".local", "share"),
  XDG_CACHE_HOME: path.join(home, ".cache"),
};
const userData = path.join(out, "user-data");
const extensions = path.join(out, "extensions");
fs.mkdirSync(path.join(userData, "User"), { recursive: true });
fs.writeFileSync(
  path.join(userData, "User", "settings.json"),
  JSON.stringify({
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": false,
    "security.workspace.trust.enabled": false,
    "telemetry.telemetryLevel": "off",
    "extensions.autoCheckUpdates": false,
    "extensions.autoUpdate": false,
    "update.mode": "none",
    "outline.collapseItems": "alwaysExpand",
    "editor.hover.delay": 150,
    "editor.minimap.enabled": false,
    "window.commandCenter": false,
    "chat.disableAIFeatures": true,
    "workbench.colorTheme": "Default Dark Modern",
    "workbench.secondarySideBar.defaultVisibility": "hidden",
    "git.enabled": false,
    "git.openRepositoryInParentFolders": "never",
  }),
);

const results = [];
function check(ok, what) {
  results.push([ok, what]);
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
}

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer in ${ms} ms`);
}

console.log("installing the extension");
execFileSync(codeServer, ["--user-data-dir", userData, "--extensions-dir", extensions, "--install-extension", path.resolve(args.vsix)], {
  env,
  stdio: ["ignore", fs.openSync(path.join(out, "install.log"), "w"), fs.openSync(path.join(out, "install.log"), "a")],
});

const port = await freePort();
const serverLog = fs.openSync(path.join(out, "code-server.log"), "w");
const server = spawn(
  codeServer,
  [
    "--bind-addr", `127.0.0.1:${port}`,
    "--auth", "none",
    "--user-data-dir", userData,
    "--extensions-dir", extensions,
    "--disable-telemetry",
    "--disable-update-check",
    "--disable-workspace-trust",
    "--disable-getting-started-override",
    path.resolve(args.workspace),
  ],
  { env, stdio: ["ignore", serverLog, serverLog], detached: true },
);
const stopServer = () => {
  try {
    process.kill(-server.pid, "SIGTERM");
  } catch {}
};
process.on("exit", stopServer);

const require = createRequire(path.join(cache, pwDir, "package.json"));
const { chromium } = require("playwright-core");
let browser;
let page;
try {
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
      "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--no-first-run",
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
  page = await context.newPage();
  page.setDefaultTimeout(60_000);
  const folder = encodeURIComponent(path.resolve(args.workspace));
  await page.goto(`http://127.0.0.1:${port}/?folder=${folder}`);
  await page.locator(".monaco-workbench").waitFor();
  await page.locator(".statusbar").waitFor();

  // Open the cable through Quick Open.
  await runQuickOpen(args.file);
  const editor = page.locator(".editor-instance .monaco-editor").first();
  await editor.locator(".view-lines").waitFor();
  await page.locator(".tabs-container .tab.active", { hasText: args.file }).waitFor();
  const mode = page.locator(".statusbar-item", { hasText: /^Cable$/ });
  check(await mode.isVisible().catch(() => false) || (await waitVisible(mode, 20_000)), "the file opens in the Cable language mode");

  // The grammar: the start line, a header keyword, a routing indicator and
  // the date-time group each get their own colour, none that of plain text.
  const colour = async (re) => {
    const span = editor.locator(".view-line span span", { hasText: re }).first();
    await span.waitFor();
    return span.evaluate((e) => getComputedStyle(e).color);
  };
  const plain = await colour(/AMEMBASSY\sDUSHANBE$/);
  const coloured = {
    start: await colour(/^VZCZCXRO9482$/),
    keyword: await colour(/^FM$/),
    routing: await colour(/^RUEHC$/),
    dtg: await colour(/^O\sP\s101039Z\sMAY\s06$/),
  };
  const distinct = new Set([plain, ...Object.values(coloured)]).size === 5;
  check(distinct, `the grammar colours header elements apart (${JSON.stringify({ plain, ...coloured })})`);

  // The index in the status bar.
  const indexed = page.locator(".statusbar-item", { hasText: /cable-ls: \d+ cables? indexed/ });
  check(await waitVisible(indexed, 60_000), "the status bar shows the index");
  console.log(`     status bar: ${await indexed.first().textContent().catch(() => "?")}`);

  // Hover on a TAGS item.
  const tag = editor.locator(".view-line span span", { hasText: /^PGOV$/ }).first();
  await tag.waitFor();
  let hoverText = "";
  for (let attempt = 0; attempt < 5 && !/PGOV/.test(hoverText); attempt++) {
    await page.mouse.move(0, 0);
    await tag.hover();
    const hover = page.locator(".monaco-hover:visible .hover-contents").first();
    if (await waitVisible(hover, 5_000)) {
      hoverText = (await hover.innerText()).trim();
    }
  }
  check(/PGOV/.test(hoverText) && /government|internal/i.test(hoverText), `hover on a TAGS item explains it (${JSON.stringify(hoverText.slice(0, 80))})`);

  // Problems: open the panel and read its rows.
  await page.keyboard.press("Control+Shift+M");
  const problem = page.locator(".markers-panel .monaco-list-row", { hasText: "paragraph/malformed-marking" }).first();
  check(await waitVisible(problem, 30_000), "the Problems panel lists paragraph/malformed-marking");
  const problemText = (await problem.innerText().catch(() => "")).replace(/\s+/g, " ");
  check(/Ln 80, Col 5/.test(problemText), `…at line 80, column 5 (${JSON.stringify(problemText.slice(0, 120))})`);
  await page.screenshot({ path: path.join(out, "problems.png") });

  // Hover again with the Problems panel open, for the screenshot in the docs.
  await gotoLine(40);
  await page.mouse.move(0, 0);
  await tag.hover();
  await waitVisible(page.locator(".monaco-hover:visible").first(), 5_000);
  await page.screenshot({ path: path.join(out, "vscode.png") });

  // The squiggle: jump to the next problem (F8), which scrolls it into view.
  await editor.click({ position: { x: 200, y: 5 } });
  await page.keyboard.press("F8");
  const widget = page.locator(".marker-widget").first();
  check(await waitVisible(widget, 10_000), "F8 opens the problem widget");
  const widgetText = (await widget.innerText().catch(() => "")).replace(/\s+/g, " ");
  check(/paragraph\/malformed-marking/.test(widgetText), `…showing the code (${JSON.stringify(widgetText.slice(0, 100))})`);
  check(await waitVisible(editor.locator(".squiggly-warning").first(), 10_000), "a warning squiggle is drawn");
  await page.screenshot({ path: path.join(out, "squiggle.png") });
  await page.keyboard.press("Escape");

  // Outline: give it the side bar (collapse the folder view), focus it and
  // read its rows.
  await page.locator(".sidebar .pane-header", { hasText: path.basename(args.workspace) }).first().click();
  await runCommand("Explorer: Focus on Outline View");
  const outline = page.locator(".outline-pane .monaco-list-row");
  check(await waitVisible(outline.filter({ hasText: "¶1 (C)" }).first(), 30_000), "the Outline lists ¶1 (C)");
  const rows = await outline.allInnerTexts();
  check(rows.filter((r) => /^¶\d+/.test(r.trim())).length >= 5, `…and the other paragraphs (${rows.length} rows)`);
  await page.screenshot({ path: path.join(out, "outline.png") });

  // Go to definition from the REF item.
  await gotoLine(48);
  const ref = editor.locator(".view-line span span", { hasText: /^STATE\s72746$/ }).first();
  await ref.waitFor();
  await ref.click();
  await page.keyboard.press("F12");
  const cited = page.locator(".tabs-container .tab.active", { hasText: "06STATE72746.cable" });
  check(await waitVisible(cited, 20_000), "F12 on the REF item opens the cited cable");
  await page.screenshot({ path: path.join(out, "definition.png") });

  // Folding: back in the first cable, Fold All (Ctrl+K Ctrl+0) folds the
  // transmission header to its first line. Folding by indentation alone
  // would fold nothing there: a cable's lines are not indented.
  await page.locator(".tabs-container .tab", { hasText: args.file }).first().click();
  await page.locator(".tabs-container .tab.active", { hasText: args.file }).waitFor();
  await gotoLine(3);
  const deLine = editor.locator(".view-line", { hasText: /^DE\sRUEHDBU/ }).first();
  check(await waitVisible(deLine, 10_000), "the DE line is shown before folding");
  await page.keyboard.press("Control+K");
  await page.keyboard.press("Control+0");
  let folded = false;
  try {
    await deLine.waitFor({ state: "detached", timeout: 10_000 });
    folded = true;
  } catch {}
  const start = editor.locator(".view-line", { hasText: /^VZCZCXRO9482/ }).first();
  check(folded && (await waitVisible(start, 5_000)), "Fold All folds the transmission header under its first line");
  await page.screenshot({ path: path.join(out, "folded.png") });
} catch (e) {
  check(false, `the test ran to the end (${e.message.split("\n")[0]})`);
  if (page) await page.screenshot({ path: path.join(out, "failure.png") }).catch(() => {});
} finally {
  if (browser) await browser.close().catch(() => {});
  stopServer();
}

const failed = results.filter(([ok]) => !ok);
console.log(`${results.length - failed.length} passed, ${failed.length} failed; screenshots and logs in ${out}`);
process.exit(failed.length === 0 && results.length > 0 ? 0 : 1);

async function waitVisible(locator, ms) {
  try {
    await locator.first().waitFor({ state: "visible", timeout: ms });
    return true;
  } catch {
    return false;
  }
}

async function gotoLine(line) {
  await page.keyboard.press("Control+G");
  await page.locator(".quick-input-widget input").fill(`:${line}`);
  await page.keyboard.press("Enter");
}

async function runQuickOpen(text) {
  await page.keyboard.press("Control+P");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor();
  await input.fill(text);
  await page.locator(".quick-input-list .monaco-list-row", { hasText: text }).first().waitFor();
  await page.keyboard.press("Enter");
}

async function runCommand(title) {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first().waitFor();
  await page.keyboard.press("Enter");
}
