/**
 * `dockerlint lsp`: the linter behind the Language Server Protocol, over standard input and output. Open documents
 * are linted from their unsaved text, as the CLI would lint that file (its config found upward, the files it reaches
 * read from disk); a change to a file another document's lint read re-lints that document. Findings become
 * diagnostics, their fixes and ignore pragmas code actions, their rules' docs hovers.
 *
 * The library (vscode-languageserver) ends the process on `exit`, when standard input closes, and when the client's
 * process (`processId` of initialize) is gone: it polls it every 3 seconds.
 */
import { performance } from 'node:perf_hooks';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  createConnection,
  type CodeAction,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { applyFixes } from '../engine/fix.js';
import { ConfigError } from '../config/config.js';
import { InputError } from '../engine/lint.js';
import { containsPosition, overlaps, SOURCE, toDiagnostic } from './convert.js';
import { FIX_ALL_KIND, ignoreActions, quickFix, replaceAll, wanted } from './actions.js';
import { hoverMarkdown } from './hover.js';
import {
  ConfigCache,
  DEFAULT_SETTINGS,
  dependsOn,
  documentKind,
  documentPath,
  isConfigFileName,
  lintDocument,
  type ClientSettings,
  type DocumentLint,
  type ServerOptions,
} from './documents.js';

/** How long typing must pause before a document is linted again. */
const DEBOUNCE_MS = 200;
/** Notes already logged (a tool missing, an include not found): each once, and at most this many remembered. */
const MAX_NOTES = 500;

/** Starts the server on standard input and output; resolves when the connection closes. */
export function startLanguageServer(options: ServerOptions): Promise<void> {
  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  // Standard output is the protocol: anything a dependency prints goes to the client's log instead.
  console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
  console.info = (...args: unknown[]) => connection.console.info(args.map(String).join(' '));
  console.warn = (...args: unknown[]) => connection.console.warn(args.map(String).join(' '));
  console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));
  // A failure outside any request (a plugin's timer that throws) is logged: the editor keeps its server.
  process.on('uncaughtException', (error) => connection.console.error(`dockerlint: internal error: ${error.stack ?? error.message}`));
  process.on('unhandledRejection', (reason) => connection.console.error(`dockerlint: internal error: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`));
  serve(connection, options);
  return new Promise((done) => connection.onExit(() => done()));
}

