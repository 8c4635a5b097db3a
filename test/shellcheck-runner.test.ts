/**
 * Running ShellCheck (src/engine/external-tools/): the time limit, the cleanup on signals, where the
 * executable may come from. Fake ShellChecks are small shell scripts written per test; each writes
 * its pid, its children's pids and its working directory (the temporary folder) to a file, so the
 * tests can check that nothing of it is left.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lint, lintText } from '../src/index.js';
import { findShellcheck } from '../src/engine/external-tools/shellcheck-runner.js';
import { titleUnlessMissing } from './support/skip.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'dockerlint.js');
const realShellcheck = findShellcheck(undefined);
const noShellcheck = realShellcheck ? undefined : 'ShellCheck is not installed';

let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'dockerlint-runner-test-'));
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

/** A fresh folder with a fake ShellCheck that records its pid and working directory in `pids`, then runs `body(pids)`. */
function fake(body: (pids: string) => string): { path: string; pids: string } {
  const dir = mkdtempSync(join(work, 'fake-'));
  const pids = join(dir, 'pids');
  const path = join(dir, 'shellcheck');
  writeFileSync(path, `#!/bin/sh\necho "$$ $(pwd)" >> '${pids}'\n${body(pids)}\n`);
  chmodSync(path, 0o755);
  return { path, pids };
}

/** ShellCheck that never finishes, with a child that never finishes either (both hold its stdout). */
function sleepingFake(): ReturnType<typeof fake> {
  return fake((pids) => `sleep 1000 &\necho "$! child" >> '${pids}'\nwait`);
}

function recorded(pids: string): { pids: number[]; cwd: string | undefined } {
  if (!existsSync(pids)) return { pids: [], cwd: undefined };
  const lines = readFileSync(pids, 'utf8').trim().split('\n');
  return { pids: lines.map((l) => Number(l.split(' ')[0])), cwd: lines[0]?.split(' ')[1] };
}

/** Alive and not a zombie (a killed grandchild stays a zombie until init reaps it; in a container it may not). */
function isAlive(pid: number): boolean {
  const stat = spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).stdout.trim();
  return stat !== '' && !stat.startsWith('Z');
}

async function waitFor(condition: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return condition();
}

const DOCKERFILE = 'FROM alpine:3.20\nRUN echo $x\nRUN echo two\n';

function tempFolder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dockerlint-sc-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('the time limit', () => {
  it('kills a ShellCheck that does not finish, and its children, and reports the RUNs as not checked', async () => {
    const f = sleepingFake();
    const started = Date.now();
    const result = await lintText(DOCKERFILE, { config: false, shellcheck: { path: f.path, timeoutMs: 1000 } });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(1000 + 3000);
    const findings = result.files[0].findings.filter((x) => x.rule === 'shellcheck');
    expect(findings.map((x) => [x.range.start.line, x.message])).toEqual([
      [2, 'ShellCheck did not finish within 1 s: this RUN was not checked (--shellcheck-timeout sets the limit)'],
      [3, 'ShellCheck did not finish within 1 s: this RUN was not checked (--shellcheck-timeout sets the limit)'],
    ]);
    const { pids, cwd } = recorded(f.pids);
    expect(pids).toHaveLength(2);
    expect(await waitFor(() => pids.every((pid) => !isAlive(pid)), 2000), `still alive: ${pids.filter(isAlive).join(', ')}`).toBe(true);
    expect(cwd && existsSync(cwd), `temporary folder ${cwd} left behind`).toBe(false);
  });

  it.skipIf(!realShellcheck)(titleUnlessMissing('bounds a script ShellCheck takes minutes over (1,000 nested ${A:-)', noShellcheck), async () => {
    const text = `FROM alpine:3.20\nRUN echo ${'${A:-'.repeat(1000)}x${'}'.repeat(1000)}\n`;
    expect(text.length).toBeGreaterThan(6000);
    const started = Date.now();
    const result = await lintText(text, { config: false, shellcheck: { timeoutMs: 2000 } });
    expect(Date.now() - started).toBeLessThan(2000 + 4000);
    const findings = result.files[0].findings.filter((x) => x.rule === 'shellcheck');
    expect(findings.map((x) => x.message)).toEqual([
      'ShellCheck did not finish within 2 s: this RUN was not checked (--shellcheck-timeout sets the limit)',
    ]);
  });

  it('rejects a time limit that is not a positive number', async () => {
    await expect(lintText(DOCKERFILE, { config: false, shellcheck: { timeoutMs: 0 } })).rejects.toThrow(/shellcheck.timeoutMs must be a positive number/);
  });
});

