// End to end in a real VS Code: packages the extension as a .vsix, checks what the package holds,
// installs it into code-server (VS Code served to a browser), and drives that with Debian's
// Chromium through playwright-core, the way a user would: opens a configuration with a misspelt
// option from the Explorer, and checks the squiggle, the Problems entry, the hover on a retry
// error name, the retry schedule inlay hint, the quick fix, which makes the error go, and
// completion of a retry error name, signature help in an expansion, and Fix All.
// Screenshots of each step go to .e2e/screenshots/ (or $EXIM_E2E_SCREENSHOTS).
//
// Run it with `npm run test:e2e` (not part of `npm test`).  code-server comes from
// scripts/e2e-setup.sh (into the git-ignored .e2e/code-server) or $EXIM_E2E_CODE_SERVER; Chromium
// from $EXIM_E2E_CHROMIUM or the PATH.  Without either, the VS Code part is skipped with a message.

import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { inlayHints } from '../../server/src/features/inlayHints';
import { ROOT, run } from '../helpers';
import { zipEntries, type ZipEntry } from './zip';

const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; main: string };
const SHOTS = process.env.EXIM_E2E_SCREENSHOTS || join(ROOT, '.e2e', 'screenshots');
const KEEP = process.env.EXIM_E2E_KEEP === '1';

function onPath(name: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() || undefined : undefined;
}

function findCodeServer(): string | undefined {
  const candidates = [process.env.EXIM_E2E_CODE_SERVER, join(ROOT, '.e2e', 'code-server', 'node_modules', '.bin', 'code-server'), onPath('code-server')];
  return candidates.find((c): c is string => !!c && existsSync(c));
}

function findChromium(): string | undefined {
  const candidates = [process.env.EXIM_E2E_CHROMIUM, ...['chromium', 'chromium-browser', 'google-chrome'].map(onPath)];
  return candidates.find((c): c is string => !!c && existsSync(c));
}

const CODE_SERVER = findCodeServer();
const CHROMIUM = findChromium();
const SKIP_VSCODE = !CODE_SERVER
  ? 'code-server is not installed: skipping the VS Code end-to-end test (run scripts/e2e-setup.sh, or set EXIM_E2E_CODE_SERVER)'
  : !CHROMIUM
    ? 'Chromium is not installed: skipping the VS Code end-to-end test (apt-get install chromium, or set EXIM_E2E_CHROMIUM)'
    : false;
if (SKIP_VSCODE) console.log(`# ${SKIP_VSCODE}`);

// The configuration the test opens: one misspelt main option (an error with a quick fix), and a
// retry section whose rules get schedule previews.
/** The release of the Exim installed here (exim -bP exim_version), if any. */
const EXIM_RELEASE = ['/usr/sbin/exim4', '/usr/sbin/exim'].map((b) => spawnSync(b, ['-C', '/dev/null', '-bP', 'exim_version'], { encoding: 'utf8' })).map((r) => /^exim_version = (\S+)/m.exec(r.stdout ?? '')?.[1]).find((v) => v !== undefined);

const CONFIG = [
  '# Exim configuration for the end-to-end test: one misspelt option.',
  'keep_environment =',
  'primary_hostname = mail.example.com',
  'message_size_limt = 50M',
  '',
  'begin retry',
  '',
  '# Hosts found through MX records that time out: give up sooner.',
  '*   timeout_connect_MX   F,1h,10m; G,2d,1h,2',
  '# Everything else: the rule of Exim\'s default configuration.',
  '*   *                    F,2h,15m; G,16h,1h,1.5; F,4d,6h',
  '',
];

const timings: { step: string; seconds: number }[] = [];
const started = Date.now();
let lastMark = started;
function mark(step: string): void {
  const now = Date.now();
  timings.push({ step, seconds: (now - lastMark) / 1000 });
  lastMark = now;
}

/** `npm run package`, as a user runs it (it builds dist/ first), with the .vsix written to `out`. */
function packageVsix(out: string): void {
  const r = spawnSync('npm', ['run', 'package', '--', '--out', out], { cwd: ROOT, encoding: 'utf8', timeout: 180000 });
  assert.equal(r.status, 0, `npm run package failed:\n${r.stdout}\n${r.stderr}`);
}

