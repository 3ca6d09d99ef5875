// The open documents, their analyses (computed once per version), the settings, and the mapping
// between file URIs and the paths the engine uses.  No LSP connection here.

import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { isAbsolute, join, resolve as resolvePath } from 'node:path';
import { analyse, analyseWithin, type AnalyseOptions, type Analysis, type WholeConfig } from './analysis/analyse';
import type { Diagnostic, Severity } from './analysis/diagnostic';
import { fileHost } from './node/fileHost';
import { wholeFromMain, wholeOf } from './node/pieces';

export type SeverityOverride = Severity | 'off';

export interface Settings {
  retryPreview: { enabled: boolean };
  diagnostics: { overrides: Record<string, SeverityOverride> };
  executablePath: string;
  checkOnSave: boolean;
  mainFile: string;
  /** 'exim': the built-in macros of the Exim binary (when it can be run); 'allFeatures': an Exim with every feature. */
  builtinMacros: 'exim' | 'allFeatures';
}

export const DEFAULT_SETTINGS: Settings = {
  retryPreview: { enabled: true },
  diagnostics: { overrides: {} },
  executablePath: '',
  checkOnSave: false,
  mainFile: '',
  builtinMacros: 'exim',
};

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function pathToUri(path: string): string {
  return pathToFileURL(path).href;
}

interface OpenDocument {
  doc: TextDocument;
  analysis?: Analysis;
  analysedVersion?: number;
  /** The analysis found from the file's own place only (main file, conf.d tree), for includers. */
  base?: Analysis;
  baseVersion?: number;
}

export interface DocumentDiagnostics {
  version: number;
  diagnostics: Diagnostic[];
  uriOf: (file: number) => string | undefined;
}

const VALID_OVERRIDES = new Set(['error', 'warning', 'information', 'hint', 'off']);

export class Workspace {
  private readonly docs = new Map<string, OpenDocument>();
  settings: Settings = structuredClone(DEFAULT_SETTINGS);
  /** Paths of the workspace folders (for a relative `exim.mainFile`). */
  private folders: string[] = [];
  /** The built-in macros of the Exim binary in use; undefined: those of an Exim with every feature. */
  private builtinMacros: readonly string[] | undefined;

  /** Sets the built-in macros the analyses take as defined; returns whether they changed. */
  setBuiltinMacros(list: readonly string[] | undefined): boolean {
    if (list === this.builtinMacros) return false;
    this.builtinMacros = list;
    this.invalidateAll();
    return true;
  }

  setFolders(uris: string[]): void {
    this.folders = uris.map(uriToPath).filter((p): p is string => p !== undefined);
    this.invalidateAll();
  }

  /** The main file (or conf.d directory) the settings name, as an absolute path. */
  mainFilePath(): string | undefined {
    const m = this.settings.mainFile.trim();
    if (!m) return undefined;
    if (isAbsolute(m)) return m;
    return this.folders.length ? join(this.folders[0], m) : resolvePath(m);
  }

  updateSettings(s: Partial<Settings> | Record<string, unknown>): void {
    const next = structuredClone(this.settings);
    const v = s as Record<string, unknown>;
    const retry = v.retryPreview as { enabled?: unknown } | undefined;
    if (retry && typeof retry.enabled === 'boolean') next.retryPreview.enabled = retry.enabled;
    const diags = v.diagnostics as { overrides?: unknown } | undefined;
    if (diags && typeof diags.overrides === 'object' && diags.overrides !== null) {
      next.diagnostics.overrides = {};
      for (const [code, sev] of Object.entries(diags.overrides as Record<string, unknown>)) {
        if (typeof sev === 'string' && VALID_OVERRIDES.has(sev)) next.diagnostics.overrides[code] = sev as SeverityOverride;
      }
    }
    if (typeof v.executablePath === 'string') next.executablePath = v.executablePath;
    if (typeof v.checkOnSave === 'boolean') next.checkOnSave = v.checkOnSave;
    if (typeof v.mainFile === 'string') next.mainFile = v.mainFile;
    if (v.builtinMacros === 'exim' || v.builtinMacros === 'allFeatures') next.builtinMacros = v.builtinMacros;
    this.settings = next;
    this.invalidateAll();
  }

  open(uri: string, text: string, version: number): void {
    this.docs.set(uri, { doc: TextDocument.create(uri, 'exim', version, text) });
    this.invalidateAll();
  }

  change(uri: string, changes: TextDocumentContentChangeEvent[], version: number): void {
    const d = this.docs.get(uri);
    if (!d) return;
    d.doc = TextDocument.update(d.doc, changes, version);
    this.invalidateAll();
  }

  close(uri: string): void {
    this.docs.delete(uri);
    this.invalidateAll();
  }

