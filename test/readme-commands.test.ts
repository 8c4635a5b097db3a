/**
 * Every command line of the README's code blocks that runs dockerlint (`dockerlint ...`, `cat Dockerfile |
 * dockerlint ...`, a CI `script:` line), run in a fresh folder with a small project: it must do what the README says
 * it does: exit 0 or 1 (never a usage error), each report in the format asked for, written where it was asked to be.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, root, tempDir } from './support/cli-process.js';

function readmeCommands(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const commands: string[] = [];
  for (const [, body] of readme.matchAll(/^```(?:sh|yaml)\n([\s\S]*?)^```/gm)) {
    for (const raw of body!.split('\n')) {
      const line = raw.trim().replace(/^- /, '').replace(/\s+#\s.*$/, '');
      if (/^dockerlint(\s|$)/.test(line) || /^cat \S+ \| dockerlint\s/.test(line)) commands.push(line);
    }
  }
  return commands;
}

const PROJECT = {
  Dockerfile: 'FROM python:latest\nRUN pip install flask\n',
  'api/Dockerfile': 'FROM python:3.12-slim\nUSER 10001\n',
  'worker/Dockerfile': 'FROM node\n',
  'requirements.txt': 'flask\n',
  '.git/HEAD': 'ref: refs/heads/main\n',
};

/** What a file written by `-f FORMAT` holds. */
const LOOKS_LIKE: Record<string, (text: string) => boolean> = {
  text: (t) => /\d+ problems? \(/.test(t),
  json: (t) => Array.isArray((JSON.parse(t) as { files: unknown }).files),
  sarif: (t) => (JSON.parse(t) as { version: string }).version === '2.1.0',
  gitlab: (t) => Array.isArray(JSON.parse(t)),
  junit: (t) => t.startsWith('<?xml') && t.includes('<testsuites'),
};

/** The reports a command asks for: [format, file or undefined for standard output]. */
function reportsOf(command: string): [string, string | undefined][] {
  const words = command.split(/\s+/);
  const reports: [string, string | undefined][] = [];
  let output: string | undefined;
  for (let i = 0; i < words.length; i++) {
    if (words[i] === '-f' || words[i] === '--format') {
      const [format, file] = words[++i]!.split(':');
      reports.push([format!, file]);
    }
    if (words[i] === '-o' || words[i] === '--output-file') output = words[++i];
  }
  if (reports.length === 0) reports.push(['text', undefined]);
  if (output !== undefined) reports[0]![1] = output;
  return reports;
}

const commands = readmeCommands();

describe("the README's command lines", () => {
  it('are found', () => {
    expect(commands).toContain('dockerlint -f text -f sarif:dockerlint.sarif .');
    expect(commands.length).toBeGreaterThan(8);
  });

  it.each(commands)('%s', (command) => {
    const dir = tempDir(PROJECT);
    const shims = tempDir({ dockerlint: '' });
    const shim = join(shims, 'dockerlint');
    writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${bin}" --rule shellcheck=off "$@"\n`);
    chmodSync(shim, 0o755);
    const env = { ...process.env, PATH: `${shims}:${process.env.PATH}`, NO_COLOR: '1', GITHUB_ACTIONS: undefined, FORCE_HYPERLINK: undefined };
    const result = spawnSync('/bin/sh', ['-c', command], { cwd: dir, encoding: 'utf8', env });
    const fixedToStdout = /--fix\b/.test(command) && /--stdin\b/.test(command);
    // With --fix --stdin the report is on standard error (standard output is the fixed text): only dockerlint's own errors count.
    expect(result.stderr).not.toMatch(fixedToStdout ? /dockerlint: (internal )?error/ : /error/);
    expect([0, 1]).toContain(result.status);
    if (/--diff\b/.test(command)) {
      // A unified diff of what --fix would change, or nothing when nothing would.
      expect(result.stdout === '' || result.stdout.startsWith('--- a/'), 'a unified diff on standard output').toBe(true);
      return;
    }
    if (fixedToStdout) {
      // package-cache-not-cleaned's safe fix is the one that applies to the sample Dockerfile.
      expect(result.stdout, 'the fixed Dockerfile on standard output').toBe(PROJECT.Dockerfile.replace('pip install ', 'pip install --no-cache-dir '));
      expect(LOOKS_LIKE.text!(result.stderr), 'the text report on standard error').toBe(true);
      return;
    }
    if (command === 'dockerlint init') expect(existsSync(join(dir, '.dockerlintrc.yaml'))).toBe(true);
    if (command.startsWith('dockerlint explain DL3008')) expect(result.stdout).toMatch(/^# unpinned-version/);
    if (/^dockerlint (rules|explain|init)\b/.test(command)) return;
    for (const [format, file] of reportsOf(command)) {
      const looksRight = LOOKS_LIKE[format]!;
      if (file === undefined) expect(looksRight(result.stdout), `${format} on standard output`).toBe(true);
      else {
        expect(existsSync(join(dir, file)), `${file} written`).toBe(true);
        expect(looksRight(readFileSync(join(dir, file), 'utf8')), `${file} is ${format}`).toBe(true);
      }
    }
  });
});