const work = mkdtempSync(join(tmpdir(), 'exim-e2e-'));
const vsix = join(work, `exim-config-${PACKAGE.version}.vsix`);
let entries: ZipEntry[] = [];

mkdirSync(SHOTS, { recursive: true });

describe('the packaged .vsix', () => {
  before(() => {
    packageVsix(vsix);
    entries = zipEntries(readFileSync(vsix));
    mark('build the bundles and package the .vsix');
  });

  test('holds the bundles, the grammar, the language configuration, the icon and the docs, nothing else', () => {
    const names = entries.map((e) => e.name).sort();
    assert.deepEqual(names, [
      '[Content_Types].xml',
      'extension.vsixmanifest',
      'extension/LICENSE.txt',
      'extension/dist/extension.js',
      'extension/dist/server.js',
      'extension/images/icon.png',
      'extension/language-configuration.json',
      'extension/package.json',
      'extension/readme.md',
      'extension/syntaxes/exim.tmLanguage.json',
    ]);
  });

  test('its README is the project README without the screenshots, which the extension page could not show', () => {
    const packaged = entries.find((e) => e.name === 'extension/readme.md')!.read().toString('utf8');
    const source = readFileSync(join(ROOT, 'README.md'), 'utf8');
    assert.match(source, /!\[[^\]]*\]\(images\/screenshot-hover\.png\)/);
    assert.doesNotMatch(packaged, /!\[[^\]]*\]\((?!https?:)/, 'no relative image links');
    assert.match(packaged, /## The VS Code extension/);
    assert.match(packaged, /code --install-extension exim-config-/);
    assert.match(packaged, /Screenshots of the hover, the inlay hints, the quick fix/);
  });

  test('its package.json points at a bundle it holds, and the bundles need nothing outside the .vsix', () => {
    const manifest = JSON.parse(entries.find((e) => e.name === 'extension/package.json')!.read().toString('utf8')) as { main: string; contributes: { grammars: { path: string }[]; languages: { configuration: string }[] } };
    const inside = (p: string) => entries.some((e) => e.name === 'extension/' + p.replace(/^\.\//, ''));
    assert.ok(inside(manifest.main), `main ${manifest.main}`);
    for (const g of manifest.contributes.grammars) assert.ok(inside(g.path), g.path);
    for (const l of manifest.contributes.languages) assert.ok(inside(l.configuration), l.configuration);
    // node_modules stays out of the package, so every require() must be Node's own or VS Code's.
    const allowed = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'vscode']);
    for (const bundle of ['extension/dist/extension.js', 'extension/dist/server.js']) {
      const code = entries.find((e) => e.name === bundle)!.read().toString('utf8');
      const required = new Set([...code.matchAll(/\brequire\("([^"./][^"]*)"\)/g)].map((m) => m[1]));
      const outside = [...required].filter((m) => !allowed.has(m));
      assert.deepEqual(outside, [], `${bundle} requires modules that are not in the .vsix`);
    }
  });
});