  /** Another document's text may matter (it may be included), so analyses are redone lazily. */
  private invalidateAll(): void {
    for (const d of this.docs.values()) {
      d.analysedVersion = undefined;
      d.baseVersion = undefined;
    }
  }

  openUris(): string[] {
    return [...this.docs.keys()];
  }

  text(uri: string): string | undefined {
    return this.docs.get(uri)?.doc.getText();
  }

  document(uri: string): TextDocument | undefined {
    return this.docs.get(uri)?.doc;
  }

  /**
   * The analysis of an open document, computed once per version.  A file that is a piece of a
   * larger configuration is analysed inside it, found in this order: the `exim.mainFile` setting
   * (when its reading reaches the file), the file's place on disk (a conf.d tree, Debian's
   * localmacros + template), another open document whose reading includes it; else on its own.
   */
  analysis(uri: string): Analysis | undefined {
    const d = this.docs.get(uri);
    if (!d) return undefined;
    if (d.analysis && d.analysedVersion === d.doc.version) return d.analysis;
    const path = uriToPath(uri);
    const options = this.options(uri, path);
    let result: Analysis | undefined;
    if (path) {
      result = this.baseAnalysis(d, path, options);
      if (!result.whole) {
        const includer = this.includerWhole(uri, path);
        if (includer) result = analyseWithin(d.doc.getText(), options, includer) ?? result;
      }
    } else {
      result = analyse(d.doc.getText(), options);
    }
    d.analysis = result;
    d.analysedVersion = d.doc.version;
    return result;
  }

  /** The analysis an open document would have with another text, read the same way (to check a fix-all). */
  analysisOfText(uri: string, text: string): Analysis | undefined {
    const current = this.analysis(uri);
    if (!current) return undefined;
    const path = uriToPath(uri);
    const host = fileHost((p) => (p === path ? text : this.docs.get(pathToUri(p))?.doc.getText()));
    const options = { ...this.options(uri, path), host: path ? host : undefined };
    return (current.whole && analyseWithin(text, options, current.whole)) ?? analyse(text, options);
  }

  private options(uri: string, path: string | undefined): AnalyseOptions {
    const host = fileHost((p) => this.docs.get(pathToUri(p))?.doc.getText());
    return { name: path ?? uri, host: path ? host : undefined, builtinMacros: this.builtinMacros };
  }

  /** The wholes a file's own place gives it (main file setting, conf.d, Debian template). */
  private placeWholes(path: string): WholeConfig[] {
    const out: WholeConfig[] = [];
    const main = this.mainFilePath();
    if (main) {
      const w = wholeFromMain(main);
      if (w) out.push({ ...w, description: `${w.description} (exim.mainFile)` });
    }
    const own = wholeOf(path);
    if (own) out.push(own);
    return out;
  }

  private baseAnalysis(d: OpenDocument, path: string, options: AnalyseOptions): Analysis {
    if (d.base && d.baseVersion === d.doc.version) return d.base;
    let result: Analysis | undefined;
    for (const w of this.placeWholes(path)) {
      result = analyseWithin(d.doc.getText(), options, w);
      if (result) break;
    }
    // A file read on its own: after an edit inside one line, only that line is read again.
    const previous = d.base && !d.base.whole ? d.base : undefined;
    result ??= analyse(d.doc.getText(), previous ? { ...options, previous } : options);
    d.base = result;
    d.baseVersion = d.doc.version;
    return result;
  }

  /** The whole of another open document whose reading includes `path`. */
  private includerWhole(uri: string, path: string): WholeConfig | undefined {
    for (const [other, od] of this.docs) {
      if (other === uri) continue;
      const otherPath = uriToPath(other);
      if (!otherPath) continue;
      const base = this.baseAnalysis(od, otherPath, this.options(other, otherPath));
      const files = base.document.read.files;
      if (!files.some((f, i) => i > 0 && f.name === path)) continue;
      return base.whole ?? { roots: [{ path: otherPath }], description: `${otherPath}, which includes this file` };
    }
    return undefined;
  }

  /** The diagnostics of a document's own text, with the user's severity overrides applied. */
  diagnostics(uri: string): DocumentDiagnostics | undefined {
    const a = this.analysis(uri);
    const d = this.docs.get(uri);
    if (!a || !d) return undefined;
    const files = a.document.read.files;
    const uriOf = (file: number) => (file === 0 ? uri : files[file] ? pathToUri(files[file].name) : undefined);
    const overrides = this.settings.diagnostics.overrides;
    const out: Diagnostic[] = [];
    for (const diag of a.diagnostics) {
      if (diag.file !== 0) continue;
      const o = overrides[diag.code];
      if (o === 'off') continue;
      out.push(o ? { ...diag, severity: o } : diag);
    }
    return { version: d.doc.version, diagnostics: out, uriOf };
  }
}
