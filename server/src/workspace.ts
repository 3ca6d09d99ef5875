// The open documents, their analyses (computed once per version), the settings, and the mapping
// between file URIs and the paths the engine uses.  No LSP connection here.

import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { analyse, type Analysis } from './analysis/analyse';
import type { Diagnostic, Severity } from './analysis/diagnostic';
import { fileHost } from './node/fileHost';

export type SeverityOverride = Severity | 'off';

export interface Settings {
  retryPreview: { enabled: boolean };
  diagnostics: { overrides: Record<string, SeverityOverride> };
  executablePath: string;
  checkOnSave: boolean;
  mainFile: string;
}

export const DEFAULT_SETTINGS: Settings = {
  retryPreview: { enabled: true },
  diagnostics: { overrides: {} },
  executablePath: '',
  checkOnSave: false,
  mainFile: '',
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
    this.settings = next;
    for (const d of this.docs.values()) d.analysedVersion = undefined;
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
    for (const d of this.docs.values()) d.analysedVersion = undefined;
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

  /** The analysis of an open document, computed once per version. */
  analysis(uri: string): Analysis | undefined {
    const d = this.docs.get(uri);
    if (!d) return undefined;
    if (d.analysis && d.analysedVersion === d.doc.version) return d.analysis;
    const path = uriToPath(uri);
    const host = fileHost((p) => this.docs.get(pathToUri(p))?.doc.getText());
    d.analysis = analyse(d.doc.getText(), { name: path ?? uri, host: path ? host : undefined });
    d.analysedVersion = d.doc.version;
    return d.analysis;
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