describe('many RUNs', () => {
  it.skipIf(!realShellcheck)(titleUnlessMissing('are checked in several ShellCheck runs, each finding mapped to its own RUN', noShellcheck), async () => {
    // More than one run's worth of scripts (200), so the second run's findings must land on RUNs 201 and on.
    const text = `FROM alpine:3.20\n${'RUN cd /tmp\n'.repeat(210)}`;
    const result = await lintText(text, { config: false, shellcheck: { timeoutMs: 30_000 } });
    const lines = result.files[0].findings.filter((x) => x.rule === 'shellcheck').map((x) => `${x.range.start.line} ${x.aliases[0]}`);
    expect(lines).toEqual(Array.from({ length: 210 }, (_, i) => `${i + 2} SC2164`));
  }, 40_000);
});

describe('many Dockerfiles', () => {
  /** A ShellCheck that notes each start in `log`, then runs the real one. */
  function countingShellcheck(): { path: string; starts: () => number } {
    const dir = mkdtempSync(join(tmpdir(), 'dockerlint-sc-count-'));
    const log = join(dir, 'starts');
    const path = join(dir, 'shellcheck');
    writeFileSync(path, `#!/bin/sh\necho x >> '${log}'\nexec '${realShellcheck}' "$@"\n`, { mode: 0o755 });
    return { path, starts: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').length : 0) };
  }

  it.skipIf(!realShellcheck)(titleUnlessMissing('share ShellCheck processes, one per core it may use, each finding on its own file and RUN', noShellcheck), async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dockerlint-sc-batch-'));
    for (let i = 0; i < 6; i++) {
      mkdirSync(join(dir, `app${i}`));
      writeFileSync(join(dir, `app${i}`, 'Dockerfile'), `FROM alpine:3.20\n${'RUN true\n'.repeat(i)}RUN cd /tmp${i}\n`);
    }
    const counting = countingShellcheck();
    const result = await lint(['.'], { cwd: dir, config: false, shellcheck: { path: counting.path, timeoutMs: 30_000 } });
    // Six files, two ShellChecks at a time: two batches of three, not six processes.
    expect(counting.starts()).toBe(2);
    const found = result.files.flatMap((f) => f.findings.filter((x) => x.rule === 'shellcheck').map((x) => `${f.path}:${x.range.start.line} ${x.aliases[0]}`));
    expect(found).toEqual(Array.from({ length: 6 }, (_, i) => `app${i}/Dockerfile:${i + 2} SC2164`));
  }, 40_000);

  it.skipIf(!realShellcheck)(titleUnlessMissing('a batch that times out is checked again file by file: only the slow file loses its results', noShellcheck), async () => {
    const dir = tempFolder({
      'a/Dockerfile': 'FROM alpine:3.20\nRUN cd /tmp\n',
      'b/Dockerfile': `FROM alpine:3.20\nRUN echo ${'${A:-'.repeat(1000)}x${'}'.repeat(1000)}\n`,
      'c/Dockerfile': 'FROM alpine:3.20\nRUN cd /var\n',
    });
    const result = await lint(['.'], { cwd: dir, config: false, shellcheck: { timeoutMs: 2000 } });
    const found = result.files.flatMap((f) => f.findings.filter((x) => x.rule === 'shellcheck').map((x) => `${f.path}:${x.range.start.line} ${x.aliases[0] ?? 'not checked'}`));
    expect(found).toEqual(['a/Dockerfile:2 SC2164', 'b/Dockerfile:2 not checked', 'c/Dockerfile:2 SC2164']);
  }, 40_000);
});

describe('ShellCheck failing', () => {
  it('is a note naming the file, and no findings', async () => {
    const f = fake(() => 'echo "boom: bad option" >&2\nexit 3');
    const result = await lintText(DOCKERFILE, { config: false, shellcheck: { path: f.path } });
    expect(result.notes).toEqual([`shellcheck failed (boom: bad option): the shellcheck rule was skipped for ${join(process.cwd(), 'Dockerfile')}`]);
    expect(result.files[0].findings.filter((x) => x.rule === 'shellcheck')).toEqual([]);
    expect(existsSync(recorded(f.pids).cwd!)).toBe(false);
  });
});

