// The check with the Exim binary inside the language server: the `exim.checkWithExim` command,
// the check on save, workspace trust, the diagnostics it adds (kept apart from the analysis'
// own), the status notification the client shows in its status bar, and the build information in
// the output channel. The check itself is node/eximCheck.ts.
//
// Unsaved changes: Exim reads files, so the saved file (and the saved files it includes) is what
// is checked; when the editor holds unsaved changes the status says so. Exim's diagnostics belong
// to the text that was checked, so they are dropped as soon as that file (or a file it includes)
// is edited, and come back with the next check.

import type { Connection, Diagnostic as LspDiagnostic, InitializeParams } from 'vscode-languageserver/node';
import { DiagnosticSeverity, MessageType, ShowMessageNotification } from 'vscode-languageserver/node';
import { EXIM_CHECK_SOURCE } from './analysis/eximFindings';
import { readTextFile } from './node/fileHost';
import { checkWithExim, describeBuild, findExim, type EximCheckResult } from './node/eximCheck';
import { builtinMacrosOf } from './node/eximMacros';
import { pathToUri, uriToPath, type Workspace } from './workspace';

export const CHECK_COMMAND = 'exim.checkWithExim';
/** Client -> server: the workspace trust changed (`{ isTrusted }`). */
export const TRUST_NOTIFICATION = 'exim/trustChanged';
/** Server -> client: the state of the last check, for the status bar. */
export const STATUS_NOTIFICATION = 'exim/checkStatus';

export type CheckState = 'running' | 'passed' | 'failed' | 'unavailable' | 'refused' | 'disabled';

export interface CheckStatusParams {
  /** The document checked. */
  uri: string;
  state: CheckState;
  /** One line for the status bar's tooltip. */
  message: string;
  /** What the user can do, when there is something. */
  detail?: string;
  /** When the check ended (ISO 8601). */
  time: string;
  version?: string;
}

/** What `workspace/executeCommand` returns for exim.checkWithExim. */
export interface CheckCommandResult {
  uri: string;
  state: CheckState;
  message: string;
  detail?: string;
  /** Diagnostics added (Exim's errors not already reported by our own checks). */
  diagnostics: number;
  /** Exim's errors left out because one of our diagnostics already says the same there. */
  duplicates: number;
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, information: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint };

export const UNTRUSTED_MESSAGE =
  'The check with exim -bV is off in an untrusted workspace: Exim would read files that come with the workspace. Trust the workspace to use it.';

export class EximCheckService {
  /** Without the client saying otherwise (editors other than VS Code have no workspace trust), the workspace is trusted. */
  private trusted = true;
  private folders: string[] = [];
  /** Per checked document: Exim's diagnostics per document URI they are in. */
  private readonly results = new Map<string, Map<string, LspDiagnostic[]>>();
  /** Edits seen per document, to notice an edit during a check. */
  private readonly edits = new Map<string, number>();
  private readonly queue = new Map<string, Promise<unknown>>();
  private lastBuild = '';
  private macroGeneration = 0;
  /** Whether a check has been run (so that running Exim is what the user wants). */
  private checked = false;

  constructor(
    private readonly connection: Connection,
    private readonly workspace: Workspace,
    /** Publishes a document's diagnostics again (its own, and what diagnosticsFor gives). */
    private readonly republish: (uri: string) => void,
  ) {}

  initialize(params: InitializeParams): void {
    const init = params.initializationOptions as { isTrusted?: unknown } | undefined;
    if (typeof init?.isTrusted === 'boolean') this.trusted = init.isTrusted;
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    this.setFolders(folders);
  }

  setFolders(uris: string[]): void {
    this.folders = uris.map(uriToPath).filter((p): p is string => p !== undefined);
  }

  get workspaceFolders(): readonly string[] {
    return this.folders;
  }

  get isTrusted(): boolean {
    return this.trusted;
  }

  setTrusted(trusted: boolean): void {
    this.trusted = trusted;
    if (!trusted) {
      for (const uri of [...this.results.keys()]) this.drop(uri);
      this.status({ uri: '', state: 'disabled', message: UNTRUSTED_MESSAGE, time: new Date().toISOString() });
    }
  }

