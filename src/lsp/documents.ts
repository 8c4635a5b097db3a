/**
 * What the server knows about the open documents: how each one is linted (its working directory, config and kind),
 * the findings of its last lint, and which other files that lint read, so that a change to one of them re-lints it.
 * Closed documents leave nothing behind.
 */
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, LintResult } from '../engine/finding.js';
import type { LintedKind, Rule } from '../engine/rule.js';
import type { LintOptions } from '../engine/lint-options.js';
import type { Config } from '../config/config.js';
import { CONFIG_FILE_NAMES } from '../config/config.js';
import { lint, lintText, resolveConfig } from '../engine/lint.js';
import { kindFromName } from '../discover/discover.js';
import { isInside } from '../discover/inside-tree.js';

/** The client's settings (`dockerlint.*` through workspace/configuration). */
export interface ClientSettings {
  /** A config file to use instead of the one found upward from the document (as `--config`). */
  readonly configFile?: string;
  /** `onType`: lint while typing (debounced); `onSave`: when the document is opened and saved. */
  readonly run: 'onType' | 'onSave';
  /** The ShellCheck executable for the shellcheck rule (as `--shellcheck`). */
  readonly shellcheckPath?: string;
}

export const DEFAULT_SETTINGS: ClientSettings = { run: 'onType' };

/** What the server was started with: the rules, and the opt-ins only the command line gives. */
export interface ServerOptions {
  readonly rules: readonly Rule[];
  /** `dockerlint lsp --allow-plugins`: never a client setting, which a repository's editor settings could set. */
  readonly allowPlugins?: boolean;
}

/** The last lint of a document. */
export interface DocumentLint {
  /** The document version it linted. */
  readonly version: number;
  readonly findings: readonly Finding[];
  /** The absolute paths of the other files the lint read or reported on (the requirements a Dockerfile installs). */
  readonly reads: ReadonlySet<string>;
  /** The options it was linted with (but the buffers, which are the open documents'): fix-all uses the same ones. */
  readonly options: LintOptions & { readonly filename: string; readonly cwd: string };
}

/** The file a document is, for linting: a `file:` URI's path; an unsaved (untitled) document lints as if in the first folder. */
export function documentPath(uri: string, folders: readonly string[]): string {
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch {
      // A file URI with a host (a UNC path elsewhere than Windows): linted by name only.
    }
  }
  // `untitled:Untitled-1`: its own name, in the folder; its kind then comes from the editor's language.
  const raw = uri.slice(Math.max(uri.lastIndexOf('/'), uri.indexOf(':')) + 1);
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // A malformed escape: the name as written.
  }
  const name = decoded.replace(/[\\/:]/g, '_') || 'untitled';
  return resolve(folders[0] ?? process.cwd(), name);
}

/** The kind of a document: by its name as the CLI judges it, else by the editor's language, else by its content. */
export function documentKind(path: string, languageId: string): LintedKind | undefined {
  const byName = kindFromName(path);
  if (byName) return byName;
  if (languageId === 'dockerfile') return 'dockerfile';
  if (languageId === 'pip-requirements') return 'requirements';
  return undefined;
}

/** The workspace folder holding `path` (the deepest), else its own directory: the `cwd` of its lint, as a CLI run there. */
export function workingDirectory(path: string, folders: readonly string[]): string {
  const holding = folders.filter((folder) => isInside(path, folder)).sort((a, b) => b.length - a.length);
  return holding[0] ?? dirname(path);
}

/** Whether a file's name makes it a config file the CLI would find: a change to one reloads the configs. */
export function isConfigFileName(path: string): boolean {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  return (CONFIG_FILE_NAMES as readonly string[]).includes(name) || name === '.hadolint.yaml' || name === '.hadolint.yml';
}

/**
 * The configs in use, by the directory they were looked up from: found as the CLI finds them (upward to the linted
 * tree's root), read once, and forgotten when a config file changes. Bounded: a workspace of many folders refills it.
 */
export class ConfigCache {
  private readonly byDirectory = new Map<string, Config>();

