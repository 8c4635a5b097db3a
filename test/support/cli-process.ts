/** The built CLI run as a process, for tests that check what a user or a CI log sees. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const root = join(import.meta.dirname, '..', '..');
export const bin = join(root, 'bin', 'dockerlint.js');

export interface RunOptions {
  readonly cwd?: string;
  readonly input?: string;
  readonly env?: Record<string, string | undefined>;
  readonly timeout?: number;
}

export function runCli(args: readonly string[], options: RunOptions = {}) {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, FORCE_HYPERLINK: undefined, GITHUB_ACTIONS: undefined, ...options.env };
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd ?? root,
    input: options.input,
    encoding: 'utf8',
    env: env as NodeJS.ProcessEnv,
    maxBuffer: 256 * 1024 * 1024,
    timeout: options.timeout,
  });
  return { code: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

/** A temporary folder holding `files` (relative path → content). */
export function tempDir(files: Record<string, string | Buffer>, prefix = 'dockerlint-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}