after(() => {
  const summary = [...timings, { step: 'total', seconds: (Date.now() - started) / 1000 }];
  writeFileSync(join(SHOTS, 'timings.json'), JSON.stringify(summary, null, 1) + '\n');
  for (const t of summary) console.log(`# ${t.seconds.toFixed(1).padStart(6)} s  ${t.step}`);
  if (!KEEP) rmSync(work, { recursive: true, force: true });
  else console.log(`# kept ${work}`);
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url: string, server: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`code-server exited with ${server.exitCode}:\n${log()}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`code-server did not answer on ${url} within ${timeoutMs / 1000} s:\n${log()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The texts of the editor's visible lines, spaces normalised (VS Code renders &nbsp;). */
async function viewLines(page: Page): Promise<string[]> {
  return (await page.locator('.monaco-editor .view-lines .view-line').allInnerTexts()).map((t) => t.replace(/\u00a0/g, ' '));
}

/** The text of the view line that starts with `prefix`. */
async function lineText(page: Page, prefix: string): Promise<string> {
  const texts = await viewLines(page);
  const found = texts.find((t) => t.startsWith(prefix));
  if (found === undefined) throw new Error(`no line starting with ${JSON.stringify(prefix)} among ${JSON.stringify(texts)}`);
  return found;
}

/** Types `text` on a new line after the line of the token `after` (clicked to focus the editor). */
async function typeOnNewLine(page: Page, after: string, text: string): Promise<void> {
  const box = (await token(page, after).boundingBox())!;
  await page.mouse.click(box.x + 2, box.y + box.height / 2);
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type(text);
}

/** The Problems panel's entry with `code` (the panel opened), once it is there (20 s at most). */
async function problemEntry(page: Page, code: string): Promise<string | undefined> {
  await page.keyboard.press('Control+Shift+M');
  const rows = page.locator('.markers-panel .monaco-list-row');
  const deadline = Date.now() + 20000;
  for (;;) {
    const entry = (await rows.allInnerTexts()).map((x) => x.replace(/\s+/g, ' ')).find((x) => x.includes(code));
    if (entry || Date.now() > deadline) return entry;
    await page.waitForTimeout(250);
  }
}

/** The editor token whose whole text is `text`. */
function token(page: Page, text: string): Locator {
  return page.locator('.monaco-editor .view-lines .view-line span span').filter({ hasText: new RegExp(`^${text}$`) }).first();
}

/** Statements included inside an ACL (no "begin", no ACL name), with a deny that always ends it. */
const FRAGMENT = [
  '# Rate limits for local senders, included inside acl_check_rcpt',
  '  defer',
  '    hosts     = : localhost',
  '    ratelimit = 250 / 3h / leaky / per_rcpt / $sender_address',
  '    message   = Too many recipients; try later',
  '  deny   message = relay not permitted',
  '  accept authenticated = *',
  '',
];

describe('VS Code (code-server) with the extension installed from the .vsix', { skip: SKIP_VSCODE }, () => {
  let server: ChildProcess | undefined;
  let serverLog = '';
  let context: BrowserContext | undefined;
  let page: Page;
  const workspace = join(work, 'workspace');
  const file = join(workspace, 'exim.conf');

  // Saves a screenshot of the whole window and, where given, of one element (for the README).
  async function shoot(name: string, element?: Locator): Promise<void> {
    await page.screenshot({ path: join(SHOTS, `${name}.png`) });
    if (element) await element.screenshot({ path: join(SHOTS, `${name}-editor.png`) });
  }

  before(async () => {
    const data = join(work, 'data');
    const extensions = join(work, 'extensions');
    const xdg = join(work, 'xdg');
    const config = join(work, 'code-server.yaml');
    for (const d of [workspace, join(data, 'User'), extensions, xdg]) mkdirSync(d, { recursive: true });
    writeFileSync(file, CONFIG.join('\n'));
    // Settings that keep the window free of first-run pages; nothing that changes how the
    // extension's features look.
    writeFileSync(
      join(data, 'User', 'settings.json'),
      JSON.stringify({
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'telemetry.telemetryLevel': 'off',
        'extensions.ignoreRecommendations': true,
        'extensions.autoCheckUpdates': false,
        'update.mode': 'none',
        'editor.minimap.enabled': false,
      }),
    );
    const port = await freePort();
    writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
    // code-server and Chromium keep their own files in the temporary folder, not in $HOME.
    const env = { ...process.env, XDG_CONFIG_HOME: join(xdg, 'config'), XDG_DATA_HOME: join(xdg, 'data'), XDG_CACHE_HOME: join(xdg, 'cache') };
    const common = ['--config', config, '--user-data-dir', data, '--extensions-dir', extensions];

    const installed = spawnSync(CODE_SERVER!, [...common, '--install-extension', vsix], { encoding: 'utf8', env, timeout: 120000 });
    assert.equal(installed.status, 0, `code-server --install-extension failed:\n${installed.stdout}\n${installed.stderr}`);
    assert.match(installed.stdout, /successfully installed/);
    mark('install the .vsix into code-server');

    const versionOutput = spawnSync(CODE_SERVER!, ['--version'], { encoding: 'utf8', env, timeout: 60000 }).stdout;
    const version = versionOutput.split('\n').find((l) => /^\d+\.\d+\.\d+/.test(l)) ?? versionOutput.trim();
    console.log(`# code-server ${version}; Chromium ${CHROMIUM}`);

    server = spawn(
      CODE_SERVER!,
      [...common, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', workspace],
      { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    server.stdout!.on('data', (b: Buffer) => (serverLog += b.toString()));
    server.stderr!.on('data', (b: Buffer) => (serverLog += b.toString()));
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, server, () => serverLog, 60000);
    mark('start code-server');

    context = await chromium.launchPersistentContext(join(work, 'chromium-profile'), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1500, height: 760 },
      env,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(60000);
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
    await page.waitForSelector('.monaco-workbench');
    mark('load the workbench in Chromium');
  });

  after(async () => {
    await context?.close().catch(() => undefined);
    if (server?.pid && server.exitCode === null) {
      // code-server runs its VS Code server as a child: end the whole group it leads.
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  });

  test('the Explorer opens exim.conf as an Exim file', async () => {
    const row = page.locator('.explorer-folders-view .monaco-list-row[aria-label^="exim.conf"]').first();
    await row.click();
    await page.waitForSelector('.monaco-editor .view-lines .view-line');
    // The file shows as plain text until the extension's language is known, then as Exim.
    const mode = page.locator('.statusbar-item[id$="status.editor.mode"]');
    await mode.filter({ hasText: /^\s*Exim\s*$/ }).waitFor();
    assert.equal((await mode.innerText()).trim(), 'Exim');
    // The sidebar off, so that the editor and its hints have the width of the window.
    await page.keyboard.press('Control+B');
    mark('open exim.conf from the Explorer');
  });

  test('the misspelt option gets an error squiggle', async () => {
    const squiggle = page.locator('.monaco-editor .squiggly-error').first();
    await squiggle.waitFor({ state: 'attached' });
    mark('first diagnostic (squiggle) after opening');
    const s = (await squiggle.boundingBox())!;
    const t = (await token(page, 'message_size_limt').boundingBox())!;
    assert.ok(s.y >= t.y - 2 && s.y + s.height <= t.y + t.height + 4, `squiggle ${JSON.stringify(s)} is on the line of ${JSON.stringify(t)}`);
    assert.ok(Math.abs(s.x - t.x) < 2 && Math.abs(s.width - t.width) < 2, `squiggle ${JSON.stringify(s)} spans the name ${JSON.stringify(t)}`);
    assert.equal(await page.locator('.monaco-editor .squiggly-error').count(), 1);
  });

  test('the Problems panel lists it, with its code and position', async () => {
    await page.keyboard.press('Control+Shift+M');
    const rows = page.locator('.markers-panel .monaco-list-row');
    await rows.nth(1).waitFor();
    const texts = (await rows.allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
    const entry = texts.find((t) => t.includes('option-unknown'));
    assert.ok(entry, `no option-unknown entry in ${JSON.stringify(texts)}`);
    assert.match(entry, /"message_size_limt" is not a main option; did you mean "message_size_limit"\?/);
    assert.match(entry, /\[Ln 4, Col 1\]/);
    await shoot('problems');
    mark('Problems panel');
  });

  test('hovering a retry error name shows what it means', async () => {
    const name = token(page, 'timeout_connect_MX');
    const box = (await name.boundingBox())!;
    await page.mouse.move(box.x + 3, box.y + 3);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
    const hover = page.locator('.monaco-hover-content:visible').first();
    await hover.waitFor({ state: 'visible' });
    await page.waitForTimeout(300); // let it finish rendering before the screenshot
    const text = (await hover.innerText()).replace(/\s+/g, ' ');
    assert.match(text, /Retry error timeout_connect_MX/);
    assert.match(text, /MX record/);
    assert.match(text, /Exim specification/);
    await shoot('hover', page.locator('.part.editor'));
    await page.mouse.move(750, 740);
    await page.keyboard.press('Escape');
    mark('hover');
  });

  test('each retry rule shows its schedule as an inlay hint, as the server words it', async () => {
    const expected = inlayHints(run(...CONFIG), 0, CONFIG.length).map((h) => h.label.trim());
    assert.equal(expected.length, 2);
    const rules = ['*   timeout_connect_MX   F,1h,10m; G,2d,1h,2', '*   *                    F,2h,15m; G,16h,1h,1.5; F,4d,6h'];
    const shown: string[] = [];
    for (const rule of rules) {
      const deadline = Date.now() + 30000;
      let text = await lineText(page, rule);
      while (!text.includes('×') && Date.now() < deadline) {
        await page.waitForTimeout(250);
        text = await lineText(page, rule);
      }
      shown.push(text.slice(rule.length).replace(/\s+/g, ' ').trim());
    }
    assert.deepEqual(shown, expected.map((e) => e.replace(/\s+/g, ' ')), 'each hint is shown whole, not cut short');
    assert.match(shown[1], /^bounce ≈ 4d 5h after 29 attempts: /, "Exim's worked example");
    await shoot('inlay-hints', page.locator('.part.editor'));
    mark('inlay hints');
  });

  test('the quick-fix menu offers the right name, and applying it makes the error go', async () => {
    const name = token(page, 'message_size_limt');
    const box = (await name.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.keyboard.press('Control+.');
    const menu = page.locator('.action-widget');
    await menu.waitFor({ state: 'visible' });
    const item = menu.locator('.monaco-list-row').filter({ hasText: 'Change to "message_size_limit"' }).first();
    await item.waitFor();
    const items = (await menu.locator('.monaco-list-row').allInnerTexts()).map((t) => t.trim());
    assert.equal(items.filter((t) => t.startsWith('Change to')).at(0), 'Change to "message_size_limit"', `the first fix is the best guess: ${JSON.stringify(items)}`);
    await shoot('quick-fix', page.locator('.part.editor'));
    mark('quick-fix menu');
    // The menu has the keyboard focus on its first fix (clicks go to an overlay while it opens).
    assert.equal(await menu.locator('.monaco-list-row.focused').getAttribute('aria-label'), 'Change to "message_size_limit"');
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'detached' });
    assert.equal(await lineText(page, 'message_size_limi'), 'message_size_limit = 50M');
    await page.locator('.markers-panel .monaco-list-row').filter({ hasText: 'option-unknown' }).first().waitFor({ state: 'detached' });
    mark('apply the fix until the error is gone');
    await page.mouse.move(750, 740);
    await shoot('fixed');
  });

  test('completion in the retry section offers the error names, and accepting one writes it', async () => {
    // The file ends with a line end: Ctrl+End puts the cursor on the empty last line.
    const name = token(page, 'timeout_connect_MX');
    const box = (await name.boundingBox())!;
    await page.mouse.click(box.x + 2, box.y + box.height / 2);
    await page.keyboard.press('Control+End');
    await page.keyboard.type('*   timeout_c');
    await page.keyboard.press('Control+Space');
    const widget = page.locator('.suggest-widget');
    const row = widget.locator('.monaco-list-row').filter({ hasText: /^\s*timeout_connect_MX/ }).first();
    await row.waitFor({ state: 'visible' });
    const labels = (await widget.locator('.monaco-list-row .label-name').allInnerTexts()).map((t) => t.trim());
    assert.ok(labels.includes('timeout_connect') && labels.includes('timeout_connect_A'), `offered: ${JSON.stringify(labels)}`);
    await shoot('completion', page.locator('.part.editor'));
    await row.click();
    await widget.waitFor({ state: 'hidden' });
    const lines = (await viewLines(page)).map((t) => t.trimEnd());
    assert.ok(lines.includes('*   timeout_connect_MX'), `the new line reads as accepted: ${JSON.stringify(lines)}`);
    mark('retry completion');
  });

  test('signature help inside ${sg: its form, with the argument being typed marked', async () => {
    await typeOnNewLine(page, 'primary_hostname', 'qualify_domain = ${sg{$primary_hostname}{');
    const widget = page.locator('.parameter-hints-widget');
    await widget.waitFor({ state: 'visible' });
    const label = (await widget.locator('.signature').innerText()).replace(/\s+/g, '');
    assert.ok(label.startsWith('${sg{subject}{regex}{replacement}}'), label);
    assert.equal((await widget.locator('.parameter.active').innerText()).trim(), '{regex}');
    await shoot('signature-help', page.locator('.part.editor'));
    await page.keyboard.press('Escape');
    mark('signature help');
  });

  test('Fix All applies the preferred fixes of the file', async () => {
    await typeOnNewLine(page, 'keep_environment', 'split_spool_directory = ture');
    await page.keyboard.press('Enter');
    await page.keyboard.type('retry_interval_max = 1day');
    await page.keyboard.press('Escape');
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ state: 'attached' });
    await page.keyboard.press('F1');
    await page.keyboard.type('Fix All');
    const entry = page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: /^\s*Fix All\s*$/ }).first();
    await entry.waitFor({ state: 'visible' });
    await entry.click();
    const deadline = Date.now() + 30000;
    let lines: string[] = [];
    for (;;) {
      lines = (await viewLines(page)).map((t) => t.trimEnd());
      if ((lines.includes('split_spool_directory = true') && lines.includes('retry_interval_max = 1d')) || Date.now() > deadline) break;
      await page.waitForTimeout(250);
    }
    assert.ok(lines.includes('split_spool_directory = true') && lines.includes('retry_interval_max = 1d'), `after Fix All: ${JSON.stringify(lines)}`);
    await shoot('fix-all', page.locator('.part.editor'));
    mark('fix all');
  });

  // Last: it turns the check with Exim on for the rest of the session.
  test('with exim.checkOnSave on, what the installed Exim lacks is reported: ${xtextd:} is newer than 4.96', { skip: EXIM_RELEASE === '4.96' ? false : `needs Debian's Exim 4.96 (found: ${EXIM_RELEASE ?? 'none'})` }, async () => {
    await typeOnNewLine(page, 'keep_environment', 'smtp_active_hostname = ${xtextd:mx}');
    await page.keyboard.press('Escape');
    // Nothing to say while the server assumes an Exim with every feature of the newest release.
    await page.waitForTimeout(1500);
    assert.equal(await page.locator('.monaco-editor .squiggly-error').count(), 0);
    mkdirSync(join(workspace, '.vscode'), { recursive: true });
    writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'exim.checkOnSave': true }));
    const squiggle = page.locator('.monaco-editor .squiggly-error').first();
    await squiggle.waitFor({ state: 'attached', timeout: 30000 });
    const t = (await token(page, 'xtextd').boundingBox())!;
    const b = (await squiggle.boundingBox())!;
    assert.ok(Math.abs(b.x - t.x) < 2 && Math.abs(b.width - t.width) < 2, `squiggle ${JSON.stringify(b)} spans "xtextd" ${JSON.stringify(t)}`);
    const entry = await problemEntry(page, 'expansion-startup');
    assert.match(entry ?? '', /"xtextd" is an operator of newer releases: Exim 4\.96 does not know it/);
    await shoot('exim-release', page.locator('.part.editor'));
    mark('release of the installed Exim');
  });

  test('a file of ACL statements in an exim folder opens as Exim, is read inside an ACL, and shows the statement that never runs', async () => {
    // Exim4U keeps such pieces as /etc/exim/*.conf.inc and includes them inside acl_check_rcpt.
    mkdirSync(join(workspace, 'exim'), { recursive: true });
    writeFileSync(join(workspace, 'exim', 'ratelimits.conf.inc'), FRAGMENT.join('\n'));
    await page.keyboard.press('Control+P');
    await page.keyboard.type('ratelimits.conf.inc');
    await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'ratelimits.conf.inc' }).first().waitFor();
    await page.keyboard.press('Enter');
    const mode = page.locator('.statusbar-item[id$="status.editor.mode"]');
    await mode.filter({ hasText: /^\s*Exim\s*$/ }).waitFor();
    const squiggle = page.locator('.monaco-editor .squiggly-warning').first();
    await squiggle.waitFor({ state: 'attached', timeout: 30000 });
    const t = (await token(page, 'accept').boundingBox())!;
    const b = (await squiggle.boundingBox())!;
    assert.ok(Math.abs(b.x - t.x) < 2 && Math.abs(b.width - t.width) < 2, `squiggle ${JSON.stringify(b)} spans "accept" ${JSON.stringify(t)}`);
    // Read as main options, every line would be an error; read inside an ACL, none is.
    assert.equal(await page.locator('.monaco-editor .squiggly-error').count(), 0);
    const entry = await problemEntry(page, 'acl-unreachable');
    assert.match(entry ?? '', /this statement never runs: the "deny" on line 6 has no condition \(only modifiers\), so this ACL always ends there/);
    await shoot('acl-fragment', page.locator('.part.editor'));
    mark('ACL statements in a piece of their own');
  });
});
