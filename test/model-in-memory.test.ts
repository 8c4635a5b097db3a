/**
 * The model and the rules need no file system: a Dockerfile's text, an ignore file's text and a
 * build context held in memory are enough. What is on disk reaches them only through ContextFiles.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDockerfile } from '../src/model/dockerfile.js';
import { parseDockerignore } from '../src/model/dockerignore.js';
import { createBuildContext, type ContextFiles } from '../src/model/context.js';
import { loadShellParser } from '../src/model/shell-parser.js';
import type { Report, RuleContext } from '../src/engine/rule.js';
import { rules } from '../rules/index.js';

const ROOT = '/nowhere/context';

/** A context whose files and their contents are a map; paths outside it read as missing. */
function inMemory(files: Record<string, string>): ContextFiles & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    exists: (path) => path in files,
    isDirectory: (path) => Object.keys(files).some((f) => f.startsWith(`${path}/`)),
    contains: (path) => !path.startsWith('..'),
    list: () => Object.keys(files).sort(),
    readHead(path) {
      reads.push(path);
      return files[path];
    },
    sizeOf: (path) => files[path]?.length,
  };
}

function check(ruleId: string, dockerfile: string, files: Record<string, string>, dockerignore?: string): { reports: Report[]; reads: string[] } {
  const rule = rules.find((r) => r.meta.id === ruleId)!;
  const model = parseDockerfile(dockerfile, `${ROOT}/Dockerfile`);
  const disk = inMemory(files);
  const buildContext = createBuildContext(ROOT, dockerignore === undefined ? undefined : parseDockerignore(dockerignore, `${ROOT}/.dockerignore`), disk);
  const reports: Report[] = [];
  const context: RuleContext = {
    options: {},
    settings: { trustedRegistries: [] },
    project: { contextOf: () => buildContext, manifestsInstalledBy: () => [], installsOf: () => [], includesOf: () => [], installersOf: () => [], dockerfilesUsing: () => [model] },
    external: {},
    report: (report) => reports.push(report),
    reportOn: () => {
      throw new Error('no rule checked here reports on another file');
    },
    note: () => {},
  };
  rule.checkDockerfile!(model, context);
  return { reports, reads: disk.reads };
}

beforeAll(async () => {
  await loadShellParser();
});

describe('a model built from memory', () => {
  it('lists the context and reads a file head through ContextFiles, never the disk', () => {
    const files = { 'app.py': 'print(1)\n', 'deploy.key': '-----BEGIN OPENSSH PRIVATE KEY-----\n', '.env': 'A=1\n' };
    const { reports, reads } = check('secret-files-copied', 'FROM alpine\nCOPY . /app\n', files);
    expect(reports.map((r) => r.message)).toEqual([
      expect.stringContaining('copies `.env` (environment file), `deploy.key` (private key) into the image'),
    ]);
    expect(reads).toContain('deploy.key');
  });

  it('judges a file by the content the context gives it: a certificate is not a secret', () => {
    const { reports } = check('secret-files-copied', 'FROM alpine\nCOPY server.pem /etc/ssl/\n', { 'server.pem': '-----BEGIN CERTIFICATE-----\n' });
    expect(reports).toEqual([]);
    const key = check('secret-files-copied', 'FROM alpine\nCOPY server.pem /etc/ssl/\n', { 'server.pem': '-----BEGIN RSA PRIVATE KEY-----\n' });
    expect(key.reports.map((r) => r.range.start)).toEqual([{ line: 2, column: 6 }]);
  });

  it('applies the in-memory .dockerignore', () => {
    const { reports } = check('secret-files-copied', 'FROM alpine\nCOPY . /app\n', { '.env': 'A=1\n', 'app.py': '' }, '.env\n');
    expect(reports).toEqual([]);
  });
});
