// Neovim as a second real LSP client: a headless nvim starts the bundled server (dist/server.js)
// with its own LSP client (vim.lsp.start_client, which is what Debian's nvim 0.7 has), opens a
// configuration with a misspelt option, and the script below records what nvim itself sees:
// the diagnostics, a hover, the code actions; it then applies the quick fix with nvim's own
// workspace-edit code, types a new mistake, and records the diagnostics after each step.
// Skipped, with a message, where nvim is not installed (`.ci/run` installs it).

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../helpers';
import { CONFIG } from './fixture';

function findNvim(): string | undefined {
  const r = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? 'nvim' : undefined;
}
const NVIM = findNvim();
const NVIM_VERSION = NVIM ? spawnSync(NVIM, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0] : '';

// The script nvim runs.  Every step writes what nvim saw into the result table, which ends up
// as JSON in RESULT; a failing step records its error and nvim quits with a non-zero status.
const SCRIPT = String.raw`
local server, result_path = SERVER_JS, RESULT_PATH
local result = { steps = {} }

local function diagnostics()
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do
    local code = d.code
    if code == nil and d.user_data and d.user_data.lsp then code = d.user_data.lsp.code end
    table.insert(out, { lnum = d.lnum, col = d.col, end_col = d.end_col, severity = d.severity, message = d.message, code = code })
  end
  table.sort(out, function(a, b) return a.lnum < b.lnum end)
  return out
end

local function has_code(code)
  for _, d in ipairs(diagnostics()) do if d.code == code then return true end end
  return false
end

local function wait_for(what, condition)
  if not vim.wait(20000, condition, 50) then error('timed out waiting for ' .. what) end
end

local ok, err = pcall(function()
  local id = vim.lsp.start_client({ name = 'exim', cmd = { NODE, server, '--stdio' }, root_dir = vim.fn.getcwd() })
  assert(id, 'start_client returned no id')
  vim.lsp.buf_attach_client(0, id)
  local client = vim.lsp.get_client_by_id(id)

  wait_for('the first diagnostics', function() return #vim.diagnostic.get(0) > 0 end)
  result.steps.opened = diagnostics()

  -- Hover over the retry error name (line 8, 0-based 7, inside "timeout_connect_MX").
  local hover = vim.lsp.buf_request_sync(0, 'textDocument/hover', {
    textDocument = vim.lsp.util.make_text_document_params(0), position = { line = 7, character = 8 } }, 10000)
  for _, r in pairs(hover or {}) do
    if r.result and r.result.contents then result.hover = r.result.contents.value end
  end

  -- The code actions at the misspelt option, and nvim's own way of applying the first one.
  local actions = vim.lsp.buf_request_sync(0, 'textDocument/codeAction', {
    textDocument = vim.lsp.util.make_text_document_params(0),
    range = { start = { line = 3, character = 2 }, ['end'] = { line = 3, character = 2 } },
    context = { diagnostics = {} } }, 10000)
  result.actions = {}
  local first
  for _, r in pairs(actions or {}) do
    for _, a in ipairs(r.result or {}) do
      table.insert(result.actions, a.title)
      first = first or a
    end
  end
  assert(first, 'no code action at the misspelt option')
  vim.lsp.util.apply_workspace_edit(first.edit, client.offset_encoding or 'utf-16')
  result.line_after_fix = vim.api.nvim_buf_get_lines(0, 3, 4, false)[1]
  wait_for('the error to go after the quick fix', function() return not has_code('option-unknown') end)
  result.steps.fixed = diagnostics()

  -- Inlay hints: nvim 0.7 does not show them, but the request works from any client.
  local hints = vim.lsp.buf_request_sync(0, 'textDocument/inlayHint', {
    textDocument = vim.lsp.util.make_text_document_params(0),
    range = { start = { line = 0, character = 0 }, ['end'] = { line = 20, character = 0 } } }, 10000)
  result.hints = {}
  for _, r in pairs(hints or {}) do
    for _, h in ipairs(r.result or {}) do table.insert(result.hints, h.label) end
  end

  -- A plain edit, as typing would make it: a misspelt retry error name.
  vim.api.nvim_buf_set_lines(0, 7, 8, false, { '*   timout   F,2h,15m; G,16h,1h,1.5; F,4d,6h' })
  wait_for('a diagnostic for the new mistake', function() return has_code('retry-unknown-error') end)
  result.steps.edited = diagnostics()

  vim.lsp.stop_client(id)
  wait_for('the server to stop', function() return vim.lsp.get_client_by_id(id) == nil end)
  result.stopped = true
end)

if not ok then result.error = tostring(err) end
local f = assert(io.open(result_path, 'w'))
f:write(vim.fn.json_encode(result))
f:close()
vim.cmd(ok and 'qa!' or 'cquit! 1')
`;