/** Wires the handlers on a connection; the transport is the caller's. */
export function serve(connection: Connection, options: ServerOptions): void {
  const documents = new TextDocuments(TextDocument);
  const lints = new Map<string, DocumentLint>();
  /** Each document's latest lint request: a lint that finishes after a newer one started is dropped. */
  const sequence = new Map<string, number>();
  const timers = new Map<string, NodeJS.Timeout>();
  const settingsCache = new Map<string, Promise<ClientSettings>>();
  const configs = new ConfigCache();
  const loggedNotes = new Set<string>();
  const openedAt = new Map<string, number>();
  /** Documents just opened: the content change the open fires is not a change to lint again. */
  const opening = new Set<string>();
  let folders: string[] = [];
  let canAskConfiguration = false;
  let canWatchFiles = false;
  let canCreateFiles = false;
  let canFollowFolders = false;

  connection.onInitialize((params): InitializeResult => {
    const fromFolders = (params.workspaceFolders ?? []).flatMap((f) => localPath(f.uri) ?? []);
    // rootUri/rootPath: clients older than workspace folders (Neovim 0.7 sends both).
    const root = (params.rootUri ? localPath(params.rootUri) : undefined) ?? params.rootPath ?? undefined;
    folders = fromFolders.length > 0 ? fromFolders : root ? [root] : [];
    canAskConfiguration = params.capabilities.workspace?.configuration === true;
    canFollowFolders = params.capabilities.workspace?.workspaceFolders === true;
    canWatchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const edits = params.capabilities.workspace?.workspaceEdit;
    canCreateFiles = edits?.documentChanges === true && (edits.resourceOperations ?? []).includes('create');
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll, FIX_ALL_KIND] },
        hoverProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'dockerlint' },
    };
  });

  connection.onInitialized(() => {
    if (canWatchFiles) {
      // The files a lint may read: configs, ignore files, manifests, Compose files and Dockerfiles.
      const globs = ['.dockerlintrc*', 'dockerlint.config.json', 'package.json', '.hadolint.y*ml', '*dockerignore', '*containerignore', '*requirements*.txt', '*constraints*.txt', 'pyproject.toml', 'Pipfile*', 'environment*.y*ml', '*compose*.y*ml', '*ockerfile*', '*ontainerfile*'];
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: globs.map((glob) => ({ globPattern: `**/${glob}` })) });
    }
    if (canFollowFolders) connection.workspace.onDidChangeWorkspaceFolders((event) => {
      const removed = new Set(event.removed.flatMap((f) => localPath(f.uri) ?? []));
      folders = [...folders.filter((f) => !removed.has(f)), ...event.added.flatMap((f) => localPath(f.uri) ?? [])];
      configs.clear();
      relintAll();
    });
  });

  function settingsOf(uri: string): Promise<ClientSettings> {
    if (!canAskConfiguration) return Promise.resolve(DEFAULT_SETTINGS);
    let settings = settingsCache.get(uri);
    if (!settings) {
      settings = connection.workspace.getConfiguration({ scopeUri: uri, section: 'dockerlint' }).then(
        (value: unknown) => readSettings(value),
        () => DEFAULT_SETTINGS,
      );
      settingsCache.set(uri, settings);
    }
    return settings;
  }

  function logNotes(notes: readonly string[]): void {
    for (const note of notes) {
      if (loggedNotes.has(note)) continue;
      if (loggedNotes.size >= MAX_NOTES) loggedNotes.clear();
      loggedNotes.add(note);
      connection.console.info(`dockerlint: note: ${note}`);
    }
  }

  /** The unsaved texts of the open files, by path (but `except`'s). */
  function openBuffers(except?: string): Map<string, string> {
    const buffers = new Map<string, string>();
    for (const d of documents.all()) {
      const path = d.uri.startsWith('file:') ? documentPath(d.uri, folders) : undefined;
      if (path !== undefined && path !== except) buffers.set(path, d.getText());
    }
    return buffers;
  }

  /** Lints the document now and publishes its diagnostics, unless a newer lint of it started meanwhile. */
  async function validate(uri: string): Promise<DocumentLint | undefined> {
    const document = documents.get(uri);
    if (!document) return undefined;
    const run = (sequence.get(uri) ?? 0) + 1;
    sequence.set(uri, run);
    // A client that does not watch files never says a config changed: it is read again for each lint.
    if (!canWatchFiles) configs.clear();
    try {
      const path = documentPath(uri, folders);
      const buffers = openBuffers();
      // The open documents whose last lint read this one: the Dockerfiles that install it.
      const readers = documents.all().flatMap((d) => (lints.get(d.uri)?.reads.has(path) && d.uri !== uri ? [documentPath(d.uri, folders)] : []));
      const lint = await lintDocument(document, folders, await settingsOf(uri), configs, options, buffers, readers);
      if (sequence.get(uri) !== run || !documents.get(uri)) return lints.get(uri);
      lints.set(uri, lint);
      logNotes(lint.notes);
      connection.sendDiagnostics({ uri, version: lint.version, diagnostics: lint.findings.map((f) => toDiagnostic(f)) });
      const opened = openedAt.get(uri);
      if (opened !== undefined) {
        openedAt.delete(uri);
        connection.console.log(`dockerlint: first diagnostics of ${basename(documentPath(uri, folders))} ${(performance.now() - opened).toFixed(1)} ms after it was opened`);
      }
      return lint;
    } catch (error) {
      if (sequence.get(uri) !== run) return lints.get(uri);
      // A config the user must fix is shown on the document; anything else is a bug, logged, and the server goes on.
      const known = error instanceof ConfigError || error instanceof InputError;
      const message = error instanceof Error ? error.message : String(error);
      if (!known) connection.console.error(`dockerlint: could not lint ${uri}: ${error instanceof Error ? (error.stack ?? message) : message}`);
      lints.delete(uri);
      connection.sendDiagnostics({
        uri,
        version: document.version,
        diagnostics: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 1, source: SOURCE, code: known ? 'config' : 'internal-error', message: known ? `dockerlint: ${message}` : `dockerlint could not lint this file: ${message}` }],
      });
      return undefined;
    }
  }

  function schedule(uri: string, delay = DEBOUNCE_MS): void {
    clearTimeout(timers.get(uri));
    timers.set(
      uri,
      setTimeout(() => {
        timers.delete(uri);
        void validate(uri);
      }, delay),
    );
  }

  /** The open documents whose findings may change when the file at `path` does. */
  function dependentsOf(path: string): string[] {
    const changedUri = documents.all().find((d) => documentPath(d.uri, folders) === path)?.uri;
    const changedLint = changedUri ? lints.get(changedUri) : undefined;
    return documents.all().filter((d) => dependsOn(documentPath(d.uri, folders), lints.get(d.uri), path, changedLint)).map((d) => d.uri);
  }

  function relintAll(): void {
    settingsCache.clear();
    for (const document of documents.all()) schedule(document.uri, 0);
  }

  documents.onDidOpen((event) => {
    openedAt.set(event.document.uri, performance.now());
    opening.add(event.document.uri);
    schedule(event.document.uri, 0);
    // From now its buffer stands for the file: what read the file from disk reads the buffer.
    for (const dependent of dependentsOf(documentPath(event.document.uri, folders))) schedule(dependent);
  });
  documents.onDidChangeContent(async (event) => {
    const uri = event.document.uri;
    // didOpen also fires a content change: the open handler lints it.
    if (opening.delete(uri)) return;
    if ((await settingsOf(uri)).run !== 'onType') return;
    schedule(uri);
    for (const dependent of dependentsOf(documentPath(uri, folders))) schedule(dependent);
  });
  documents.onDidSave((event) => {
    const uri = event.document.uri;
    if (isConfigFileName(documentPath(uri, folders))) {
      configs.clear();
      relintAll();
      return;
    }
    schedule(uri, 0);
    for (const dependent of dependentsOf(documentPath(uri, folders))) schedule(dependent);
  });
  documents.onDidClose((event) => {
    const uri = event.document.uri;
    // Its buffer no longer stands for the file: what read it reads the disk again.
    for (const dependent of dependentsOf(documentPath(uri, folders))) if (dependent !== uri) schedule(dependent);
    // Nothing of a closed document is kept: memory follows the open documents.
    clearTimeout(timers.get(uri));
    timers.delete(uri);
    lints.delete(uri);
    sequence.delete(uri);
    openedAt.delete(uri);
    opening.delete(uri);
    settingsCache.delete(uri);
    connection.sendDiagnostics({ uri, diagnostics: [] });
  });

  connection.onDidChangeConfiguration(() => {
    configs.clear();
    relintAll();
  });

  connection.onDidChangeWatchedFiles((params) => {
    const paths = params.changes.flatMap((c) => localPath(c.uri) ?? []);
    if (paths.some(isConfigFileName)) {
      configs.clear();
      relintAll();
      return;
    }
    const open = new Set(documents.all().map((d) => documentPath(d.uri, folders)));
    const again = new Set<string>();
    // A change on disk to an open document is the editor's own save: the buffer is what is linted.
    for (const path of paths) if (!open.has(path)) for (const uri of dependentsOf(path)) again.add(uri);
    for (const uri of again) schedule(uri);
  });

  /** The document's findings for its current text: the last lint if it is of this version, else a lint now. */
  async function currentLint(uri: string): Promise<DocumentLint | undefined> {
    const document = documents.get(uri);
    if (!document) return undefined;
    const last = lints.get(uri);
    if (last && last.version === document.version) return last;
    clearTimeout(timers.get(uri));
    timers.delete(uri);
    return validate(uri);
  }

  connection.onCodeAction(async (params, token) => {
    const uri = params.textDocument.uri;
    const document = documents.get(uri);
    const lint = await currentLint(uri);
    if (!document || !lint || token.isCancellationRequested) return null;
    const only = params.context.only;
    const actions: CodeAction[] = [];
    if (wanted(CodeActionKind.QuickFix, only)) {
      const kind = documentKind(lint.options.filename, document.languageId);
      for (const finding of lint.findings) {
        if (!overlaps(finding, params.range)) continue;
        const diagnostic = toDiagnostic(finding);
        const fix = quickFix(document, finding, diagnostic, lint.options.cwd, canCreateFiles);
        if (fix) actions.push(fix);
        actions.push(...(await ignoreActions(document, kind, finding, diagnostic)));
        if (token.isCancellationRequested) return null;
      }
    }
    // Fix-all is asked for by kind (on save, or a command); offered in the menu only when something is fixable.
    const asked = only?.some((o) => FIX_ALL_KIND === o || FIX_ALL_KIND.startsWith(`${o}.`)) === true;
    if ((asked || (only === undefined && lint.findings.some((f) => f.fix?.applicability === 'safe'))) && wanted(FIX_ALL_KIND, only)) {
      const text = document.getText();
      // The text is the document's own: no buffer stands for it.
      const buffers = openBuffers(lint.options.filename);
      const fixed = await applyFixes(text, { ...lint.options, buffers }, options.rules);
      if (token.isCancellationRequested || documents.get(uri)?.version !== document.version) return null;
      if (fixed.text !== text) {
        actions.push({ title: `Fix all safe dockerlint problems (${fixed.applied})`, kind: FIX_ALL_KIND, edit: { changes: { [uri]: [replaceAll(document, fixed.text)] } } });
      }
    }
    return actions;
  });

  connection.onHover(async (params, token) => {
    const lint = await currentLint(params.textDocument.uri);
    if (!lint || token.isCancellationRequested) return null;
    const contents = hoverMarkdown(
      lint.findings.filter((f) => containsPosition(f, params.position)),
      options.rules,
    );
    return contents ? { contents } : null;
  });

  connection.onShutdown(() => {
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
  });

  documents.listen(connection);
  connection.listen();
}

/** The path of a `file:` URI on this machine; undefined for another scheme or a file on another host. */
function localPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** The client's `dockerlint` settings, each checked: a wrong type is the default. */
function readSettings(value: unknown): ClientSettings {
  const v = (value ?? {}) as Record<string, unknown>;
  const text = (x: unknown) => (typeof x === 'string' && x.trim() !== '' ? x : undefined);
  return {
    run: v.run === 'onSave' ? 'onSave' : 'onType',
    ...(text(v.configFile) ? { configFile: text(v.configFile) } : {}),
    ...(text(v.shellcheckPath) ? { shellcheckPath: text(v.shellcheckPath) } : {}),
  };
}
