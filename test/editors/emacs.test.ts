// Emacs with eglot as a third real LSP client: Emacs 28 in batch mode starts the bundled server
// (dist/server.js) through eglot, opens a configuration with a misspelt option, and records what
// Emacs itself sees: flymake's diagnostics, a hover, the quick fix chosen the way a user chooses it
// (eglot's prompt, answered with RET, which takes the preferred action), then a typed mistake.
// Skipped, with a message, where Emacs or eglot is missing (`.ci/run` installs emacs-nox and
// elpa-eglot).
//
// One thing differs from an interactive Emacs: eglot sends edits to the server, and flymake
// asks for diagnostics, from idle timers, and batch mode is never idle.  The script does what
// those timers do (`settle` below) after each edit.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from '../helpers';
import { CONFIG } from './fixture';

function findEmacsWithEglot(): string | undefined {
  const r = spawnSync('emacs', ['--batch', '--eval', "(progn (require 'eglot) (princ (emacs-version)))"], { encoding: 'utf8', timeout: 30000 });
  return r.status === 0 ? r.stdout.split('\n')[0] : undefined;
}
const EMACS = findEmacsWithEglot();

/** An Emacs Lisp string literal. */
const el = (s: string) => '"' + s.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"';

function script(conf: string, resultPath: string): string {
  return `
(require 'eglot)
(require 'json)
(define-derived-mode exim-mode prog-mode "Exim" "Exim configuration files, for this test.")
(add-to-list 'eglot-server-programs '(exim-mode . (${el(process.execPath)} ${el(join(ROOT, 'dist', 'server.js'))} "--stdio")))
(defvar exim-test-result nil)
(defun exim-test-record (key value) (push (cons key value) exim-test-result))
(defun exim-test-wait (what predicate)
  (let ((deadline (+ (float-time) 20)))
    (while (and (not (funcall predicate)) (< (float-time) deadline)) (accept-process-output nil 0.05))
    (unless (funcall predicate) (error "timed out waiting for %s" what))))
(defun exim-test-diagnostics ()
  (vconcat (mapcar (lambda (d)
                     (list (cons 'line (line-number-at-pos (flymake-diagnostic-beg d)))
                           (cons 'column (save-excursion (goto-char (flymake-diagnostic-beg d)) (current-column)))
                           (cons 'type (symbol-name (flymake-diagnostic-type d)))
                           (cons 'text (flymake-diagnostic-text d))))
                   (flymake-diagnostics))))
(defun exim-test-has (code)
  (seq-some (lambda (d) (string-match-p (regexp-quote (format "[%s]" code)) (flymake-diagnostic-text d))) (flymake-diagnostics)))
(defun exim-test-settle ()
  "What the idle timers of an interactive Emacs do: send the pending changes, run flymake."
  (eglot--signal-textDocument/didChange)
  (flymake-start))
(defun exim-test-goto (line column)
  (goto-char (point-min)) (forward-line (1- line)) (forward-char column))
(condition-case err
    (progn
      (find-file ${el(conf)})
      (exim-mode)
      (apply #'eglot (eglot--guess-contact))
      (exim-test-wait "the first diagnostics" (lambda () (exim-test-has "option-unknown")))
      (exim-test-record 'opened (exim-test-diagnostics))
      (exim-test-goto 8 8)
      (exim-test-record 'hover
        (plist-get (plist-get (jsonrpc-request (eglot--current-server-or-lose) :textDocument/hover (eglot--TextDocumentPositionParams)) :contents) :value))
      ;; M-x eglot-code-actions at the misspelt name; the prompt gets RET (from stdin), which takes
      ;; the default: the server's preferred action.
      (exim-test-goto 4 2)
      (let ((last-nonmenu-event ?\\r)) (eglot-code-actions (point) (point) nil t))
      (exim-test-record 'line-after-fix (buffer-substring-no-properties (line-beginning-position) (line-end-position)))
      (exim-test-settle)
      (exim-test-wait "the error to go after the quick fix" (lambda () (not (exim-test-has "option-unknown"))))
      (exim-test-record 'fixed (exim-test-diagnostics))
      (exim-test-goto 8 4)
      (delete-char (length "timeout_connect_MX"))
      (insert "timout")
      (exim-test-settle)
      (exim-test-wait "a diagnostic for the new mistake" (lambda () (exim-test-has "retry-unknown-error")))
      (exim-test-record 'edited (exim-test-diagnostics))
      (set-buffer-modified-p nil)
      (eglot-shutdown (eglot--current-server-or-lose))
      (exim-test-record 'stopped t))
  (error (exim-test-record 'error (error-message-string err))))
(with-temp-file ${el(resultPath)} (insert (json-encode exim-test-result)))
(kill-emacs 0)
`;
}

interface Seen {
  line: number;
  column: number;
  type: string;
  text: string;
}
interface Result {
  error?: string;
  opened?: Seen[];
  hover?: string;
  'line-after-fix'?: string;
  fixed?: Seen[];
  edited?: Seen[];
  stopped?: boolean;
}

test('Emacs (eglot): diagnostics, hover, quick fix, edit, shutdown', { skip: EMACS ? false : 'Emacs with eglot is not installed: skipping the eglot test (apt-get install emacs-nox elpa-eglot; .ci/run does)' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'exim-eglot-'));
  try {
    const conf = join(dir, 'exim.conf');
    const resultPath = join(dir, 'result.json');
    const scriptPath = join(dir, 'test.el');
    writeFileSync(conf, CONFIG.join('\n'));
    writeFileSync(scriptPath, script(conf, resultPath));
    // HOME in the temporary folder: Emacs and eglot write nothing into the real one.
    const r = spawnSync('emacs', ['--batch', '-l', scriptPath], { cwd: dir, input: '\n', encoding: 'utf8', timeout: 90000, env: { ...process.env, HOME: dir } });
    let result: Result;
    try {
      result = JSON.parse(readFileSync(resultPath, 'utf8')) as Result;
    } catch {
      assert.fail(`Emacs (${EMACS}) wrote no result: status ${r.status}, signal ${r.signal}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
    }
    assert.equal(result.error, undefined, `the Emacs script failed: ${result.error}\n${r.stderr}`);

    assert.deepEqual(result.opened!.map((d) => [d.line, d.column, d.type]), [[4, 0, 'eglot-error']]);
    assert.match(result.opened![0].text, /\[option-unknown\]: "message_size_limt" is not a main option; did you mean "message_size_limit"/);
    assert.match(result.hover ?? '', /\*\*Retry error\*\* `timeout_connect_MX`/);
    assert.equal(result['line-after-fix'], 'message_size_limit = 50M');
    assert.deepEqual(result.fixed, []);
    assert.deepEqual(result.edited!.map((d) => [d.line, d.column, d.type]), [[8, 4, 'eglot-error']]);
    assert.match(result.edited![0].text, /\[retry-unknown-error\]: "timout" is not a retry error name/);
    assert.equal(result.stopped, true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
