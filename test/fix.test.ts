/**
 * The fix machinery (src/engine/fix.ts, the --fix/--diff/--unsafe-fixes flags): edits applied without disturbing
 * the rest of the file, overlapping fixes left for the next pass, a fix that breaks the parse dropped, files written
 * only when they change, with their mode, and a second run that changes nothing. The fixed output of each fixable
 * rule's fixtures is test/rule-fixes.test.ts.
 */
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { applyFixes, fixFiles, formatters, lint, lintText, unifiedDiff } from '../src/index.js';
import { applyEdits } from '../src/engine/fix.js';
import { defineRule, type Fix } from '../src/engine/rule.js';
import { range } from '../src/model/position.js';
import { rules } from '../rules/index.js';
import { root, runCli, tempDir } from './support/cli-process.js';

const replace = (line: number, column: number, endColumn: number, text: string): Fix => ({
  applicability: 'safe',
  description: 'replace',
  edits: [{ range: range(line, column, line, endColumn), text }],
});

describe('applyEdits', () => {
  it('keeps the BOM and CRLF line endings, and writes a new line break as the file does', () => {
    const source = '\ufeffFROM a\r\nrun b\r\n';
    const { text } = applyEdits(source, [replace(2, 1, 4, 'RUN'), { applicability: 'safe', description: 'insert', edits: [{ range: range(2, 1, 2, 1), text: '# x\n' }] }]);
    // The insertion and the replacement start at one place: the one later in file order waits.
    expect(text).toBe('\ufeffFROM a\r\nRUN b\r\n');
    expect(applyEdits(source, [{ applicability: 'safe', description: 'insert', edits: [{ range: range(2, 1, 2, 1), text: '# x\n' }] }]).text).toBe('\ufeffFROM a\r\n# x\r\nrun b\r\n');
  });

  it('applies the fixes that do not overlap and leaves the others for the next pass', () => {
    const { text, taken } = applyEdits('abcdef\n', [replace(1, 1, 4, 'X'), replace(1, 3, 5, 'Y'), replace(1, 5, 7, 'Z')]);
    expect(text).toBe('XdZ\n');
    expect(taken.length).toBe(2);
  });

  it('leaves a text without fixes byte-identical, final newline or not', () => {
    expect(applyEdits('FROM a', []).text).toBe('FROM a');
    expect(applyEdits('FROM a\r\n\r\n', []).text).toBe('FROM a\r\n\r\n');
  });
});

