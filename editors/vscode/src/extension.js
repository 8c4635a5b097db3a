/**
 * The dockerlint extension: a language client only. It starts `dockerlint lsp --stdio` (the executable the user's
 * settings name) for the files dockerlint lints; findings, quick fixes, fix-all and hovers all come from the server.
 * Bundled with its client library by scripts/package-vscode.ts, so the package needs no install.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind } from 'vscode-languageclient/node';

/** @type {LanguageClient | undefined} */
let client;

/** The files the server lints, as the CLI finds them by name (and the editor's Dockerfile and requirements languages). */
const DOCUMENTS = [
  { language: 'dockerfile' },
  { language: 'pip-requirements' },
  { scheme: 'file', pattern: '**/{Dockerfile,Containerfile,*.Dockerfile,*.Containerfile,Dockerfile.*,Containerfile.*}' },
  { scheme: 'file', pattern: '**/{.dockerignore,*.dockerignore,.containerignore}' },
  { scheme: 'file', pattern: '**/{*requirements*.txt,*constraints*.txt,requirements/*.txt,pyproject.toml,Pipfile,environment*.yml,environment*.yaml}' },
  { scheme: 'file', pattern: '**/{compose,docker-compose}*.{yml,yaml}' },
];

/** @param {vscode.ExtensionContext} context */
export async function activate(context) {
  // Machine-scoped settings: what a repository's .vscode/settings.json says is not read for them.
  const settings = vscode.workspace.getConfiguration('dockerlint');
  const command = settings.inspect('path')?.globalValue ?? 'dockerlint';
  const args = ['lsp', ...(settings.inspect('allowPlugins')?.globalValue === true ? ['--allow-plugins'] : [])];
  /** @type {import('vscode-languageclient/node').ServerOptions} */
  const server = { command, args, transport: TransportKind.stdio, options: { shell: process.platform === 'win32' } };
  client = new LanguageClient('dockerlint', 'dockerlint', server, {
    documentSelector: DOCUMENTS,
    synchronize: { configurationSection: 'dockerlint' },
    middleware: {
      workspace: {
        // The ShellCheck path chooses a program to run: only the user's own value goes to the server.
        configuration: async (params, token, next) => {
          const values = await next(params, token);
          return Array.isArray(values) ? values.map((value) => (value && typeof value === 'object' ? { ...value, shellcheckPath: settings.inspect('shellcheckPath')?.globalValue ?? '' } : value)) : values;
        },
      },
    },
  });
  context.subscriptions.push(client);
  await client.start();
}

export async function deactivate() {
  await client?.stop();
}
