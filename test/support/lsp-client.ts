/**
 * A language client for the protocol tests: `dockerlint lsp --stdio` started as an editor starts it, driven over
 * JSON-RPC with vscode-jsonrpc (the transport VS Code's own client is built on).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { bin } from './cli-process.js';

export interface TestClient {
  readonly connection: MessageConnection;
  readonly child: ChildProcessWithoutNullStreams;
  /** The messages the server logged (window/logMessage). */
  readonly logs: string[];
  uri(relativePath: string): string;
  /** The next diagnostics published for `uri` after this call that satisfy `accept`: call it before what makes them. */
  diagnostics(uri: string, accept?: (diagnostics: readonly Diagnostic[]) => boolean): Promise<Diagnostic[]>;
  /** Resolves with the exit code once the server process ended. */
  exited: Promise<number | null>;
}

/** Starts a server in `root` and initializes it: `settings` are the client's `dockerlint` settings; `processId` the editor's (default: this process). */
export async function startClient(root: string, settings: Record<string, unknown> = {}, options: { readonly args?: readonly string[]; readonly processId?: number } = {}): Promise<TestClient> {
  const child = spawn(process.execPath, [bin, 'lsp', '--stdio', ...(options.args ?? [])], { cwd: root, stdio: 'pipe' });
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const latest = new Map<string, Diagnostic[]>();
  const waiting: { uri: string; accept: (d: readonly Diagnostic[]) => boolean; done: (d: Diagnostic[]) => void }[] = [];
  const logs: string[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
    latest.set(params.uri, params.diagnostics);
    for (const waiter of [...waiting]) {
      if (waiter.uri === params.uri && waiter.accept(params.diagnostics)) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.done(params.diagnostics);
      }
    }
  });
  connection.onNotification('window/logMessage', (params: { message: string }) => void logs.push(params.message));
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => settings));
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  const rootUri = pathToFileURL(root).href;
  await connection.sendRequest('initialize', {
    processId: options.processId ?? process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'test' }],
    capabilities: {
      workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true }, workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } },
      textDocument: { publishDiagnostics: { relatedInformation: true, tagSupport: { valueSet: [1, 2] } }, codeAction: {}, hover: {} },
    },
  });
  await connection.sendNotification('initialized', {});
  return {
    connection,
    child,
    logs,
    exited,
    uri: (relativePath) => pathToFileURL(`${root}/${relativePath}`).href,
    diagnostics(uri, accept = () => true) {
      return new Promise((done, fail) => {
        const timer = setTimeout(() => fail(new Error(`no diagnostics for ${uri} as expected; last: ${JSON.stringify(latest.get(uri))}; stderr: ${stderr}; log: ${logs.join('\n')}`)), 30_000);
        waiting.push({
          uri,
          accept,
          done: (d) => {
            clearTimeout(timer);
            done(d);
          },
        });
      });
    },
  };
}
