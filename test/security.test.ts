/**
 * A repository under lint is hostile: what it holds must not inject output, hang or abort the run, or make a
 * file skip linting and pass. Each test is a reproduction from the security issue, run the way a user meets it.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint, lintText } from '../src/index.js';
import { rules as builtIn } from '../rules/index.js';
import { defineRule, type Rule } from '../src/engine/rule.js';
import { visible } from '../src/reporters/visible.js';
import { root, runCli, tempDir } from './support/cli-process.js';

const NO_SHELLCHECK = ['--no-config', '--rule', 'shellcheck=off'];

/** What GitHub's runner would run from a log: it splits lines on CR as well as LF and honours `::stop-commands::`. */
function workflowCommands(log: string): string[] {
  const commands: string[] = [];
  let resumeToken: string | undefined;
  for (const line of log.split(/\r\n|\r|\n/)) {
    const command = /^\s*::([^ :]+)( [^:]*)?::(.*)$/.exec(line) ?? /^\s*##\[([^\]\s]+)/.exec(line);
    if (!command) continue;
    if (resumeToken !== undefined) {
      if (command[1] === resumeToken) resumeToken = undefined;
      continue;
    }
    if (command[1] === 'stop-commands') resumeToken = command[3];
    else commands.push(line.trim());
  }
  return commands;
}

function hostileTree(): string {
  const dir = tempDir({
    Dockerfile: 'FROM python:3.12\nRUN apt-get install -y curl #\r::error file=y,line=1::Injected\n',
    'b/Dockerfile': 'FROM alpine:3.19\nRUN apt-get install -y curl # \x1b[2J\x1b]0;PWNED\x07 \x9b31m \u202e\n',
  });
  mkdirSync(join(dir, 'a\n::error file=x,line=1::Injected\nx'));
  writeFileSync(join(dir, 'a\n::error file=x,line=1::Injected\nx', 'Dockerfile'), 'FROM python:3.12\n');
  mkdirSync(join(dir, '::warning file=z::Injected'));
  writeFileSync(join(dir, '::warning file=z::Injected', 'Dockerfile'), 'FROM python:3.12\n');
  return dir;
}

