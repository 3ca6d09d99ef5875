// Settings from a workspace cannot change the Exim binary: VS Code applies a `machine` setting only
// from the user's own settings, and a restricted one is not read at all in an untrusted workspace.
// (The language server adds its own guard: it never runs a binary inside a workspace folder; see
// test/lsp/eximCheck.test.ts.)

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../helpers';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

test('exim.executablePath is a machine setting and restricted in untrusted workspaces', () => {
  const setting = pkg.contributes.configuration.properties['exim.executablePath'];
  assert.equal(setting.scope, 'machine', 'not "machine-overridable", which a workspace may override');
  assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('exim.executablePath'));
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
});

test('the command is only enabled in a trusted workspace, and the server is the one to run it', () => {
  const command = pkg.contributes.commands.find((c: { command: string }) => c.command === 'exim.checkWithExim');
  assert.equal(command.enablement, 'isWorkspaceTrusted');
  const client = readFileSync(join(ROOT, 'client', 'src', 'extension.ts'), 'utf8');
  assert.doesNotMatch(client, /child_process|execFile|spawn\(/, 'the client runs no program');
});