  get(configFile: string | undefined, cwd: string, dir: string): Config {
    const key = `${configFile ?? ''}\0${cwd}\0${dir}`;
    let config = this.byDirectory.get(key);
    if (!config) {
      config = resolveConfig(configFile, cwd, dir);
      if (this.byDirectory.size >= 256) this.byDirectory.clear();
      this.byDirectory.set(key, config);
    }
    return config;
  }

  clear(): void {
    this.byDirectory.clear();
  }
}

/** At most this many Dockerfiles beside a manifest are linted with it (for the findings they report on it). */
const MAX_NEIGHBOUR_DOCKERFILES = 16;

/**
 * Lints a document's text as the CLI lints that file, the texts of the open documents standing for their files
 * (`buffers`): a Dockerfile sees the unsaved requirements it installs. A requirements file, ignore file or manifest is
 * linted with the Dockerfiles that may read it (the open ones whose last lint read it, and those beside it), since
 * their rules report on its lines.
 */
export async function lintDocument(
  document: TextDocument,
  folders: readonly string[],
  settings: ClientSettings,
  configs: ConfigCache,
  server: ServerOptions,
  buffers: ReadonlyMap<string, string>,
  readers: readonly string[],
): Promise<DocumentLint & { readonly notes: readonly string[] }> {
  const path = documentPath(document.uri, folders);
  const cwd = workingDirectory(path, folders);
  const config = configs.get(settings.configFile === undefined ? undefined : resolve(cwd, settings.configFile), cwd, dirname(path));
  const kind = documentKind(path, document.languageId);
  const options = {
    cwd,
    config,
    filename: path,
    ...(kind ? { kind } : {}),
    allowPlugins: server.allowPlugins === true,
    shellcheck: { path: settings.shellcheckPath || undefined },
  };
  // A file of no kind dockerlint knows (a client may send every document it opens) is not guessed at from its content.
  if (kind === undefined) return { version: document.version, findings: [], reads: new Set(), options, notes: [] };
  // Linted with other files only when its name says its kind: `kind` would apply to every file named.
  const withOthers = kind !== 'dockerfile' && kindFromName(path) !== undefined && document.uri.startsWith('file:') && statSync(path, { throwIfNoEntry: false })?.isFile() === true;
  const { kind: _kind, ...named } = options;
  const result: LintResult = withOthers
    ? await lint([path, ...new Set([...readers, ...dockerfilesBeside(path)])], { ...named, buffers }, server.rules)
    : await lintText(document.getText(), { ...options, buffers }, server.rules);
  const own = result.files.find((f) => f.absolutePath === path);
  const reads = new Set(result.files.map((f) => f.absolutePath).filter((p) => p !== path));
  return { version: document.version, findings: own?.findings ?? [], reads, options, notes: result.notes };
}

/** The Dockerfiles in the folder of `path` (not below it): the images most likely to install a manifest there. */
function dockerfilesBeside(path: string): string[] {
  try {
    return readdirSync(dirname(path), { withFileTypes: true })
      .filter((entry) => entry.isFile() && kindFromName(entry.name) === 'dockerfile')
      .slice(0, MAX_NEIGHBOUR_DOCKERFILES)
      .map((entry) => join(dirname(path), entry.name));
  } catch {
    return [];
  }
}

/**
 * Whether a change to the file at `changed` may change the findings of the open document at `path`: its last lint
 * read it, or the changed document's last lint read this one (a Dockerfile reports on the requirements it installs),
 * or the document is a Dockerfile or Compose file whose folder holds it (its build context, ignore file included).
 */
export function dependsOn(path: string, lint: DocumentLint | undefined, changed: string, changedLint: DocumentLint | undefined): boolean {
  if (path === changed) return false;
  if (lint?.reads.has(changed) || changedLint?.reads.has(path)) return true;
  const kind = kindFromName(path);
  return (kind === 'dockerfile' || kind === 'compose' || lint?.options.kind === 'dockerfile') && isInside(changed, dirname(path));
}