describe('output injection', () => {
  const dir = hostileTree();
  // What the annotations must number: one per finding, as the JSON report counts them.
  const findingCount = (): number => (JSON.parse(runCli([...NO_SHELLCHECK, '-f', 'json', '.'], { cwd: dir }).stdout) as { summary: { findings: number } }).summary.findings;

  it.each(['text', 'compact', 'json', 'sarif', 'github', 'checkstyle', 'junit', 'gitlab'])(
    'in GitHub Actions, the %s report runs no workflow command but its own annotations',
    (format) => {
      const { stdout, stderr } = runCli([...NO_SHELLCHECK, '-f', format, '.'], { cwd: dir, env: { GITHUB_ACTIONS: 'true' } });
      const commands = workflowCommands(stdout + stderr);
      for (const command of commands) {
        // Our annotations only, each for a file that was linted; nothing a file or file name wrote.
        expect(command).toMatch(/^::(error|warning|notice) file=(Dockerfile|b\/Dockerfile|a%0A%3A%3Aerror file=x%2Cline=1%3A%3AInjected%0Ax\/Dockerfile|%3A%3Awarning file=z%3A%3AInjected\/Dockerfile),/);
      }
      if (format === 'github') expect(commands.length).toBe(findingCount());
      else expect(commands).toEqual([]);
    },
  );

  it('by default (text), in GitHub Actions: the report is fenced from the runner and the annotations follow it', () => {
    const { stdout } = runCli([...NO_SHELLCHECK, '.'], { cwd: dir, env: { GITHUB_ACTIONS: 'true' } });
    expect(stdout.startsWith('::stop-commands::dockerlint-')).toBe(true);
    const commands = workflowCommands(stdout);
    expect(commands.length).toBe(findingCount());
    expect(commands.every((c) => !/file=[xyz][,:]/.test(c))).toBe(true);
  });

  it.each(['text', 'compact'])('outside CI, no line of the %s report starts with a command that a file name or a file wrote', (format) => {
    const { stdout } = runCli([...NO_SHELLCHECK, '-f', format, '.'], { cwd: dir });
    const lines = stdout.split(/\r\n|\r|\n/);
    expect(lines.filter((line) => /^\s*(::|##)/.test(line))).toEqual([]);
    expect(stdout).toContain('./::warning file=z::Injected/Dockerfile');
    expect(stdout).toContain('a␊::error file=x,line=1::Injected␊x/Dockerfile');
  });

  it.each(['text', 'compact'])('the %s report shows control characters as escapes, never raw', (format) => {
    const { stdout, stderr } = runCli([...NO_SHELLCHECK, '-f', format, '.'], { cwd: dir });
    for (const output of [stdout, stderr]) {
      expect(output).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]/);
    }
    if (format === 'text') {
      expect(stdout).toContain('# \\x1b[2J\\x1b]0;PWNED\\x07 \\x9b31m \\u202e');
      // A lone CR ends a line for the model as for dockerfile-ast: the injected text is a source line, behind a gutter.
      expect(stdout).toMatch(/^ +3 \| ::error file=y,line=1::Injected$/m);
    }
  });

  it('the caret stays under the token when escapes widen the line before it', () => {
    const { stdout } = runCli([...NO_SHELLCHECK, '-f', 'text', 'Dockerfile'], {
      cwd: tempDir({ Dockerfile: 'FROM alpine:3.20\nRUN echo "\x1b\x1b" && apt-get install -y curl\n' }),
    });
    const lines = stdout.split('\n');
    const underlined = lines.flatMap((line, i) => {
      const caret = line.indexOf('^');
      if (caret < 0 || !lines[i - 1].includes('\\x1b\\x1b')) return [];
      return [lines[i - 1].slice(caret, line.lastIndexOf('^') + 1)];
    });
    expect(underlined.sort()).toEqual(['curl', 'install']);
  });

  it('escapes C0 (but tab), DEL, C1, line separators and bidi controls, visibly', () => {
    expect(visible('a\tb\x1b[0m\r\n\x07\x7f\x85\u2028\u202e\u2066')).toBe('a\tb\\x1b[0m␍␊\\x07\\x7f\\x85\\u2028\\u202e\\u2066');
    expect(visible('plain ünïcode — fine')).toBe('plain ünïcode — fine');
  });

  it('structured formats keep control characters escaped in their own syntax', () => {
    const dir = tempDir({ Dockerfile: 'FROM alpine:3.20\nRUN apt-get install -y \x1bcurl\n' });
    const json = runCli([...NO_SHELLCHECK, '-f', 'json', '.'], { cwd: dir }).stdout;
    expect(json).not.toMatch(/\x1b/);
    expect(JSON.stringify(JSON.parse(json))).toContain('\\u001b');
    const sarif = runCli([...NO_SHELLCHECK, '-f', 'sarif', '.'], { cwd: dir }).stdout;
    expect(sarif).not.toMatch(/\x1b/);
    for (const format of ['checkstyle', 'junit']) expect(runCli([...NO_SHELLCHECK, '-f', format, '.'], { cwd: dir }).stdout).not.toMatch(/\x1b/);
  });
});

describe('files that cannot be linted are errors, never passes', () => {
  it.each([
    ['a NUL byte in the first 8,000 bytes', Buffer.concat([Buffer.from('FROM python:latest\n# '), Buffer.from([0]), Buffer.from('\n')]), 'binary file (it has a NUL byte)'],
    ['UTF-16 with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('FROM python:latest\n', 'utf16le')]), 'UTF-16 encoded: Docker and pip read UTF-8, so this file does not build as written'],
    ['UTF-16 big-endian with a BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('FROM python:latest\n', 'utf16le').swap16()]), 'UTF-16 encoded: Docker and pip read UTF-8, so this file does not build as written'],
  ])('a Dockerfile with %s fails the default gate, named or walked', (_what, content, why) => {
    const dir = tempDir({ Dockerfile: content });
    for (const target of ['Dockerfile', '.']) {
      const { code, stdout } = runCli([...NO_SHELLCHECK, '-f', 'json', target], { cwd: dir });
      expect(code).toBe(1);
      const output = JSON.parse(stdout) as { files: { path: string; findings: { rule: string; message: string; line: number; column: number }[] }[] };
      expect(output.files).toMatchObject([{ path: 'Dockerfile', findings: [{ rule: 'file-not-linted', message: `This file was not linted: ${why}`, line: 1, column: 1 }] }]);
    }
  });

  it('a Dockerfile padded past 4 MiB is an error finding, and its text is never read', () => {
    const dir = tempDir({ Dockerfile: 'FROM python:latest\n' });
    truncateSync(join(dir, 'Dockerfile'), 5 * 1024 * 1024);
    const { code, stdout } = runCli([...NO_SHELLCHECK, '-f', 'compact', '.'], { cwd: dir });
    expect(code).toBe(1);
    expect(stdout).toBe('Dockerfile:1:1: error file-not-linted This file was not linted: larger than 4 MiB\n');
  });

  it('an oversized .dockerignore is treated the same whether the Dockerfile is named or the folder walked', () => {
    const dir = tempDir({ Dockerfile: 'FROM python:3.12-slim\nUSER 10001\nCOPY . /app\n', '.dockerignore': '.git\n' });
    truncateSync(join(dir, '.dockerignore'), 5 * 1024 * 1024);
    for (const target of ['Dockerfile', '.']) {
      const { stdout } = runCli([...NO_SHELLCHECK, '-f', 'compact', target], { cwd: dir });
      expect(stdout, target).toContain('.dockerignore:1:1: error file-not-linted This file was not linted: larger than 4 MiB');
      // Present but unreadable is not "missing".
      expect(stdout, target).not.toContain('missing-dockerignore');
    }
  });

  it('a FIFO named on the command line is refused at once with one line and exit 2', () => {
    const dir = tempDir({});
    execFileSync('mkfifo', [join(dir, 'Dockerfile')]);
    const { code, stderr, stdout } = runCli([...NO_SHELLCHECK, 'Dockerfile'], { cwd: dir, timeout: 20_000 });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('dockerlint: error: Dockerfile: not a regular file (to lint a pipe, use --stdin)\n');
  });

  it('/dev/zero linked as a Dockerfile is refused when named, and reported unopened when walked', () => {
    const dir = tempDir({ 'ok/Dockerfile': 'FROM python:3.12-slim\nUSER 10001\n' });
    symlinkSync('/dev/zero', join(dir, 'Dockerfile'));
    execFileSync('mkfifo', [join(dir, 'ok', 'requirements.txt')]);
    const named = runCli([...NO_SHELLCHECK, 'Dockerfile'], { cwd: dir, timeout: 20_000 });
    expect(named.code).toBe(2);
    expect(named.stderr).toBe('dockerlint: error: Dockerfile: not a regular file (to lint a pipe, use --stdin)\n');
    const walked = runCli([...NO_SHELLCHECK, '-f', 'compact', '.'], { cwd: dir, timeout: 20_000 });
    expect(walked.code).toBe(1);
    expect(walked.stdout).toBe(
      'Dockerfile:1:1: error file-not-linted This file was not linted: not a regular file\n' +
        'ok/requirements.txt:1:1: error file-not-linted This file was not linted: not a regular file\n',
    );
  });
  it('readFileHead refuses a FIFO and a device instead of blocking on or reading them', () => {
    const dir = tempDir({ 'cert.pem': '-----BEGIN CERTIFICATE-----\n' });
    execFileSync('mkfifo', [join(dir, 'server.pem')]);
    // In a child process: an open that blocks on the FIFO would hang this one, and no test timeout can end a sync call.
    const script =
      `import('${join(root, 'build', 'src', 'io', 'read-input.js').replaceAll('\\', '/')}').then(({ readFileHead }) => ` +
      `console.log(JSON.stringify([readFileHead(process.argv[1], 16), readFileHead(process.argv[2], 16), readFileHead(process.argv[3], 16)])))`;
    const child = spawnSync(process.execPath, ['-e', script, join(dir, 'server.pem'), '/dev/zero', join(dir, 'cert.pem')], { encoding: 'utf8', timeout: 20_000 });
    expect(child.signal).toBeNull();
    expect(JSON.parse(child.stdout)).toEqual([null, null, '-----BEGIN CERTI']);
  });

  it('a FIFO or device in the build context named like a key is never opened by the rules that read file heads', () => {
    // secret-files-copied reads the first bytes of a copied `*.pem` to tell a private key from a certificate.
    const dir = tempDir({ 'Dockerfile': 'FROM python:3.12-slim\nCOPY . /app\nUSER 10001\n', '.dockerignore': '.git\n' });
    execFileSync('mkfifo', [join(dir, 'server.pem')]);
    symlinkSync('/dev/zero', join(dir, 'client.key'));
    const { code, stdout, stderr } = runCli([...NO_SHELLCHECK, '-f', 'compact', '.'], { cwd: dir, timeout: 20_000 });
    // The run ends (a blocking open of the FIFO would hang it until the timeout), and nothing is said of either file:
    // the context lists regular files only, and readFileHead refuses anything else as well.
    expect(stderr).toBe('');
    expect(stdout).toBe('');
    expect(code).toBe(0);
  });
});

describe('a failure on one file never costs the others their results', () => {
  const throwing: Rule = defineRule({
    meta: { ...builtIn[0].meta, id: 'throws-on-b', aliases: [] },
    checkDockerfile(file) {
      if (file.path.endsWith('b/Dockerfile')) throw new RangeError('Maximum call stack size exceeded');
    },
  });
  const careless: Rule = defineRule({
    meta: { ...builtIn[0].meta, id: 'careless', aliases: [] },
    checkDockerfile(_file, context) {
      context.report({ range: { start: { line: 7, column: 40 }, end: { line: 1, column: 1 } }, message: 'out of range' });
      context.report({ message: 'no range' } as never);
    },
  });

  const MUTABLE = 'mutable-tag: Image `python:latest` uses the `latest` tag, which moves with every release: name a version';

  it('a rule that throws becomes an internal-error finding on that file; the rest is reported', async () => {
    const dir = tempDir({ 'a/Dockerfile': 'FROM python:latest\n', 'b/Dockerfile': 'FROM python:latest\n' });
    const rules = [...builtIn.filter((r) => r.meta.id === 'mutable-tag'), throwing];
    const result = await lint(['.'], { cwd: dir, config: false, rules });
    expect(result.files.map((f) => [f.path, f.findings.map((x) => `${x.rule}: ${x.message}`)])).toEqual([
      ['a/Dockerfile', [MUTABLE]],
      [
        'b/Dockerfile',
        [
          'internal-error: rule throws-on-b failed on this file: the file is nested too deeply to analyse',
          MUTABLE,
        ],
      ],
    ]);
  });

  it('with DOCKERLINT_STRICT_RANGES=1 (the tests, the fuzz) an impossible range fails the rule instead', async () => {
    const result = await lintText('FROM alpine:3.20\nUSER 1000\n', { config: false, rules: [careless] });
    expect(result.files[0].findings.map((f) => f.message)).toEqual([
      'rule careless failed on this file: it reported a range outside the file: {"start":{"line":7,"column":40},"end":{"line":1,"column":1}}',
    ]);
  });

  it('the engine moves an impossible range inside the file and refuses a finding without one', async () => {
    const strict = process.env.DOCKERLINT_STRICT_RANGES;
    delete process.env.DOCKERLINT_STRICT_RANGES;
    const result = await lintText('FROM alpine:3.20\nUSER 1000\n', { config: false, rules: [careless] }).finally(() => {
      process.env.DOCKERLINT_STRICT_RANGES = strict;
    });
    const findings = result.files[0].findings.map((f) => ({ rule: f.rule, message: f.message, range: f.range }));
    expect(findings).toEqual([
      { rule: 'internal-error', message: 'rule careless failed on this file: it reported a finding without a valid range ({ start: { line, column }, end: { line, column } })', range: { start: { line: 1, column: 1 }, end: { line: 1, column: 1 } } },
      { rule: 'careless', message: 'out of range', range: { start: { line: 3, column: 1 }, end: { line: 3, column: 1 } } },
    ]);
  });
});

describe('the command line under pressure', () => {
  it('a closed pipe ends the run quietly', () => {
    const dir = tempDir(Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`s${i}/Dockerfile`, 'FROM python:latest\nRUN apt-get install curl\n'])));
    const { bin } = { bin: join(import.meta.dirname, '..', 'bin', 'dockerlint.js') };
    const result = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" --no-config --rule shellcheck=off . 2>stderr.txt | head -3; cat stderr.txt`], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(result.stdout.split('\n').length).toBe(4);
    expect(result.stdout).not.toMatch(/EPIPE|Error|at /);
  });

  it('a report written with -o is never seen half-written, even when the run is killed while it writes', async () => {
    const lines = Array.from({ length: 30_000 }, (_, i) => `package${i}>=1`).join('\n');
    const old = '{"old": true}\n';
    const dir = tempDir({ 'requirements.txt': `${lines}\n`, 'report.json': old });
    const bin = join(import.meta.dirname, '..', 'bin', 'dockerlint.js');
    const report = join(dir, 'report.json');
    const child = spawn(process.execPath, [bin, ...NO_SHELLCHECK, '-f', 'json', '-o', 'report.json', '.'], { cwd: dir, stdio: 'ignore' });
    const exited = new Promise((r) => child.once('exit', r));
    // Watch the report's size as closely as a loop can, and kill the run as soon as its write begins.
    const sizes = new Set<number>();
    let killed = false;
    let changedAt: number | undefined;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && (changedAt === undefined || Date.now() - changedAt < 300)) {
      const size = statSync(report).size;
      sizes.add(size);
      if (size !== old.length) changedAt ??= Date.now();
      if (!killed && (changedAt !== undefined || readdirSync(dir).some((n) => n.endsWith('.tmp')))) killed = child.kill('SIGTERM');
      if (changedAt === undefined) await new Promise((r) => setImmediate(r));
    }
    await exited;
    const text = readFileSync(report, 'utf8');
    expect(killed).toBe(true);
    expect(() => JSON.parse(text), `truncated at ${text.length} bytes`).not.toThrow();
    // Only the old report or the whole new one was ever there: no empty or partial file in between.
    expect([...sizes].filter((size) => size !== old.length && size !== text.length)).toEqual([]);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  }, 60_000);
});

