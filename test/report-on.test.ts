/**
 * A rule may report on another file of the build than the one it checks (RuleContext.reportOn): the import in a
 * Python module the image copies, the line of a requirements file it installs. The engine checks the range against
 * that file's lines, applies that file's pragmas, lists the file once, and reports each finding once.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/index.js';
import { defineRule, type ReportTarget } from '../src/engine/rule.js';
import { tempDir } from './support/cli-process.js';

const range = (line: number, column: number, length: number) => ({ start: { line, column }, end: { line, column: column + length } });

/** Reports on `app.py` (read by the test, as a rule reads through the build context) from every Dockerfile. */
function reporterOn(target: (dockerfileDir: string) => ReportTarget, report = { range: range(2, 8, 7), message: '`sklearn` is not declared' }) {
  return defineRule({
    meta: {
      id: 'cross-file',
      aliases: [],
      severity: 'warning',
      category: 'correctness',
      summary: 'test',
      fixable: false,
      docs: { rationale: '', bad: '', good: '' },
    },
    checkDockerfile(file, context) {
      context.reportOn(target(file.path.slice(0, file.path.lastIndexOf('/'))), report);
    },
  });
}

function project(files: Record<string, string>): string {
  return tempDir(files, 'report-on-');
}

const PY = 'import os\nimport sklearn\n';

describe('reportOn', () => {
  it('lists a file reached only through a report, with the finding at its range, once for two Dockerfiles', async () => {
    const dir = project({ 'Dockerfile': 'FROM python:3.12\n', 'web.Dockerfile': 'FROM python:3.12\n', 'app.py': PY });
    const rule = reporterOn(() => ({ path: join(dir, 'app.py'), kind: 'python', lines: PY.split('\n') }));
    const result = await lint([dir], { cwd: dir, config: false, rules: [rule] });
    const py = result.files.find((f) => f.path === 'app.py');
    expect(py?.kind).toBe('python');
    expect(py?.findings.map((f) => [f.rule, f.path, f.range, f.message])).toEqual([['cross-file', 'app.py', range(2, 8, 7), '`sklearn` is not declared']]);
    expect(result.files.map((f) => f.path)).toEqual(['Dockerfile', 'app.py', 'web.Dockerfile']);
  });

  it("applies the target's pragmas, not the reporting file's", async () => {
    const text = 'import os\nimport sklearn  # dockerlint ignore=cross-file\n';
    const dir = project({ 'Dockerfile': 'FROM python:3.12\n', 'app.py': text });
    const rule = reporterOn(() => ({ path: join(dir, 'app.py'), kind: 'python', lines: text.split('\n') }));
    const result = await lint([dir], { cwd: dir, config: false, rules: [rule] });
    expect(result.files.map((f) => f.path)).toEqual(['Dockerfile']);
    expect(result.summary.findings).toBe(0);
  });

  it('adds the finding to a file that is linted itself', async () => {
    const req = 'flask==3.0.0\nscikit_learn==1.5.0\n';
    const dir = project({ 'Dockerfile': 'FROM python:3.12\n', 'requirements.txt': req });
    const rule = reporterOn(() => ({ path: join(dir, 'requirements.txt'), kind: 'requirements', lines: req.split('\n') }), {
      range: range(2, 1, 12),
      message: 'declared here',
    });
    const result = await lint([dir], { cwd: dir, config: false, rules: [rule] });
    const file = result.files.find((f) => f.path === 'requirements.txt');
    expect(file?.kind).toBe('requirements');
    expect(file?.findings.map((f) => f.message)).toEqual(['declared here']);
    expect(result.files).toHaveLength(2);
  });

  it('fails the rule, not the run, on a range outside the target or a relative path', async () => {
    const dir = project({ 'Dockerfile': 'FROM python:3.12\n', 'app.py': PY });
    for (const target of [
      { path: join(dir, 'app.py'), kind: 'python' as const, lines: ['import os'] },
      { path: 'app.py', kind: 'python' as const, lines: PY.split('\n') },
    ]) {
      const result = await lint([dir], { cwd: dir, config: false, rules: [reporterOn(() => target)] });
      const findings = result.files.flatMap((f) => f.findings);
      expect(findings.map((f) => [f.rule, f.path])).toEqual([['internal-error', 'Dockerfile']]);
      expect(findings[0].message).toMatch(/rule cross-file failed on this file: it (reported a range outside the file|reported on a file without an absolute path)/);
    }
  });
});
