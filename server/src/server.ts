#!/usr/bin/env node
// exim-language-server: LSP wiring only.  Every answer comes from the editor-neutral engine
// (workspace.ts and features/); this file maps LSP requests to it and results back.

import {
  CodeActionKind,
  CompletionItemKind,
  InsertTextFormat,
  createConnection,
  DiagnosticSeverity,
  DocumentHighlightKind,
  ErrorCodes,
  FoldingRangeKind,
  InlayHintKind,
  MarkupKind,
  DiagnosticTag,
  ProposedFeatures,
  ResponseError,
  SymbolKind,
  TextDocumentSyncKind,
  type Connection,
  type DocumentSymbol as LspDocumentSymbol,
  type SelectionRange as LspSelectionRange,
  type TextEdit as LspTextEdit,
  type Diagnostic as LspDiagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import type { Diagnostic } from './analysis/diagnostic';
import { CHECK_COMMAND, EximCheckService, TRUST_NOTIFICATION } from './eximCheckService';
import { codeActions, fixAllAction } from './features/codeActions';
import { foldingRanges } from './features/folding';
import { documentLinks } from './features/links';
import { definition, documentHighlights, prepareRename, references, rename, type FileLocation } from './features/navigation';
import { selectionRange, type SelectionRange } from './features/selection';
import { documentSymbols, workspaceSymbols, type DocumentSymbol, type SymbolKind as EngineSymbolKind } from './features/symbols';
import { resolveInclude } from './node/fileHost';
import { completion, type CompletionKind } from './features/completion';
import { hover } from './features/hover';
import { inlayHints } from './features/inlayHints';
import { signatureHelp } from './features/signatureHelp';
import { Workspace, pathToUri, type Settings, DEFAULT_SETTINGS } from './workspace';
import type { Analysis } from './analysis/analyse';

const SYMBOL_KIND: Record<EngineSymbolKind, SymbolKind> = {
  section: SymbolKind.Namespace,
  acl: SymbolKind.Function,
  router: SymbolKind.Class,
  transport: SymbolKind.Interface,
  authenticator: SymbolKind.Key,
  namedList: SymbolKind.Array,
  macro: SymbolKind.Constant,
  retryRule: SymbolKind.Event,
  rewriteRule: SymbolKind.Operator,
};

function toLspSymbol(s: DocumentSymbol): LspDocumentSymbol {
  const out: LspDocumentSymbol = { name: s.name, kind: SYMBOL_KIND[s.kind], range: s.range, selectionRange: s.selectionRange, children: s.children.map(toLspSymbol) };
  if (s.detail) out.detail = s.detail;
  return out;
}

function toLspSelection(s: SelectionRange): LspSelectionRange {
  return s.parent ? { range: s.range, parent: toLspSelection(s.parent) } : { range: s.range };
}

/** The URI of a file of an analysis (file 0 is the document itself). */
function uriOfFile(analysis: Analysis, uri: string, file: number): string | undefined {
  if (file === 0) return uri;
  const f = analysis.document.read.files[file];
  return f ? pathToUri(f.name) : undefined;
}

function toLocations(analysis: Analysis, uri: string, list: FileLocation[]) {
  return list.flatMap((l) => {
    const u = uriOfFile(analysis, uri, l.file);
    return u ? [{ uri: u, range: l.range }] : [];
  });
}

const SEVERITY: Record<Diagnostic['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(d: Diagnostic, uriOf: (file: number) => string | undefined): LspDiagnostic {
  const out: LspDiagnostic = { range: d.range, severity: SEVERITY[d.severity], code: d.code, source: 'exim', message: d.message };
  if (d.tags) out.tags = d.tags.map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  if (d.related) {
    const related = d.related.flatMap((r) => {
      const uri = uriOf(r.file);
      return uri ? [{ location: { uri, range: r.range }, message: r.message }] : [];
    });
    if (related.length) out.relatedInformation = related;
  }
  if (d.fixes) out.data = { fixes: d.fixes.length };
  return out;
}

const COMPLETION_KIND: Record<CompletionKind, CompletionItemKind> = {
  option: CompletionItemKind.Property,
  keyword: CompletionItemKind.Keyword,
  driver: CompletionItemKind.Class,
  section: CompletionItemKind.Module,
  verb: CompletionItemKind.Keyword,
  condition: CompletionItemKind.Function,
  modifier: CompletionItemKind.Field,
  value: CompletionItemKind.EnumMember,
  variable: CompletionItemKind.Variable,
  item: CompletionItemKind.Function,
  operator: CompletionItemKind.Operator,
  lookup: CompletionItemKind.Interface,
  macro: CompletionItemKind.Constant,
  reference: CompletionItemKind.Reference,
  directive: CompletionItemKind.Keyword,
};

/** Characters that open a completion context: $name, ${item, `name = `, `begin `, `no_`. */
export const COMPLETION_TRIGGERS = ['$', '{', '=', ' ', '_'];
/** The code action kind of "fix all" (for `editor.codeActionsOnSave: { "source.fixAll": "explicit" }`). */
const FIX_ALL_KIND = 'source.fixAll.exim';

export function startServer(connection: Connection): void {
  const workspace = new Workspace();
  // The check with the Exim binary; it adds its diagnostics to those published below.
  const eximCheck = new EximCheckService(connection, workspace, (uri) => {
    if (workspace.document(uri)) schedule(uri, 0);
    else connection.sendDiagnostics({ uri, diagnostics: eximCheck.diagnosticsFor(uri) });
  });

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const init = params.initializationOptions as { settings?: Partial<Settings> } | undefined;
    if (init?.settings) workspace.updateSettings(init.settings);
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    workspace.setFolders(folders);
    eximCheck.initialize(params);
    clientHasFolderEvents = params.capabilities.workspace?.workspaceFolders === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        completionProvider: { triggerCharacters: COMPLETION_TRIGGERS, resolveProvider: false },
        signatureHelpProvider: { triggerCharacters: ['{'], retriggerCharacters: ['}', ' '] },
        inlayHintProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        documentSymbolProvider: { label: 'Exim' },
        workspaceSymbolProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        renameProvider: { prepareProvider: true },
        documentLinkProvider: { resolveProvider: false },
        foldingRangeProvider: true,
        selectionRangeProvider: true,
        executeCommandProvider: { commands: [CHECK_COMMAND] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'exim-language-server', version: '0.1.0' },
    };
  });

  let clientHasFolderEvents = false;
  const publish = (uri: string) => {
    const result = workspace.diagnostics(uri);
    if (!result) return;
    const own = result.diagnostics.map((d) => toLspDiagnostic(d, result.uriOf));
    connection.sendDiagnostics({ uri, version: result.version, diagnostics: [...own, ...eximCheck.diagnosticsFor(uri)] });
  };

  // Diagnostics are computed after a short pause in typing, and only for the latest text.
  const pending = new Map<string, NodeJS.Timeout>();
  const schedule = (uri: string, delay: number) => {
    clearTimeout(pending.get(uri));
    pending.set(
      uri,
      setTimeout(() => {
        pending.delete(uri);
        try {
          publish(uri);
        } catch (e) {
          connection.console.error(`exim: analysis of ${uri} failed: ${(e as Error).stack ?? e}`);
        }
      }, delay),
    );
  };

  connection.onDidOpenTextDocument((p) => {
    workspace.open(p.textDocument.uri, p.textDocument.text, p.textDocument.version);
    schedule(p.textDocument.uri, 0);
    // A file just opened may include the others: their findings may change.
    for (const other of workspace.openUris()) if (other !== p.textDocument.uri) schedule(other, 300);
  });
  connection.onDidChangeTextDocument((p) => {
    workspace.change(p.textDocument.uri, p.contentChanges, p.textDocument.version);
    eximCheck.changed(p.textDocument.uri);
    schedule(p.textDocument.uri, 80);
    // The other open files may be pieces of the same configuration: their findings may change.
    for (const other of workspace.openUris()) if (other !== p.textDocument.uri) schedule(other, 600);
  });
  connection.onDidCloseTextDocument((p) => {
    clearTimeout(pending.get(p.textDocument.uri));
    pending.delete(p.textDocument.uri);
    workspace.close(p.textDocument.uri);
    eximCheck.closed(p.textDocument.uri);
    connection.sendDiagnostics({ uri: p.textDocument.uri, diagnostics: eximCheck.diagnosticsFor(p.textDocument.uri) });
    // The other open files may have been pieces of a whole this one made.
    for (const other of workspace.openUris()) schedule(other, 300);
  });
  connection.onHover((p) => {
    const a = workspace.analysis(p.textDocument.uri);
    if (!a) return null;
    const h = hover(a, p.position);
    return h ? { contents: { kind: MarkupKind.Markdown, value: h.contents }, range: h.range } : null;
  });

  connection.onSignatureHelp((p) => {
    const a = workspace.analysis(p.textDocument.uri);
    const h = a && signatureHelp(a, p.position);
    if (!h) return null;
    return {
      signatures: [{ label: h.label, documentation: h.documentation ? { kind: MarkupKind.Markdown, value: h.documentation } : undefined, parameters: h.parameters.map((label) => ({ label })) }],
      activeSignature: 0,
      activeParameter: h.activeParameter,
    };
  });

  connection.onCompletion((p) => {
    const a = workspace.analysis(p.textDocument.uri);
    if (!a) return null;
    const items = completion(a, p.position);
    if (!items) return null;
    return {
      isIncomplete: false,
      items: items.map((i) => ({
        label: i.label,
        kind: COMPLETION_KIND[i.kind],
        detail: i.detail,
        documentation: i.documentation ? { kind: MarkupKind.Markdown, value: i.documentation } : undefined,
        insertTextFormat: i.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        textEdit: { range: i.range, newText: i.insertText ?? i.label },
        filterText: i.filterText,
        sortText: i.sortText,
      })),
    };
  });

  connection.languages.inlayHint.on((p) => {
    if (!workspace.settings.retryPreview.enabled) return [];
    const a = workspace.analysis(p.textDocument.uri);
    if (!a) return [];
    return inlayHints(a, p.range.start.line, p.range.end.line).map((h) => ({
      position: h.position,
      label: h.label,
      kind: InlayHintKind.Parameter,
      tooltip: h.tooltip,
      paddingLeft: true,
    }));
  });

  connection.onCodeAction((p) => {
    const a = workspace.analysis(p.textDocument.uri);
    if (!a) return [];
    const uri = p.textDocument.uri;
    // Fix all (on request only: the editor's "Fix All" command, or source.fixAll on save).
    const only = p.context.only;
    if (only?.some((k) => FIX_ALL_KIND === k || FIX_ALL_KIND.startsWith(`${k}.`))) {
      const text = workspace.text(uri) ?? '';
      const all = fixAllAction(a, text, (t) => workspace.analysisOfText(uri, t) ?? a);
      return all ? [{ title: all.title, kind: FIX_ALL_KIND, edit: { changes: { [uri]: all.edits.map((e) => ({ range: e.range, newText: e.newText })) } } }] : [];
    }
    if (only && !only.some((k) => k === CodeActionKind.QuickFix || k === 'quickfix' || CodeActionKind.QuickFix.startsWith(`${k}.`) || k === '')) return [];
    return codeActions(a, p.range).map((c) => ({
      title: c.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [toLspDiagnostic(c.diagnostic, () => uri)],
      isPreferred: c.preferred,
      edit: { changes: { [uri]: c.edits.map((e) => ({ range: e.range, newText: e.newText })) } },
    }));
  });

  connection.onDocumentSymbol((p) => {
    const a = workspace.analysis(p.textDocument.uri);
    return a ? documentSymbols(a).map(toLspSymbol) : [];
  });

  connection.onWorkspaceSymbol((p) => {
    const seen = new Set<string>();
    const out: { name: string; kind: SymbolKind; location: { uri: string; range: FileLocation['range'] }; containerName?: string }[] = [];
    for (const uri of workspace.openUris()) {
      const a = workspace.analysis(uri);
      if (!a) continue;
      for (const s of workspaceSymbols(a, p.query)) {
        const u = uriOfFile(a, uri, s.file);
        if (!u) continue;
        const id = `${u}#${s.range.start.line}:${s.range.start.character}:${s.name}`;
        if (seen.has(id)) continue;
        seen.add(id);
        out.push({ name: s.name, kind: SYMBOL_KIND[s.kind], location: { uri: u, range: s.range }, containerName: s.containerName });
      }
    }
    return out;
  });

  connection.onDefinition((p) => {
    const a = workspace.analysis(p.textDocument.uri);
    return a ? toLocations(a, p.textDocument.uri, definition(a, p.position)) : [];
  });

  connection.onReferences((p) => {
    const a = workspace.analysis(p.textDocument.uri);
    return a ? toLocations(a, p.textDocument.uri, references(a, p.position, p.context.includeDeclaration)) : [];
  });

  connection.onDocumentHighlight((p) => {
    const a = workspace.analysis(p.textDocument.uri);
    if (!a) return [];
    return documentHighlights(a, p.position).map((h) => ({ range: h.range, kind: h.kind === 'write' ? DocumentHighlightKind.Write : DocumentHighlightKind.Read }));
  });

  connection.onPrepareRename((p) => {
    const a = workspace.analysis(p.textDocument.uri);
    if (!a) return null;
    const r = prepareRename(a, p.position);
    if ('error' in r) throw new ResponseError(ErrorCodes.InvalidRequest, r.error);
    return r;
  });

  connection.onRenameRequest((p) => {
    const a = workspace.analysis(p.textDocument.uri);
    if (!a) return null;
    const r = rename(a, p.position, p.newName);
    if ('error' in r) throw new ResponseError(ErrorCodes.InvalidRequest, r.error);
    const changes: Record<string, LspTextEdit[]> = {};
    for (const e of r.edits) {
      const u = uriOfFile(a, p.textDocument.uri, e.file);
      if (!u) continue;
      (changes[u] ??= []).push({ range: e.range, newText: e.newText });
    }
    return { changes };
  });

  connection.onDocumentLinks((p) => {
    const a = workspace.analysis(p.textDocument.uri);
    if (!a) return [];
    return documentLinks(a, resolveInclude).map((l) => ({ range: l.range, target: pathToUri(l.target), tooltip: l.tooltip }));
  });

  connection.onFoldingRanges((p) => {
    const a = workspace.analysis(p.textDocument.uri);
    if (!a) return [];
    return foldingRanges(a).map((r) => (r.kind === 'comment' ? { startLine: r.startLine, endLine: r.endLine, kind: FoldingRangeKind.Comment } : { startLine: r.startLine, endLine: r.endLine }));
  });

  connection.onSelectionRanges((p) => {
    const a = workspace.analysis(p.textDocument.uri);
    if (!a) return [];
    return p.positions.map((pos) => toLspSelection(selectionRange(a, pos)));
  });

  connection.onDidSaveTextDocument((p) => eximCheck.saved(p.textDocument.uri));
  connection.onExecuteCommand((p) => (p.command === CHECK_COMMAND ? eximCheck.command(p.arguments) : undefined));
  connection.onNotification(TRUST_NOTIFICATION, (p: { isTrusted?: unknown }) => {
    if (typeof p?.isTrusted === 'boolean') eximCheck.setTrusted(p.isTrusted);
    void eximCheck.refreshBuiltinMacros();
  });
  connection.onInitialized(() => {
    void eximCheck.refreshBuiltinMacros();
    if (!clientHasFolderEvents) return;
    connection.workspace.onDidChangeWorkspaceFolders(() => {
      connection.workspace.getWorkspaceFolders().then((f) => {
        const uris = (f ?? []).map((x) => x.uri);
        eximCheck.setFolders(uris);
        workspace.setFolders(uris);
        void eximCheck.refreshBuiltinMacros();
        for (const uri of workspace.openUris()) schedule(uri, 0);
      }, () => undefined);
    });
  });

  connection.onDidChangeConfiguration((p) => {
    const s = (p.settings as { exim?: Partial<Settings> } | undefined)?.exim;
    if (s) workspace.updateSettings(s);
    void eximCheck.refreshBuiltinMacros();
    for (const uri of workspace.openUris()) schedule(uri, 0);
    connection.languages.inlayHint.refresh().catch(() => undefined);
  });

  connection.listen();
}

export { DEFAULT_SETTINGS };

/** Starts the server on this process (the transport comes from the command line). */
export function run(): void {
  // createConnection picks the transport from the command line (--stdio, --node-ipc, --socket=N).
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write('usage: exim-language-server --stdio\nA language server for Exim configuration files (LSP over stdio, node-ipc or --socket=PORT).\n');
    process.exit(0);
  }
  if (!argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe') || a.startsWith('--clientProcessId'))) {
    process.argv.push('--stdio');
  }
  startServer(createConnection(ProposedFeatures.all));
}

if (require.main === module) run();