describe('plugins that break the rules API', () => {
  const base = `meta: { id: 'PLACEHOLDER', aliases: [], severity: 'warning', category: 'correctness', summary: 'A plugin rule for tests', docs: DOCS }`;
  const complete = `{ rationale: 'Why it matters, at some length.', bad: 'FROM a', good: 'FROM a:1' }`;
  function plugin(id: string, docs: string, check: string): Record<string, string> {
    return {
      'plugin.mjs': `export default { ${base.replace('PLACEHOLDER', id).replace('DOCS', docs)}, checkDockerfile(file, context) { ${check} } };\n`,
      '.dockerlintrc.json': '{ "plugins": ["./plugin.mjs"] }\n',
      Dockerfile: 'FROM python:3.12-slim\nUSER 10001\n',
    };
  }

  it('a plugin rule with incomplete docs is one line naming the plugin and the rule, exit 2, in every format', () => {
    const dir = tempDir(plugin('no-docs', '{}', ''));
    for (const format of ['text', 'sarif']) {
      const { code, stdout, stderr } = runCli(['--allow-plugins', '--rule', 'shellcheck=off', '-f', format, '.'], { cwd: dir });
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^dockerlint: error: .*\.dockerlintrc\.json: plugin "\.\/plugin\.mjs": rule "no-docs": meta\.docs\.rationale must be a non-empty string\n$/);
    }
  });

  it('a plugin rule that reports without a range is an internal-error naming it; the run reports the rest and exits 2', () => {
    const dir = tempDir(plugin('no-range', complete, "context.report({ message: 'where?' });"));
    const { code, stdout } = runCli(['--allow-plugins', '--rule', 'shellcheck=off', '-f', 'compact', '.'], { cwd: dir });
    expect(code).toBe(2);
    expect(stdout).toContain(
      'Dockerfile:1:1: error internal-error rule no-range (plugin ./plugin.mjs) failed on this file: it reported a finding without a valid range',
    );
  });
});
