// The VS Code side of the extension: it starts the bundled language server (dist/server.js) and
// forwards a few things to it. All the language knowledge lives in the server.
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import {
  ExecuteCommandRequest,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  TransportKind,
} from 'vscode-languageclient/node';

const CLIENT_ID = 'exim'; // also makes the client read the `exim.trace.server` setting
const CHECK_COMMAND = 'exim.checkWithExim';
const RESTART_COMMAND = 'exim.restartServer';
const TRUST_NOTIFICATION = 'exim/trustChanged';
const STATUS_NOTIFICATION = 'exim/checkStatus';

/** What the server sends about the check with exim -bV (see server/src/eximCheckService.ts). */
interface CheckStatus {
  uri: string;
  state: 'running' | 'passed' | 'failed' | 'unavailable' | 'refused' | 'disabled';
  message: string;
  detail?: string;
  time: string;
}

const STATUS_ICON: Record<CheckStatus['state'], string> = {
  running: '$(sync~spin)',
  passed: '$(pass)',
  failed: '$(error)',
  unavailable: '$(warning)',
  refused: '$(shield)',
  disabled: '$(circle-slash)',
};

/** What the server receives as `initializationOptions`. */
export interface EximInitializationOptions {
  /** The `exim` settings section, shaped like the one sent with workspace/didChangeConfiguration. */
  settings: Record<string, unknown>;
  /** Whether the workspace is trusted; the server runs no Exim binary while it is not. */
  isTrusted: boolean;
}

let output: vscode.LogOutputChannel | undefined;
let statusItem: vscode.StatusBarItem | undefined;
let client: LanguageClient | undefined;
// Registered only when the server does not announce the check command itself (see startClient).
let ownCheckCommand: vscode.Disposable | undefined;
// Start, stop and restart run one after another, never interleaved.
let queue: Promise<void> = Promise.resolve();

function serialized(task: () => Promise<void>): Promise<void> {
  queue = queue.then(task, task);
  return queue;
}

function currentSettings(): Record<string, unknown> {
  // A plain JSON copy: the configuration object itself carries accessor functions.
  const section = vscode.workspace.getConfiguration().get<Record<string, unknown>>('exim') ?? {};
  return JSON.parse(JSON.stringify(section)) as Record<string, unknown>;
}

/**
 * The document the check command applies to, as a URI string: the argument VS Code passes when the
 * command runs from a menu, else the active editor when it shows an Exim file.
 */
function checkTarget(args: unknown[]): string | undefined {
  const first = args[0];
  if (first instanceof vscode.Uri) return first.toString();
  if (typeof first === 'string' && first !== '') return first;
  const document = vscode.window.activeTextEditor?.document;
  if (document && document.languageId === 'exim') return document.uri.toString();
  return undefined;
}

async function sendCheck(
  args: unknown[],
  send: (command: string, args: unknown[]) => Promise<unknown>,
): Promise<unknown> {
  const target = checkTarget(args);
  if (target === undefined) {
    void vscode.window.showWarningMessage('Exim: open an Exim configuration file to check it with exim -bV.');
    return undefined;
  }
  return send(CHECK_COMMAND, [target]);
}

function createClient(context: vscode.ExtensionContext, channel: vscode.LogOutputChannel): LanguageClient {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'exim' },
      { scheme: 'untitled', language: 'exim' },
    ],
    outputChannel: channel,
    synchronize: { configurationSection: 'exim' },
    // A function, so that a restarted server sees the settings and trust of that moment.
    initializationOptions: (): EximInitializationOptions => ({
      settings: currentSettings(),
      isTrusted: vscode.workspace.isTrusted,
    }),
    middleware: {
      // When the server announces the check command, the client library registers it; run from
      // the command palette it comes without arguments, so the active document is filled in here.
      executeCommand: (command, args, next) =>
        command === CHECK_COMMAND ? sendCheck(args, (c, a) => Promise.resolve(next(c, a))) : next(command, args),
    },
  };
  return new LanguageClient(CLIENT_ID, 'Exim Language Server', serverOptions, clientOptions);
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  if (client) return;
  const channel = output!;
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  if (!fs.existsSync(serverModule)) {
    channel.error(`The language server is missing: ${serverModule} does not exist.`);
    void vscode.window.showErrorMessage('Exim: the language server is missing from this installation (dist/server.js).');
    registerOwnCheckCommand();
    return;
  }
  const created = createClient(context, channel);
  client = created;
  try {
    await created.start();
  } catch (error) {
    channel.error(`The language server did not start: ${String(error)}`);
    registerOwnCheckCommand();
    return;
  }
  created.onNotification(STATUS_NOTIFICATION, showCheckStatus);
  const announced = created.initializeResult?.capabilities.executeCommandProvider?.commands ?? [];
  // Registering the command ourselves when the server announces it too would make the client
  // library fail to register its own, so this happens only when the server does not.
  if (!announced.includes(CHECK_COMMAND)) registerOwnCheckCommand();
}

/** The check command for when the client library does not provide it (see startClient). */
function registerOwnCheckCommand(): void {
  ownCheckCommand ??= vscode.commands.registerCommand(CHECK_COMMAND, (...args: unknown[]) => {
    const running = client;
    if (!running?.isRunning()) {
      void vscode.window.showErrorMessage('Exim: the language server is not running; the Exim output channel says why.');
      return undefined;
    }
    return sendCheck(args, (command, commandArgs) =>
      running.sendRequest(ExecuteCommandRequest.type, { command, arguments: commandArgs }));
  });
}

/** The status bar item: the state of the last check with exim -bV; clicking it checks again. */
function showCheckStatus(status: CheckStatus): void {
  if (!statusItem) return;
  const when = new Date(status.time).toLocaleTimeString();
  statusItem.text = `${STATUS_ICON[status.state] ?? ''} exim -bV`;
  statusItem.tooltip = `${status.message}${status.detail ? `\n\n${status.detail}` : ''}${status.state === 'running' ? '' : `\n\n(${when})`}`;
  statusItem.backgroundColor = status.state === 'failed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  statusItem.show();
}

async function stopClient(): Promise<void> {
  ownCheckCommand?.dispose();
  ownCheckCommand = undefined;
  const running = client;
  client = undefined;
  if (!running) return;
  try {
    // dispose() stops the server first; the output channel is ours and stays open.
    await running.dispose();
  } catch (error) {
    output?.error(`Stopping the language server failed: ${String(error)}`);
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  // A log channel: the client library writes its own messages and the trace into it too.
  output = vscode.window.createOutputChannel('Exim', { log: true });
  context.subscriptions.push(output);
  statusItem = vscode.window.createStatusBarItem('exim.checkStatus', vscode.StatusBarAlignment.Left, 0);
  statusItem.name = 'Exim check';
  statusItem.command = CHECK_COMMAND;
  context.subscriptions.push(statusItem);

  context.subscriptions.push(
    vscode.commands.registerCommand(RESTART_COMMAND, () =>
      serialized(async () => {
        output?.info('Restarting the language server.');
        await stopClient();
        await startClient(context);
      })),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      void client?.sendNotification(TRUST_NOTIFICATION, { isTrusted: true });
    }),
  );

  // Wait for the server, so that a command that activated the extension finds itself registered.
  await serialized(() => startClient(context));
}

export function deactivate(): Promise<void> {
  return serialized(stopClient);
}
