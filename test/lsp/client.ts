// A real LSP client over stdio for tests: starts the bundled server (dist/server.js) and speaks
// JSON-RPC to it with vscode-jsonrpc.

import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { ROOT } from '../helpers';

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: {
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    severity?: number;
    code?: string | number;
    source?: string;
    message: string;
    relatedInformation?: { location: { uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }; message: string }[];
  }[];
}

export class TestClient {
  readonly process: ChildProcess;
  readonly connection: MessageConnection;
  private readonly published = new Map<string, PublishedDiagnostics>();
  private waiters: (() => void)[] = [];
  stderr = '';
  /** How many times the server asked the client to refresh its inlay hints. */
  inlayHintRefreshes = 0;
  /** Every publishDiagnostics notification received, in order. */
  readonly allPublished: PublishedDiagnostics[] = [];
  /** The exit code of the server process, once it has exited. */
  readonly exited: Promise<number | null>;

  constructor(args: string[] = ['--stdio']) {
    this.process = spawn(process.execPath, [join(ROOT, 'dist', 'server.js'), ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr!.on('data', (b: Buffer) => (this.stderr += b.toString()));
    this.exited = new Promise((resolve) => this.process.on('exit', (code) => resolve(code)));
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishedDiagnostics) => {
      this.published.set(p.uri, p);
      this.allPublished.push(p);
      const w = this.waiters;
      this.waiters = [];
      for (const f of w) f();
    });
    this.connection.onRequest('workspace/inlayHint/refresh', () => {
      this.inlayHintRefreshes++;
      return null;
    });
    this.connection.onRequest('workspace/configuration', () => [{}]);
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.listen();
  }

  /** `extra` is merged into the initialize parameters (rootUri, workspaceFolders ...). */
  async initialize(initializationOptions: unknown = {}, extra: Record<string, unknown> = {}): Promise<unknown> {
    const r = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { textDocument: { hover: { contentFormat: ['markdown'] }, inlayHint: {}, codeAction: {}, completion: {}, publishDiagnostics: { relatedInformation: true } }, workspace: { inlayHint: { refreshSupport: true } } },
      initializationOptions,
      ...extra,
    });
    await this.connection.sendNotification('initialized', {});
    return r;
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'exim', version, text } });
  }

  change(uri: string, version: number, changes: unknown[]): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  /** Waits until diagnostics for `uri` (at `version`, if given) have been published. */
  async diagnostics(uri: string, version?: number, timeoutMs = 10000): Promise<PublishedDiagnostics> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const p = this.published.get(uri);
      if (p && (version === undefined || p.version === version)) return p;
      if (Date.now() > deadline) throw new Error(`no diagnostics for ${uri}${version !== undefined ? ` v${version}` : ''} (stderr: ${this.stderr})`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 100);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Waits until the latest diagnostics published for `uri` satisfy `accept`, and returns them. */
  async diagnosticsWhere(uri: string, accept: (p: PublishedDiagnostics) => boolean, timeoutMs = 10000): Promise<PublishedDiagnostics> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const p = this.published.get(uri);
      if (p && accept(p)) return p;
      if (Date.now() > deadline) throw new Error(`the diagnostics for ${uri} never became what the test waits for; last: ${JSON.stringify(p)} (stderr: ${this.stderr})`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 100);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  request<T = unknown>(method: string, params: unknown): Promise<T> {
    return this.connection.sendRequest(method, params) as Promise<T>;
  }

  async shutdown(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // the server may already be gone
    }
    await new Promise<void>((resolve) => {
      if (this.process.exitCode !== null) return resolve();
      const t = setTimeout(() => {
        this.process.kill();
        resolve();
      }, 3000);
      this.process.on('exit', () => {
        clearTimeout(t);
        resolve();
      });
    });
    this.connection.dispose();
  }
}