describe('applyFixes', () => {
  it('fixes over several passes: instruction-casing makes FROM upper case, then from-as-casing writes AS', async () => {
    const fixed = await applyFixes('FROM a\nfrom b as c\nRUN x\n', { config: false, cwd: root });
    expect(fixed.text).toBe('FROM a\nFROM b AS c\nRUN x\n');
    expect(fixed.applied).toBe(2);
    expect((await applyFixes(fixed.text, { config: false, cwd: root })).applied).toBe(0);
  });

  it('drops a fix that would add an invalid-instruction finding, and says so', async () => {
    const breaking = defineRule({
      meta: { id: 'breaks-parse', aliases: [], severity: 'info', category: 'style', summary: 's', docs: { rationale: 'r', bad: 'b', good: 'g' }, fixable: true, fix: { safe: 'test' } },
      checkDockerfile(file, context) {
        const run = file.instructions.find((i) => i.keyword === 'RUN');
        if (run) context.report({ range: run.keywordRange, message: 'm', fix: { applicability: 'safe', description: 'break it', edits: [{ range: run.keywordRange, text: 'NOTANINSTRUCTION' }] } });
      },
    });
    const invalid = rules.find((r) => r.meta.id === 'invalid-instruction')!;
    const fixed = await applyFixes('FROM a\nRUN x\n', { config: false, cwd: root, rules: [breaking, invalid] });
    expect(fixed.text).toBe('FROM a\nRUN x\n');
    expect(fixed.applied).toBe(0);
    expect(fixed.dropped.map((f) => f.rule)).toEqual(['breaks-parse']);
  });

  it('applies unsafe fixes only when asked', async () => {
    const unsafe = defineRule({
      meta: { id: 'unsafe-one', aliases: [], severity: 'info', category: 'style', summary: 's', docs: { rationale: 'r', bad: 'b', good: 'g' }, fixable: true, fix: { unsafe: 'test' } },
      checkDockerfile(file, context) {
        const from = file.instructions[0];
        if (from && from.args[0]?.value === 'a') context.report({ range: from.args[0].range, message: 'm', fix: { applicability: 'unsafe', description: 'b', edits: [{ range: from.args[0].range, text: 'b' }] } });
      },
    });
    expect((await applyFixes('FROM a\n', { config: false, cwd: root, rules: [unsafe] })).text).toBe('FROM a\n');
    expect((await applyFixes('FROM a\n', { config: false, cwd: root, rules: [unsafe], unsafe: true })).text).toBe('FROM b\n');
  });

  it('gives JSON that validates against the output schema with the fix', async () => {
    const result = await lintText('FROM a\nrun x\n', { config: false, cwd: root });
    const json = JSON.parse(await formatters.format('json', result));
    const schema = JSON.parse(readFileSync(join(root, 'schema', 'output.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true, validateFormats: false }).compile(schema);
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
    const casing = json.files[0].findings.find((f: { rule: string }) => f.rule === 'instruction-casing');
    expect(casing.fix).toEqual({ applicability: 'safe', description: 'write `RUN`', edits: [{ line: 2, column: 1, endLine: 2, endColumn: 4, text: 'RUN' }] });
  });
});

describe('fixFiles and the CLI', () => {
  it('writes only the files that change, keeping their mode, and a second run changes nothing', async () => {
    const dir = tempDir({ 'Dockerfile': 'FROM a:1\r\nrun x\r\n', 'clean/Dockerfile': 'FROM a:1\nRUN x\n' });
    chmodSync(join(dir, 'Dockerfile'), 0o751);
    const clean = statSync(join(dir, 'clean/Dockerfile'));
    const first = await fixFiles(['.'], { cwd: dir, config: false, write: true });
    expect(first.changes.map((c) => c.path)).toEqual(['Dockerfile']);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe('FROM a:1\r\nRUN x\r\n');
    expect(statSync(join(dir, 'Dockerfile')).mode & 0o777).toBe(0o751);
    expect(statSync(join(dir, 'clean/Dockerfile')).mtimeMs).toBe(clean.mtimeMs);
    expect(statSync(join(dir, 'clean/Dockerfile')).ino).toBe(clean.ino);
    expect(first.result.files.flatMap((f) => f.findings).some((f) => f.rule === 'instruction-casing')).toBe(false);
    const second = await fixFiles(['.'], { cwd: dir, config: false, write: true });
    expect(second.changes).toEqual([]);
  });

  it('--diff prints a unified diff and writes nothing; --fix writes and reports what it fixed; --fix --stdin prints the fixed text', () => {
    // merge-run-layers would join the two RUNs: this test is about the casing fix alone.
    const dir = tempDir({ Dockerfile: 'FROM a:1\nrun x\nRUN y\n' });
    const diff = runCli(['--no-config', '--rule', 'shellcheck=off', '--rule', 'merge-run-layers=off', '--diff', '.'], { cwd: dir });
    expect(diff.code).toBe(1);
    expect(diff.stdout).toBe('--- a/Dockerfile\n+++ b/Dockerfile\n@@ -1,3 +1,3 @@\n FROM a:1\n-run x\n+RUN x\n RUN y\n');
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe('FROM a:1\nrun x\nRUN y\n');
    const report = runCli(['--no-config', '--rule', 'shellcheck=off', '--rule', 'merge-run-layers=off', '--no-snippets', '.'], { cwd: dir });
    expect(report.stdout).toMatch(/\[\*\] `run` is lower case/);
    expect(report.stdout).toMatch(/\n1 fixable with `--fix`\.\n$/);
    // Only unsafe fixes: the line names the flags they need rather than "0 fixable with --fix".
    const unsafeOnly = runCli(['--no-config', '--rule', 'shellcheck=off', '--no-snippets', '--stdin'], { cwd: dir, input: 'FROM a:1\nMAINTAINER me <me@example.com>\n' });
    expect(unsafeOnly.stdout).toMatch(/\n1 fixable with `--fix --unsafe-fixes`\.\n$/);
    const fix = runCli(['--no-config', '--rule', 'shellcheck=off', '--rule', 'merge-run-layers=off', '--no-snippets', '--fix', '.'], { cwd: dir });
    expect(fix.stdout).toMatch(/Fixed 1 problem in 1 file\./);
    expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toBe('FROM a:1\nRUN x\nRUN y\n');
    const stdin = runCli(['--no-config', '--rule', 'shellcheck=off', '--rule', 'merge-run-layers=off', '--stdin', '--fix'], { cwd: dir, input: 'FROM a:1\nrun x\n' });
    expect(stdin.stdout).toBe('FROM a:1\nRUN x\n');
    expect(stdin.stderr).toMatch(/Fixed 1 problem in 1 file\./);
  });
});

/**
 * A rule that reports, from the Dockerfile, on the requirements file it installs (as opencv-gui-in-container does),
 * with a fix of that file; and one that offers to create a file. Both through `options.rules`, so that the
 * machinery is tested apart from any built-in rule's fix.
 */
const headless = defineRule({
  meta: { id: 'test-headless', aliases: [], severity: 'warning', category: 'maintainability', summary: 'test', fixable: true, docs: { rationale: 'test', bad: '', good: '' } },
  checkDockerfile(file, context) {
    const requirements = context.project.requirementsIn?.(file, 'requirements.txt');
    if (!requirements) return;
    requirements.lines.forEach((line, index) => {
      if (line !== 'opencv-python') return;
      const where = range(index + 1, 1, index + 1, line.length + 1);
      context.reportOn(requirements, { range: where, message: 'GUI build', fix: { applicability: 'unsafe', description: 'headless', edits: [{ range: where, text: 'opencv-python-headless' }] } });
    });
  },
});
const ignoreFile = defineRule({
  meta: { id: 'test-ignore-file', aliases: [], severity: 'warning', category: 'maintainability', summary: 'test', fixable: true, docs: { rationale: 'test', bad: '', good: '' } },
  checkDockerfile(file, context) {
    const build = context.project.contextOf(file);
    if (build.exists('.dockerignore')) return;
    context.report({ range: range(1, 1, 1, 5), message: 'no ignore file', fix: { applicability: 'safe', description: 'create it', edits: [], create: [{ path: join(build.root, '.dockerignore'), text: '.git\n' }] } });
  },
});

describe('fixes across files', () => {
  it('buffers stand for files on disk: a Dockerfile is linted with the unsaved text of the requirements file it installs', async () => {
    const dir = tempDir({ Dockerfile: 'FROM a:1\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n', 'requirements.txt': 'flask\n' });
    const onDisk = await lint(['.'], { cwd: dir, config: false, rules: [headless] });
    expect(onDisk.files.flatMap((f) => f.findings)).toEqual([]);
    const buffers = new Map([[join(dir, 'requirements.txt'), 'opencv-python\n']]);
    const withBuffer = await lint(['.'], { cwd: dir, config: false, rules: [headless], buffers });
    expect(withBuffer.files.flatMap((f) => f.findings.map((x) => `${f.path}:${x.range.start.line} ${x.rule}`))).toEqual(['requirements.txt:1 test-headless']);
    const fromText = await lintText('FROM a:1\nRUN pip install -r requirements.txt\n', { cwd: dir, filename: 'Dockerfile', config: false, rules: [headless], buffers });
    expect(fromText.files.flatMap((f) => f.findings.map((x) => `${f.path}:${x.range.start.line}`))).toEqual(['requirements.txt:1']);
  });

  it('applies a fix a Dockerfile rule reported on another file, judging the next pass with the changed text', async () => {
    const dir = tempDir({ Dockerfile: 'FROM a:1\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n', 'requirements.txt': 'flask\nopencv-python\n' });
    const safeOnly = await fixFiles(['.'], { cwd: dir, config: false, rules: [headless], write: true });
    expect(safeOnly.changes).toEqual([]);
    const diff = await fixFiles(['.'], { cwd: dir, config: false, rules: [headless], unsafe: true, write: false });
    expect(diff.changes.map((c) => [c.path, c.after, c.applied])).toEqual([['requirements.txt', 'flask\nopencv-python-headless\n', 1]]);
    expect(readFileSync(join(dir, 'requirements.txt'), 'utf8')).toBe('flask\nopencv-python\n');
    const fixed = await lint(['.'], { cwd: dir, config: false, rules: [headless], fix: true, unsafeFixes: true });
    expect(readFileSync(join(dir, 'requirements.txt'), 'utf8')).toBe('flask\nopencv-python-headless\n');
    expect(fixed.fixes.map((c) => c.path)).toEqual(['requirements.txt']);
    expect(fixed.files.flatMap((f) => f.findings)).toEqual([]);
  });

  it('creates a file a fix asks for, never over an existing one, and --diff shows it as new', async () => {
    const dir = tempDir({ 'a/Dockerfile': 'FROM a:1\n', 'b/Dockerfile': 'FROM b:1\n' });
    const planned = await fixFiles(['.'], { cwd: dir, config: false, rules: [ignoreFile], write: false });
    expect(planned.changes.map((c) => [c.path, c.created, c.before, c.after])).toEqual([
      ['a/.dockerignore', true, '', '.git\n'],
      ['b/.dockerignore', true, '', '.git\n'],
    ]);
    expect(unifiedDiff(planned.changes[0]!.path, '', '.git\n', true)).toBe('--- /dev/null\n+++ b/a/.dockerignore\n@@ -0,0 +1,1 @@\n+.git\n');
    // Made between the plan and the write (an editor, another run): kept as it is.
    writeFileSync(join(dir, 'b/.dockerignore'), 'mine\n');
    const run = await fixFiles(['.'], { cwd: dir, config: false, rules: [ignoreFile], write: true });
    expect(readFileSync(join(dir, 'a/.dockerignore'), 'utf8')).toBe('.git\n');
    expect(readFileSync(join(dir, 'b/.dockerignore'), 'utf8')).toBe('mine\n');
    expect(run.result.files.flatMap((f) => f.findings)).toEqual([]);
    const json = JSON.parse(await formatters.format('json', await lint(['.'], { cwd: tempDir({ Dockerfile: 'FROM a:1\n' }), config: false, rules: [ignoreFile] })));
    expect(json.files[0].findings[0].fix).toEqual({ applicability: 'safe', description: 'create it', edits: [], create: [{ path: '.dockerignore', text: '.git\n' }] });
    const schema = JSON.parse(readFileSync(join(root, 'schema', 'output.schema.json'), 'utf8')) as object;
    const validate = new Ajv({ allErrors: true, validateFormats: false }).compile(schema);
    expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
  });

  it('does not create a file outside the linted tree', async () => {
    const outside = tempDir({});
    const escape = defineRule({ ...ignoreFile, checkDockerfile(_file, context) { context.report({ range: range(1, 1, 1, 5), message: 'x', fix: { applicability: 'safe', description: 'x', edits: [], create: [{ path: join(outside, 'evil'), text: 'x' }] } }); } });
    const dir = tempDir({ Dockerfile: 'FROM a:1\n' });
    const run = await fixFiles(['.'], { cwd: dir, config: false, rules: [escape], write: true });
    expect(existsSync(join(outside, 'evil'))).toBe(false);
    expect(run.notes.some((n) => n.endsWith('not created: outside the linted tree'))).toBe(true);
  });

  it('lintText with fix gives the fixed text as output and what remains', async () => {
    const result = await lintText('FROM a:1\nrun x\n', { config: false, cwd: root, fix: true, ruleSettings: { shellcheck: 'off' } });
    expect(result.output).toBe('FROM a:1\nRUN x\n');
    expect(result.applied).toBe(1);
    expect(result.files.flatMap((f) => f.findings).some((f) => f.rule === 'instruction-casing')).toBe(false);
  });
});

describe('unifiedDiff', () => {
  it('groups changes with three lines of context and says when the last line has no newline', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'].join('\n');
    const after = before.replace('b', 'B').replace('k', 'K');
    expect(unifiedDiff('x', before, after)).toBe(
      '--- a/x\n+++ b/x\n@@ -1,5 +1,5 @@\n a\n-b\n+B\n c\n d\n e\n@@ -8,4 +8,4 @@\n h\n i\n j\n-k\n\\ No newline at end of file\n+K\n\\ No newline at end of file\n',
    );
    expect(unifiedDiff('x', 'same\n', 'same\n')).toBe('');
  });
});