  /**
   * Takes the built-in macros (`.ifdef _HAVE_DMARC` ...) from the Exim binary, as
   * `exim -C /dev/null -bP macros` lists them, once the user runs Exim from the editor (the
   * workspace is trusted, and `exim.checkOnSave` is on or a check has been run), the
   * `exim.builtinMacros` setting says so and a binary is found; else those of an Exim built with
   * every feature. Call it when the settings, the folders or the trust change, and after a check.
   */
  async refreshBuiltinMacros(): Promise<void> {
    const generation = ++this.macroGeneration;
    let list: readonly string[] | undefined;
    let said = 'an Exim built with every feature is assumed';
    const eximRuns = this.trusted && (this.workspace.settings.checkOnSave || this.checked);
    if (eximRuns && this.workspace.settings.builtinMacros === 'exim') {
      const found = findExim({ executablePath: this.workspace.settings.executablePath, forbiddenRoots: this.folders });
      if (found.path && !found.problem) {
        const r = await builtinMacrosOf(found.path);
        list = r.macros;
        said = r.macros ? `${r.macros.length} from ${found.path}` : `${r.problem}; ${said}`;
      } else {
        said = `no Exim binary to ask; ${said}`;
      }
    }
    if (generation !== this.macroGeneration) return;
    if (this.workspace.setBuiltinMacros(list)) {
      this.connection.console.info(`exim: built-in macros: ${said}`);
      for (const uri of this.workspace.openUris()) this.republish(uri);
    }
  }

  /** Exim's diagnostics for a document, from every check that produced some there. */
  diagnosticsFor(uri: string): LspDiagnostic[] {
    const out: LspDiagnostic[] = [];
    for (const targets of this.results.values()) out.push(...(targets.get(uri) ?? []));
    return out;
  }

  /** A document changed: the checks of it, or that found something in it, are out of date. */
  changed(uri: string): void {
    this.edits.set(uri, (this.edits.get(uri) ?? 0) + 1);
    for (const [checked, targets] of [...this.results]) if (checked === uri || targets.has(uri)) this.drop(checked);
  }

  closed(uri: string): void {
    this.edits.delete(uri);
    if (this.results.has(uri)) this.drop(uri);
  }

  saved(uri: string): void {
    if (!this.workspace.settings.checkOnSave) return;
    if (!this.trusted) {
      this.status({ uri, state: 'disabled', message: UNTRUSTED_MESSAGE, time: new Date().toISOString() });
      return;
    }
    void this.check(uri);
  }

  /** workspace/executeCommand exim.checkWithExim [uri] */
  async command(args: unknown[] | undefined): Promise<CheckCommandResult> {
    const uri = typeof args?.[0] === 'string' ? args[0] : undefined;
    if (!uri) {
      const message = 'exim.checkWithExim needs the URI of the document to check.';
      this.show(MessageType.Warning, `Exim: ${message}`);
      return { uri: '', state: 'unavailable', message, diagnostics: 0, duplicates: 0 };
    }
    if (!this.trusted) {
      this.status({ uri, state: 'disabled', message: UNTRUSTED_MESSAGE, time: new Date().toISOString() });
      this.show(MessageType.Warning, `Exim: ${UNTRUSTED_MESSAGE}`);
      return { uri, state: 'disabled', message: UNTRUSTED_MESSAGE, diagnostics: 0, duplicates: 0 };
    }
    const r = await this.check(uri);
    const text = r.detail ? `Exim: ${r.message} ${r.detail}` : `Exim: ${r.message}`;
    this.show(r.state === 'passed' ? MessageType.Info : r.state === 'failed' ? MessageType.Error : MessageType.Warning, text);
    return r;
  }

  /** Runs a check; checks of one document run one after the other. */
  private check(uri: string): Promise<CheckCommandResult> {
    const previous = this.queue.get(uri) ?? Promise.resolve();
    const next = previous.then(() => this.runCheck(uri), () => this.runCheck(uri));
    this.queue.set(uri, next);
    void next.finally(() => {
      if (this.queue.get(uri) === next) this.queue.delete(uri);
    });
    return next;
  }