describe('signals', () => {
  /** Runs the CLI on `target` with the sleeping fake, sends `signal` once the fake has started, returns how it ended. */
  async function interrupt(signal: NodeJS.Signals, target: string, env: NodeJS.ProcessEnv = {}) {
    const f = sleepingFake();
    const tmp = mkdtempSync(join(work, 'tmp-'));
    const child = spawn(process.execPath, [BIN, '--no-config', '--shellcheck', f.path, '--shellcheck-timeout', '60', target], {
      env: { ...process.env, TMPDIR: tmp, ...env },
      stdio: 'ignore',
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once('exit', (code, sig) => r({ code, signal: sig })));
    expect(await waitFor(() => recorded(f.pids).pids.length >= 2, 20_000), 'the fake ShellCheck did not start').toBe(true);
    // The folder is there while ShellCheck runs: the check below that it is gone can fail.
    expect(readdirSync(tmp).filter((n) => n.startsWith('dockerlint-shellcheck-')).length).toBeGreaterThan(0);
    child.kill(signal);
    const end = await exited;
    const { pids } = recorded(f.pids);
    const alive = (await waitFor(() => pids.every((pid) => !isAlive(pid)), 2000)) ? [] : pids.filter(isAlive);
    return { end, alive, left: readdirSync(tmp) };
  }

  it('SIGTERM kills ShellCheck and its children, removes the scripts, and ends the process by SIGTERM (143)', async () => {
    const dir = mkdtempSync(join(work, 'df-'));
    writeFileSync(join(dir, 'Dockerfile'), DOCKERFILE);
    const { end, alive, left } = await interrupt('SIGTERM', join(dir, 'Dockerfile'));
    expect(end).toEqual({ code: null, signal: 'SIGTERM' });
    expect(alive).toEqual([]);
    expect(left).toEqual([]);
  });

  it('SIGINT does the same (130)', async () => {
    const dir = mkdtempSync(join(work, 'df-'));
    writeFileSync(join(dir, 'Dockerfile'), DOCKERFILE);
    const { end, alive, left } = await interrupt('SIGINT', join(dir, 'Dockerfile'));
    expect(end).toEqual({ code: null, signal: 'SIGINT' });
    expect(alive).toEqual([]);
    expect(left).toEqual([]);
  });

  it('SIGTERM cleans up after ShellChecks started by worker threads too', async () => {
    const dir = mkdtempSync(join(work, 'many-'));
    for (let i = 0; i < 300; i++) writeFileSync(join(dir, `${i}.Dockerfile`), DOCKERFILE);
    const { end, alive, left } = await interrupt('SIGTERM', dir, { DOCKERLINT_WORKERS: '2' });
    expect(end).toEqual({ code: null, signal: 'SIGTERM' });
    expect(alive).toEqual([]);
    expect(left).toEqual([]);
  }, 30_000);
});

describe('the executable', () => {
  it('is never chosen by a config file', async () => {
    const dir = mkdtempSync(join(work, 'repo-'));
    const marker = join(dir, 'marker');
    writeFileSync(join(dir, 'evil.sh'), `#!/bin/sh\ntouch '${marker}'\necho '{"comments":[]}'\n`);
    chmodSync(join(dir, 'evil.sh'), 0o755);
    writeFileSync(join(dir, '.dockerlintrc.json'), JSON.stringify({ rules: { shellcheck: ['warning', { path: './evil.sh' }] } }));
    writeFileSync(join(dir, 'Dockerfile'), DOCKERFILE);
    const benign = fake(() => `echo '{"comments":[]}'`);
    const result = await lint([dir], { cwd: dir, shellcheck: { path: benign.path } });
    expect(existsSync(marker), 'the config ran evil.sh').toBe(false);
    expect(recorded(benign.pids).pids, 'the ShellCheck given in the options did not run').toHaveLength(1);
    expect(result.notes).toContain(
      'rules.shellcheck: the "path" option is ignored (a config file cannot choose a program to run); use --shellcheck PATH or DOCKERLINT_SHELLCHECK',
    );
  });

  it('is not looked up in relative PATH entries (they would be the linted directory)', () => {
    const dir = mkdtempSync(join(work, 'path-'));
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'shellcheck'), '#!/bin/sh\n');
    chmodSync(join(bin, 'shellcheck'), 0o755);
    const saved = process.env.PATH;
    try {
      process.env.PATH = ['', '.', relative(process.cwd(), bin)].join(delimiter);
      expect(findShellcheck(undefined)).toBeUndefined();
      process.env.PATH = bin;
      expect(findShellcheck(undefined)).toBe(join(bin, 'shellcheck'));
    } finally {
      process.env.PATH = saved;
    }
  });

  it('named on the command line but missing stops the run with one line and exit 2', () => {
    const run = spawnSync(process.execPath, [BIN, '--no-config', '--shellcheck', join(work, 'nope'), '--stdin'], { input: DOCKERFILE, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`dockerlint: error: --shellcheck ${join(work, 'nope')}: not an executable file\n`);
    const env = spawnSync(process.execPath, [BIN, '--no-config', '--stdin'], {
      input: DOCKERFILE,
      encoding: 'utf8',
      env: { ...process.env, DOCKERLINT_SHELLCHECK_TIMEOUT: 'soon' },
    });
    expect(env.status).toBe(2);
    expect(env.stderr).toBe('dockerlint: error: DOCKERLINT_SHELLCHECK_TIMEOUT soon: expected a number of seconds above 0\n');
  });
});