interface Seen {
  lnum: number;
  col: number;
  end_col: number;
  severity: number;
  message: string;
  code: string;
}
interface Result {
  error?: string;
  steps: { opened?: Seen[]; fixed?: Seen[]; edited?: Seen[] };
  hover?: string;
  actions?: string[];
  line_after_fix?: string;
  hints?: string[];
  stopped?: boolean;
}

const lua = (s: string) => JSON.stringify(s); // a JSON string is a valid Lua string literal here (no control characters)

test('Neovim (vim.lsp.start_client): diagnostics, hover, quick fix, edit, stop', { skip: NVIM ? false : 'nvim is not installed: skipping the Neovim test (apt-get install neovim; .ci/run does)' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'exim-nvim-'));
  try {
    const xdg = join(dir, 'xdg');
    for (const d of ['config', 'cache', 'data', 'state']) mkdirSync(join(xdg, d), { recursive: true });
    const conf = join(dir, 'exim.conf');
    const resultPath = join(dir, 'result.json');
    const scriptPath = join(dir, 'test.lua');
    writeFileSync(conf, CONFIG.join('\n'));
    writeFileSync(
      scriptPath,
      `local SERVER_JS, RESULT_PATH, NODE = ${lua(join(ROOT, 'dist', 'server.js'))}, ${lua(resultPath)}, ${lua(process.execPath)}\n` + SCRIPT,
    );
    const r = spawnSync(NVIM!, ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', conf, '-c', `luafile ${scriptPath}`], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 90000,
      env: { ...process.env, XDG_CONFIG_HOME: join(xdg, 'config'), XDG_CACHE_HOME: join(xdg, 'cache'), XDG_DATA_HOME: join(xdg, 'data'), XDG_STATE_HOME: join(xdg, 'state') },
    });
    let result: Result;
    try {
      result = JSON.parse(readFileSync(resultPath, 'utf8')) as Result;
    } catch {
      assert.fail(`nvim (${NVIM_VERSION}) wrote no result: status ${r.status}, signal ${r.signal}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
    }
    assert.equal(result.error, undefined, `the nvim script failed: ${result.error}`);
    assert.equal(r.status, 0, `nvim exited with ${r.status}: ${r.stderr}`);

    // Opened: the misspelt option, where it is, as an error, with its code.
    const opened = result.steps.opened!;
    assert.deepEqual(opened.map((d) => [d.code, d.lnum, d.col, d.end_col, d.severity]), [['option-unknown', 3, 0, 17, 1]]);
    assert.match(opened[0].message, /did you mean "message_size_limit"/);

    assert.match(result.hover ?? '', /\*\*Retry error\*\* `timeout_connect_MX`/);
    assert.equal(result.actions?.[0], 'Change to "message_size_limit"');
    assert.equal(result.line_after_fix, 'message_size_limit = 50M');
    assert.deepEqual(result.steps.fixed, []);

    const edited = result.steps.edited!;
    assert.deepEqual(edited.map((d) => [d.code, d.lnum, d.col]), [['retry-unknown-error', 7, 4]]);
    assert.match(edited[0].message, /"timout" is not a retry error name/);

    assert.equal(result.hints?.length, 1);
    assert.match(result.hints![0], /29 attempts/);
    assert.equal(result.stopped, true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