  private async runCheck(uri: string): Promise<CheckCommandResult> {
    const now = () => new Date().toISOString();
    const path = uriToPath(uri);
    if (!path) {
      const message = 'Only files on disk can be checked with Exim: save this one to a file first.';
      this.status({ uri, state: 'unavailable', message, time: now() });
      return { uri, state: 'unavailable', message, diagnostics: 0, duplicates: 0 };
    }
    const editsBefore = this.edits.get(uri) ?? 0;
    this.status({ uri, state: 'running', message: `Checking ${path} with exim -bV ...`, time: now() });
    const overrides = this.workspace.settings.diagnostics.overrides;
    let result: EximCheckResult;
    try {
      result = await checkWithExim(path, {
        executablePath: this.workspace.settings.executablePath,
        forbiddenRoots: this.folders,
        shownCode: (code) => overrides[code] !== 'off',
      });
    } catch (e) {
      // checkWithExim reports its problems as results; this is a bug, said plainly.
      result = { status: 'unavailable', summary: `The check failed unexpectedly: ${(e as Error).message}`, findings: [], warnings: [] };
    }
    this.log(result, path);
    this.checked = true;
    void this.refreshBuiltinMacros();

    // Unsaved changes are not what Exim read.
    const open = this.workspace.text(uri);
    const saved = readTextFile(path)?.text;
    const unsaved = open !== undefined && saved !== undefined && open !== saved;
    const message = unsaved ? `${result.summary} (This is the saved file; the editor has unsaved changes.)` : result.summary;

    const targets = new Map<string, LspDiagnostic[]>();
    let duplicates = 0;
    for (const f of result.findings) {
      if (f.sameAs) {
        duplicates++;
        continue;
      }
      const o = overrides[f.code];
      if (o === 'off') continue;
      const target = f.path === path ? uri : pathToUri(f.path);
      const list = targets.get(target) ?? [];
      list.push({ range: f.range, severity: SEVERITY[o ?? f.severity], code: f.code, source: EXIM_CHECK_SOURCE, message: f.message });
      targets.set(target, list);
    }
    const editedMeanwhile = (this.edits.get(uri) ?? 0) !== editsBefore;
    this.drop(uri);
    if (this.trusted && !editedMeanwhile) {
      this.results.set(uri, targets);
      for (const t of targets.keys()) this.republish(t);
      if (!targets.has(uri)) this.republish(uri);
    }
    const state: CheckState = result.status;
    this.status({ uri, state, message, detail: result.detail, time: now(), version: result.version });
    const count = [...targets.values()].reduce((n, l) => n + l.length, 0);
    return { uri, state, message, detail: result.detail, diagnostics: count, duplicates };
  }

  private drop(checked: string): void {
    const targets = this.results.get(checked);
    if (!targets) return;
    this.results.delete(checked);
    for (const t of targets.keys()) this.republish(t);
  }

  /** A message for the user (a notification: nothing to answer, nothing to wait for). */
  private show(type: MessageType, message: string): void {
    void this.connection.sendNotification(ShowMessageNotification.type, { type, message });
  }

  private status(p: CheckStatusParams): void {
    void this.connection.sendNotification(STATUS_NOTIFICATION, p);
  }

  private log(r: EximCheckResult, path: string): void {
    const build = describeBuild(r);
    const key = build.join('\n');
    if (key && key !== this.lastBuild) {
      this.lastBuild = key;
      this.connection.console.info(`Exim binary for exim -bV checks:\n${build.join('\n')}`);
    }
    const lines = [`exim -bV ${path}: ${r.status}: ${r.summary}`];
    if (r.detail) lines.push(`  ${r.detail}`);
    for (const w of r.warnings) lines.push(`  Exim warns: ${w}`);
    for (const f of r.findings) {
      lines.push(`  ${f.path}:${f.range.start.line + 1}: ${f.message}${f.sameAs ? ` (already reported by our own check [${f.sameAs}], not shown twice)` : ''}`);
    }
    this.connection.console.info(lines.join('\n'));
  }
}
