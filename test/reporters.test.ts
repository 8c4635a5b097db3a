/**
 * The CI formats (sarif, github, checkstyle, junit, gitlab) on lint results
 * built by hand: no lint engine involved.
 */
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { visible } from '../src/reporters/visible.js';
import { describe, expect, it } from 'vitest';
import { summarize, type FileResult, type Finding, type LintResult } from '../src/engine/finding.js';
import { defineRule, type Rule, type Severity } from '../src/engine/rule.js';
import { range } from '../src/model/position.js';
import { ruleMarkdown } from '../src/docs/rule-docs.js';
import { checkstyle } from '../src/reporters/checkstyle.js';
import { github, jobSummary, JOB_SUMMARY_BYTES } from '../src/reporters/github.js';
import { gitlab } from '../src/reporters/gitlab.js';
import { FORMATS, loadReporter, type Format } from '../src/reporters/index.js';
import { junit } from '../src/reporters/junit.js';
import type { ReporterOptions } from '../src/reporters/reporter.js';
import { MAX_SARIF_RESULTS, sarif } from '../src/reporters/sarif.js';

// ---------------------------------------------------------------- fixtures

const docs = { rationale: 'Because.', bad: 'FROM x', good: 'FROM x:1' };
const secretInEnv = defineRule({
  meta: { id: 'secret-in-env', aliases: ['CKV_DOCKER_9'], severity: 'error', category: 'security', summary: 'Secrets must not be baked into ENV', docs: { ...docs, rationale: '\nAn image keeps\nits ENV.\n\nUse secrets.\n' }, fixable: false },
  checkDockerfile: () => {},
});
const unpinnedPackage = defineRule({
  meta: { id: 'unpinned-package', aliases: ['DL3008', 'DL3013'], severity: 'warning', category: 'reproducibility', summary: 'Pin package versions', docs: { ...docs, rationale: 'x'.repeat(1500) }, fixable: false },
  checkDockerfile: () => {},
  checkRequirements: () => {},
});
const sortedArgs = defineRule({
  meta: { id: 'sorted-args', aliases: [], severity: 'info', category: 'style', summary: 'Sort arguments', docs, fixable: true },
  checkDockerfile: () => {},
});
const unusedRule = defineRule({
  meta: { id: 'never-fires', aliases: [], severity: 'warning', category: 'style', summary: 'Never fires', docs, fixable: false },
});
const RULES: readonly Rule[] = [secretInEnv, unpinnedPackage, sortedArgs, unusedRule];

function finding(path: string, rule: Rule, line: number, column: number, endColumn: number, message: string, severity: Severity = rule.meta.severity): Finding {
  return {
    rule: rule.meta.id,
    aliases: rule.meta.aliases,
    severity,
    category: rule.meta.category,
    message,
    path,
    range: range(line, column, line, endColumn),
    docs: `https://example.test/docs/${rule.meta.id}.md`,
  };
}

function file(path: string, lines: string[], findings: (path: string) => Finding[], skipped?: string): FileResult {
  return { path, absolutePath: `/work/project/${path}`, kind: path.endsWith('.txt') ? 'requirements' : 'dockerfile', lines, findings: findings(path), ...(skipped ? { skipped } : {}) };
}

function lintResult(files: FileResult[], notes: string[] = []): LintResult {
  return { files, summary: summarize(files), notes, rules: [] };
}

const DOCKERFILE = ['FROM ubuntu:latest', 'ENV API_KEY=abc', 'RUN apt-get install -y curl', 'RUN apt-get install -y curl'];
const ODD_PATH = 'my app/Dockerfile.dév';
const NASTY = 'bad & <worse> "quoted" \'single\' 100% :: a,b\r\n::error::injected\ttab\u0001\u0000end';

function sample(): LintResult {
  return lintResult(
    [
      file('Dockerfile', DOCKERFILE, (p) => [
        finding(p, secretInEnv, 2, 5, 16, 'API_KEY is set in ENV'),
        // With a fix (a replacement and an insertion), so that JSON and SARIF validate it against their schemas.
        {
          ...finding(p, sortedArgs, 3, 1, 4, 'Sort the packages'),
          fix: { applicability: 'safe', description: 'sort the packages', edits: [{ range: range(3, 24, 3, 28), text: 'curl' }, { range: range(3, 1, 3, 1), text: '# sorted\n' }] },
        },
        finding(p, unpinnedPackage, 3, 24, 28, 'Pin curl'),
        // A fix that only creates a file (missing-dockerignore's), with no edit of this one.
        { ...finding(p, unpinnedPackage, 4, 24, 28, 'Pin curl'), fix: { applicability: 'unsafe', description: 'create .dockerignore', edits: [], create: [{ path: '.dockerignore', text: '.git\n' }] } },
      ]),
      file(ODD_PATH, ['FROM älpine', 'RUN echo "100%" :: done, ok'], (p) => [finding(p, unpinnedPackage, 2, 1, 4, NASTY, 'error')]),
      file('requirements.txt', ['flask==3.0'], () => []),
      file('blob.bin', [], () => [], 'binary file'),
    ],
    ['rule shell-check skipped: shellcheck not found'],
  );
}

const OPTIONS: ReporterOptions = { color: false, snippets: false, toolVersion: '1.2.3', rules: RULES, cwd: '/work/project' };

/** The same result with a line inserted at the top of every file: everything moves down by one. */
function withLineInsertedAbove(result: LintResult): LintResult {
  const shift = (f: Finding): Finding => ({ ...f, range: range(f.range.start.line + 1, f.range.start.column, f.range.end.line + 1, f.range.end.column) });
  return lintResult(result.files.map((f) => ({ ...f, lines: f.skipped ? [] : ['# a new comment', ...f.lines], findings: f.findings.map(shift) })));
}

// ---------------------------------------------------------------- XML checks

const XML_CHAR = /^[\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;
const REFERENCE = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;

/** Well-formed by fast-xml-parser's validator plus what it lets through: characters XML cannot hold, raw `<`/`&` in values. */
function expectWellFormedXml(xml: string): void {
  expect(XMLValidator.validate(xml)).toBe(true);
  expect(XML_CHAR.test(xml)).toBe(true);
  for (const [, value] of xml.matchAll(/="([^"]*)"/g)) {
    expect(value).not.toMatch(/[<\t\n\r]/);
    expect(value.replace(REFERENCE, '')).not.toContain('&');
  }
  for (const [, content] of xml.matchAll(/>([^<]*)</g)) {
    expect(content.replace(REFERENCE, '')).not.toContain('&');
  }
}

function parseXml(xml: string): any {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    htmlEntities: true,
    parseAttributeValue: false,
    parseTagValue: false,
    isArray: (name) => ['file', 'error', 'testsuite', 'testcase'].includes(name),
  }).parse(xml);
}

/** What a well-behaved consumer reads back from an escaped value: the text with the characters XML cannot hold replaced. */
function asXmlReadsIt(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '\uFFFD');
}

// ---------------------------------------------------------------- SARIF

function sarifValidator() {
  const schema = JSON.parse(readFileSync(new URL('../schema/sarif-schema-2.1.0.json', import.meta.url), 'utf8'));
  // Draft-04: Ajv 8 reads everything in it but the root `id`/`$schema`.
  delete schema.$schema;
  delete schema.id;
  const ajv = new Ajv.default({ strict: false, allErrors: true });
  const uriChars = /^[A-Za-z0-9\-._~%!$&'()*+,;=:@/?#]*$/;
  ajv.addFormat('uri', (s: string) => uriChars.test(s) && URL.canParse(s));
  ajv.addFormat('uri-reference', (s: string) => uriChars.test(s) && URL.canParse(s, 'file:///base/'));
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
  return ajv.compile(schema);
}
const validateSarif = sarifValidator();

function expectValidSarif(log: unknown): void {
  const valid = validateSarif(log);
  expect(validateSarif.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
}

const fingerprints = (log: any): string[] => log.runs[0].results.map((r: any) => r.partialFingerprints.primaryLocationLineHash);

describe('sarif', () => {
  const log = JSON.parse(sarif(sample(), OPTIONS));
  const run = log.runs[0];

  it('is valid SARIF 2.1.0', () => {
    expectValidSarif(log);
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/);
    expectValidSarif(JSON.parse(sarif(lintResult([]), OPTIONS)));
  });

  it("carries a finding's fix as SARIF fixes: one artifactChange, a replacement per edit (an insertion deletes an empty region)", () => {
    const sorted = run.results.find((r: any) => r.ruleId === 'sorted-args');
    expect(sorted.fixes).toEqual([
      {
        description: { text: 'sort the packages (safe fix)' },
        artifactChanges: [
          {
            artifactLocation: { uri: 'Dockerfile', uriBaseId: '%SRCROOT%' },
            replacements: [
              { deletedRegion: { startLine: 3, startColumn: 24, endLine: 3, endColumn: 28 }, insertedContent: { text: 'curl' } },
              { deletedRegion: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 1 }, insertedContent: { text: '# sorted\n' } },
            ],
          },
        ],
      },
    ]);
    // A file a fix creates: its whole text inserted at its start.
    const created = run.results.find((r: any) => r.fixes && r.ruleId !== 'sorted-args');
    expect(created.fixes).toEqual([
      {
        description: { text: 'create .dockerignore (unsafe fix)' },
        artifactChanges: [{ artifactLocation: { uri: '.dockerignore', uriBaseId: '%SRCROOT%' }, replacements: [{ deletedRegion: { charOffset: 0, charLength: 0 }, insertedContent: { text: '.git\n' } }] }],
      },
    ]);
    expect(run.results.filter((r: any) => r.fixes).length).toBe(2);
  });

  it('names the tool and lists the rules that produced findings, sorted, with their docs', () => {
    const driver = run.tool.driver;
    expect(driver).toMatchObject({ name: 'dockerlint', version: '1.2.3', semanticVersion: '1.2.3' });
    expect(driver.informationUri).toMatch(/^https:\/\//);
    expect(driver.rules.map((r: any) => r.id)).toEqual(['secret-in-env', 'sorted-args', 'unpinned-package']);
    const [secret, sorted, unpinned] = driver.rules;
    expect(secret).toMatchObject({
      name: 'SecretInEnv',
      shortDescription: { text: 'Secrets must not be baked into ENV' },
      fullDescription: { text: 'An image keeps its ENV.\n\nUse secrets.' },
      help: { text: ruleMarkdown(secretInEnv), markdown: ruleMarkdown(secretInEnv) },
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['security', 'dockerfile'], 'security-severity': '8.0', precision: 'high' },
    });
    expect(secret.helpUri).toMatch(/docs\/rules\/secret-in-env\.md$/);
    expect(sorted.defaultConfiguration.level).toBe('note');
    expect(sorted.properties['security-severity']).toBeUndefined();
    expect(unpinned.properties.tags).toEqual(['reproducibility', 'dockerfile', 'requirements']);
    expect(unpinned.fullDescription.text.length).toBeLessThanOrEqual(1000);
  });

  it('gives each result its rule index, level, message with aliases and an encoded relative location', () => {
    const results = run.results;
    expect(results).toHaveLength(5);
    for (const r of results) expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    expect(results.map((r: any) => r.level)).toEqual(['error', 'note', 'warning', 'warning', 'error']);
    expect(results[0].message.text).toBe('API_KEY is set in ENV [CKV_DOCKER_9]');
    expect(results[1].message.text).toBe('Sort the packages');
    expect(results[0].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'Dockerfile', uriBaseId: '%SRCROOT%' },
      region: { startLine: 2, startColumn: 5, endLine: 2, endColumn: 16 },
    });
    expect(results[4].locations[0].physicalLocation.artifactLocation.uri).toBe('my%20app/Dockerfile.d%C3%A9v');
    expect(decodeURIComponent(results[4].locations[0].physicalLocation.artifactLocation.uri)).toBe(ODD_PATH);
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///work/project/' } });
    expect(run.columnKind).toBe('utf16CodeUnits');
  });

  it('reports skipped files and notes as notifications of a successful invocation', () => {
    const [invocation] = run.invocations;
    expect(invocation.executionSuccessful).toBe(true);
    expect(invocation.toolExecutionNotifications).toEqual([
      {
        level: 'note',
        message: { text: 'blob.bin: not linted: binary file' },
        locations: [{ physicalLocation: { artifactLocation: { uri: 'blob.bin', uriBaseId: '%SRCROOT%' } } }],
      },
      { level: 'note', message: { text: 'rule shell-check skipped: shellcheck not found' } },
    ]);
  });

  it('sets the category from sarifCategory', () => {
    expect(run.automationDetails).toEqual({ id: 'dockerlint/' });
    expect(JSON.parse(sarif(sample(), { ...OPTIONS, sarifCategory: 'api' })).runs[0].automationDetails).toEqual({ id: 'api/' });
    expect(JSON.parse(sarif(sample(), { ...OPTIONS, sarifCategory: 'api/' })).runs[0].automationDetails).toEqual({ id: 'api/' });
  });

  it('fingerprints from content: distinct for identical lines, unchanged when a line is inserted above', () => {
    const before = fingerprints(log);
    expect(before.every((f) => /^[0-9a-f]{16}:\d+$/.test(f))).toBe(true);
    expect(new Set(before).size).toBe(before.length);
    expect(before[2].split(':')[0]).toBe(before[3].split(':')[0]);
    expect([before[2].split(':')[1], before[3].split(':')[1]]).toEqual(['1', '2']);
    const after = JSON.parse(sarif(withLineInsertedAbove(sample()), OPTIONS));
    expect(after.runs[0].results[0].locations[0].physicalLocation.region.startLine).toBe(3);
    expect(fingerprints(after)).toEqual(before);
  });

  it('describes a rule it was not given from its findings', () => {
    const out = JSON.parse(sarif(sample(), { ...OPTIONS, rules: [] }));
    expectValidSarif(out);
    expect(out.runs[0].tool.driver.rules[0]).toMatchObject({
      id: 'secret-in-env',
      helpUri: 'https://example.test/docs/secret-in-env.md',
      properties: { 'security-severity': '8.0' },
    });
  });

  it(`keeps at most ${MAX_SARIF_RESULTS} results, the most severe, and says so`, () => {
    const lines = Array.from({ length: MAX_SARIF_RESULTS + 2 }, (_, i) => `RUN step ${i}`);
    const big = lintResult([
      file('Dockerfile', lines, (p) => lines.map((_, i) => finding(p, i === lines.length - 1 ? secretInEnv : sortedArgs, i + 1, 1, 4, 'x'))),
    ]);
    const out = JSON.parse(sarif(big, OPTIONS)).runs[0];
    expect(out.results).toHaveLength(MAX_SARIF_RESULTS);
    expect(out.results.at(-1).ruleId).toBe('secret-in-env');
    expect(out.invocations[0].toolExecutionNotifications).toEqual([
      expect.objectContaining({ level: 'warning', message: { text: expect.stringMatching(/^2 of 25002 results left out/) } }),
    ]);
  });
});

// ---------------------------------------------------------------- GitHub

function unescape(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
}

/** Reads a workflow command back as the runner does: `::name k=v,k=v::message`. */
function parseCommand(line: string) {
  const match = /^::(\w+) ([^:]*)::(.*)$/.exec(line);
  if (!match) throw new Error(`not a workflow command: ${line}`);
  const properties = Object.fromEntries(match[2].split(',').map((kv) => [kv.slice(0, kv.indexOf('=')), unescape(kv.slice(kv.indexOf('=') + 1))]));
  return { command: match[1], properties, message: unescape(match[3]) };
}

describe('github', () => {
  it('escapes messages and properties so that nothing can start another command', () => {
    const path = 'we,ird:dir/%41 ::error::/Docker\r\nfile';
    const result = lintResult([file(path, ['RUN x'], (p) => [finding(p, unpinnedPackage, 1, 1, 4, NASTY)])]);
    const out = github(result, OPTIONS);
    const lines = out.split(/\r\n|\r|\n/);
    expect(lines.filter((l) => l.startsWith('::'))).toHaveLength(1);
    expect(lines[0]).toBe(
      '::warning file=we%2Cird%3Adir/%2541 %3A%3Aerror%3A%3A/Docker%0D%0Afile,line=1,endLine=1,col=1,endColumn=4,title=unpinned-package (DL3008%2C DL3013)::' +
        // Control characters from a linted file are shown, not acted on: no line break inside the annotation.
        'bad & <worse> "quoted" \'single\' 100%25 :: a,b␍␊::error::injected\ttab\\x01\\x00end',
    );
    expect(parseCommand(lines[0])).toEqual({
      command: 'warning',
      properties: { file: path, line: '1', endLine: '1', col: '1', endColumn: '4', title: 'unpinned-package (DL3008, DL3013)' },
      message: visible(NASTY),
    });
  });

  it('prints one annotation per finding, errors first, then a summary line', () => {
    const out = github(sample(), OPTIONS).trimEnd().split('\n');
    expect(out.filter((l) => l.startsWith('::'))).toHaveLength(5);
    expect(out.map((l) => l.split(' ')[0])).toEqual(['::error', '::error', '::warning', '::warning', '::notice', 'dockerlint:']);
    expect(parseCommand(out[0]).properties.file).toBe('Dockerfile');
    expect(parseCommand(out[1]).properties.file).toBe(ODD_PATH);
    expect(out[5]).toBe('dockerlint: 5 problems (2 errors, 2 warnings, 1 info) in 4 files, 1 skipped.');
  });

  it('orders 12 errors and 12 warnings by level, then file and line, and counts what GitHub will not show', () => {
    const lines = Array.from({ length: 12 }, (_, i) => `RUN ${i}`);
    const findings = (p: string) =>
      lines.flatMap((_, i) => [finding(p, unpinnedPackage, i + 1, 1, 4, `w${i}`), finding(p, secretInEnv, 12 - i, 1, 4, `e${11 - i}`)]);
    const result = lintResult([file('a/Dockerfile', lines, (p) => findings(p).slice(0, 12)), file('b/Dockerfile', lines, (p) => findings(p).slice(12))]);
    const out = github(result, OPTIONS).trimEnd().split('\n');
    const commands = out.slice(0, -1).map(parseCommand);
    expect(commands).toHaveLength(24);
    expect(commands.map((c) => c.command)).toEqual([...Array(12).fill('error'), ...Array(12).fill('warning')]);
    const where = (c: ReturnType<typeof parseCommand>) => `${c.properties.file}:${c.properties.line}`;
    expect(commands.slice(0, 12).map(where)).toEqual([
      ...['7', '8', '9', '10', '11', '12'].map((l) => `a/Dockerfile:${l}`),
      ...['1', '2', '3', '4', '5', '6'].map((l) => `b/Dockerfile:${l}`),
    ]);
    expect(commands.slice(12).map(where)).toEqual([
      ...['1', '2', '3', '4', '5', '6'].map((l) => `a/Dockerfile:${l}`),
      ...['7', '8', '9', '10', '11', '12'].map((l) => `b/Dockerfile:${l}`),
    ]);
    expect(out.at(-1)).toBe(
      'dockerlint: 24 problems (12 errors, 12 warnings, 0 info) in 2 files. GitHub shows at most 10 annotations of each level per step (50 per job), so 2 errors, 2 warnings will not be shown as annotations; all are listed above.',
    );
  });

  it('says so when there is nothing to annotate', () => {
    expect(github(lintResult([file('Dockerfile', ['FROM x'], () => [])]), OPTIONS)).toBe('dockerlint: no problems found in 1 file.\n');
  });
});

describe('github job summary', () => {
  it('has a heading, totals and a table per file with escaped cells', () => {
    const md = jobSummary(sample(), OPTIONS);
    expect(md.startsWith('## dockerlint 1.2.3\n')).toBe(true);
    expect(md).toContain('**5 problems** (2 errors, 2 warnings, 1 info) in 4 files, 1 skipped.');
    expect(md).toContain('### Dockerfile\n\n| Line | Severity | Rule | Message |\n| ---: | --- | --- | --- |\n| 2:5 | error | [secret-in-env](https://example.test/docs/secret-in-env.md) (CKV\\_DOCKER\\_9) | API\\_KEY is set in ENV |');
    expect(md).toContain('### my app/Dockerfile.dév');
    const nastyRow = md.split('\n').find((l) => l.includes('injected'));
    expect(nastyRow).toBe(
      '| 2:1 | error | [unpinned-package](https://example.test/docs/unpinned-package.md) (DL3008, DL3013) | bad &amp; &lt;worse&gt; "quoted" \'single\' 100% :: a,b<br>::error::injected\ttab\u0001\u0000end |',
    );
    // Unescaped `|` would add cells: every table row has exactly five.
    for (const row of md.split('\n').filter((l) => l.startsWith('| '))) expect(row.split(/(?<!\\)\|/)).toHaveLength(6);
    expect(md).toContain('### Not linted\n\n- blob.bin: binary file');
  });

  it('escapes a `|` in a message', () => {
    const result = lintResult([file('Dockerfile', ['RUN a | b'], (p) => [finding(p, sortedArgs, 1, 1, 4, 'a | b\nc')])]);
    expect(jobSummary(result, OPTIONS)).toContain('| a \\| b<br>c |');
  });

  it('stays under 1 MiB, with a note, however many findings', () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `RUN step ${i}`);
    const result = lintResult([file('Dockerfile', lines, (p) => lines.map((_, i) => finding(p, unpinnedPackage, i + 1, 1, 4, 'm'.repeat(60))))]);
    const md = jobSummary(result, OPTIONS);
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(JOB_SUMMARY_BYTES);
    expect(Buffer.byteLength(md)).toBeGreaterThan(JOB_SUMMARY_BYTES - 4096);
    expect(md.trimEnd().split('\n').at(-1)).toMatch(/^_\d+ more problems are not listed here: a job summary is limited to 1 MiB\./);
  });
});

// ---------------------------------------------------------------- checkstyle

describe('checkstyle', () => {
  const xml = checkstyle(sample(), OPTIONS);

  it('is well-formed XML', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<checkstyle version="4.3">')).toBe(true);
    expectWellFormedXml(xml);
  });

  it('lists every linted file, with an error per finding, the values read back intact', () => {
    const doc = parseXml(xml).checkstyle;
    expect(doc.version).toBe('4.3');
    expect(doc.file.map((f: any) => f.name)).toEqual(['Dockerfile', ODD_PATH, 'requirements.txt']);
    expect(doc.file[0].error[0]).toEqual({ line: '2', column: '5', severity: 'error', message: 'API_KEY is set in ENV [CKV_DOCKER_9]', source: 'dockerlint.secret-in-env' });
    expect(doc.file[0].error.map((e: any) => e.severity)).toEqual(['error', 'info', 'warning', 'warning']);
    expect(doc.file[1].error[0].message).toBe(asXmlReadsIt(`${NASTY} [DL3008, DL3013]`));
    expect(doc.file[2].error).toBeUndefined();
  });
});

// ---------------------------------------------------------------- JUnit

describe('junit', () => {
  const xml = junit(sample(), OPTIONS);

  it('is well-formed XML', () => {
    expectWellFormedXml(xml);
  });

  it('has a suite per file, a failing case per finding, a passing case for a clean file and a skipped one', () => {
    const doc = parseXml(xml).testsuites;
    expect(doc).toMatchObject({ name: 'dockerlint', tests: '7', failures: '5', errors: '0', skipped: '1' });
    expect(doc.testsuite.map((s: any) => [s.name, s.tests, s.failures, s.errors])).toEqual([
      ['Dockerfile', '4', '4', '0'],
      [ODD_PATH, '1', '1', '0'],
      ['requirements.txt', '1', '0', '0'],
      ['blob.bin', '1', '0', '0'],
    ]);
    const [first] = doc.testsuite[0].testcase;
    expect(first).toMatchObject({ name: expect.stringMatching(/^secret-in-env: API_KEY=abc \([0-9a-f]{8}\)$/), classname: 'Dockerfile', failure: { message: 'line 2:5: API_KEY is set in ENV', type: 'error' } });
    expect(first.failure['#text']).toContain('rule: secret-in-env (CKV_DOCKER_9)');
    expect(doc.testsuite[1].testcase[0].failure.message).toBe(asXmlReadsIt(`line 2:1: ${NASTY}`));
    expect(doc.testsuite[2].testcase).toEqual([{ name: 'dockerlint', classname: 'requirements.txt' }]);
    expect(doc.testsuite[3].testcase[0].skipped).toEqual({ message: 'binary file' });
  });

  it('names test cases by content, not line: a line inserted above keeps every name, and equal names are told apart', () => {
    const names = (result: LintResult) => parseXml(junit(result, OPTIONS)).testsuites.testsuite.flatMap((s: any) => s.testcase.map((c: any) => `${c.classname} ${c.name}`));
    const before = names(sample());
    expect(names(withLineInsertedAbove(sample()))).toEqual(before);
    expect(new Set(before).size).toBe(before.length);
    // The two `Pin curl` findings on two equal lines: one name each.
    expect(before.filter((n: string) => n.startsWith('Dockerfile unpinned-package: curl'))).toHaveLength(2);
    expect(before.join('\n')).not.toMatch(/\b[34]:24\b/);
  });
});

// ---------------------------------------------------------------- GitLab

describe('gitlab', () => {
  const issues = JSON.parse(gitlab(sample(), OPTIONS));

  it('is an array of Code Quality issues', () => {
    expect(issues).toHaveLength(5);
    expect(issues[0]).toEqual({
      type: 'issue',
      check_name: 'secret-in-env',
      description: 'API_KEY is set in ENV [CKV_DOCKER_9]',
      categories: ['Security'],
      severity: 'critical',
      fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
      location: { path: 'Dockerfile', lines: { begin: 2, end: 2 } },
    });
    expect(issues.map((i: any) => i.severity)).toEqual(['critical', 'info', 'major', 'major', 'critical']);
    expect(issues[4].location.path).toBe(ODD_PATH);
    for (const issue of issues) expect(['info', 'minor', 'major', 'critical', 'blocker']).toContain(issue.severity);
  });

  it('has unique fingerprints that survive a line inserted above', () => {
    const prints = issues.map((i: any) => i.fingerprint);
    expect(new Set(prints).size).toBe(prints.length);
    const after = JSON.parse(gitlab(withLineInsertedAbove(sample()), OPTIONS));
    expect(after[0].location.lines.begin).toBe(3);
    expect(after.map((i: any) => i.fingerprint)).toEqual(prints);
  });

  it('changes a fingerprint when the flagged line itself changes', () => {
    const changed = sample();
    const edited = { ...changed.files[0], lines: ['FROM ubuntu:latest', 'ENV API_KEY=xyz', ...DOCKERFILE.slice(2)] };
    const after = JSON.parse(gitlab(lintResult([edited, ...changed.files.slice(1)]), OPTIONS));
    expect(after[0].fingerprint).not.toBe(issues[0].fingerprint);
    expect(after.slice(1).map((i: any) => i.fingerprint)).toEqual(issues.slice(1).map((i: any) => i.fingerprint));
  });
});

// ---------------------------------------------------------------- registry

describe('format registry', () => {
  it('loads every CI format by name', async () => {
    for (const format of ['sarif', 'github', 'checkstyle', 'junit', 'gitlab'] as const) {
      expect(FORMATS).toContain(format);
      expect(typeof (await loadReporter(format))).toBe('function');
    }
  });
});

// ---------------------------------------------------------------- the real fixture set

describe('every format over the whole fixture set', async () => {
  const { lint } = await import('../src/index.js');
  const fixtures = new URL('../fixtures/', import.meta.url).pathname;
  const result = await lint([fixtures], { cwd: new URL('..', import.meta.url).pathname, config: false, ruleSettings: { shellcheck: 'off' } });

  it('lints enough of them to mean something', () => {
    expect(result.summary.files).toBeGreaterThan(300);
    expect(result.summary.findings).toBeGreaterThan(500);
  });

  it('gives SARIF that validates against the official 2.1.0 schema, with rules, relative URIs and fingerprints', () => {
    const log = JSON.parse(sarif(result, { ...OPTIONS, rules: result.rules }));
    expectValidSarif(log);
    const run = log.runs[0];
    expect(run.results.length).toBe(result.summary.findings);
    expect(run.tool.driver.rules.length).toBeGreaterThan(40);
    for (const r of run.results) {
      expect(r.locations[0].physicalLocation.artifactLocation.uri).toMatch(/^fixtures\//);
      expect(r.partialFingerprints.primaryLocationLineHash).toMatch(/^[0-9a-f]{16}:\d+$/);
    }
  });

  // Every finding as "path line:column rule", sorted: what each format must carry, each in its own way.
  // `columns: false` for a format that has no columns; `multiLineColumns: false` for GitHub, whose annotations
  // carry columns only on one line. Files that were not linted are included: their file-not-linted error must reach
  // every dashboard, or a binary Dockerfile would look clean there.
  const expectedFindings = ({ columns = true, multiLineColumns = true } = {}): string[] =>
    result.files
      .flatMap((f) =>
        f.findings.map((x) => {
          const column = !columns ? '' : !multiLineColumns && x.range.end.line !== x.range.start.line ? ':*' : `:${x.range.start.column}`;
          return `${f.path} ${x.range.start.line}${column} ${x.rule}`;
        }),
      )
      .sort();
  const findingsIn: Record<Exclude<Format, 'sarif'>, (out: string) => string[]> = {
    text: (out) => {
      let path = '';
      const found: string[] = [];
      for (const line of out.split('\n')) {
        const finding = /^\s+(\d+:\d+)\s+(?:error|warning|info)\s.*\s\s([a-z0-9-]+)(?: \([^()]*\))?$/.exec(line);
        if (finding) found.push(`${path} ${finding[1]} ${finding[2]}`);
        else if (/^\S/.test(line)) path = line;
      }
      return found;
    },
    compact: (out) => [...out.matchAll(/^(.+?):(\d+:\d+): (?:error|warning|info) ([a-z0-9-]+)/gm)].map((m) => `${m[1]} ${m[2]} ${m[3]}`),
    json: (out) => (JSON.parse(out) as { files: { path: string; findings: { line: number; column: number; rule: string }[] }[] }).files.flatMap((f) => f.findings.map((x) => `${f.path} ${x.line}:${x.column} ${x.rule}`)),
    github: (out) =>
      [...out.matchAll(/^::(?:error|warning|notice) file=([^,]*),line=(\d+),endLine=\d+,(?:col=(\d+),endColumn=\d+,)?title=([a-z0-9-]+)/gm)].map((m) => `${m[1]} ${m[2]}:${m[3] ?? '*'} ${m[4]}`),
    checkstyle: (out) =>
      parseXml(out).checkstyle.file.flatMap((f: any) => (f.error ?? []).map((e: any) => `${f.name} ${e.line}:${e.column} ${e.source.replace(/^dockerlint\./, '')}`)),
    junit: (out) =>
      parseXml(out).testsuites.testsuite.flatMap((suite: any) =>
        // The rule starts the name; the place is in the failure message, as the name must not change when lines move.
        (suite.testcase ?? []).filter((c: any) => c.failure !== undefined).map((c: any) => `${c.classname} ${/^line (\d+:\d+):/.exec(c.failure.message)?.[1]} ${/^[a-z0-9-]+/.exec(c.name)?.[0]}`),
      ),
    // GitLab's Code Quality report has lines but no columns.
    gitlab: (out) => (JSON.parse(out) as { check_name: string; location: { path: string; lines: { begin: number } } }[]).map((i) => `${i.location.path} ${i.location.lines.begin} ${i.check_name}`),
    // SonarQube's columns are 0-based; a whole-line issue (a zero-width finding on an empty line) starts at column 1.
    sonarqube: (out) =>
      (JSON.parse(out) as { issues: { ruleId: string; primaryLocation: { filePath: string; textRange: { startLine: number; startColumn?: number } } }[] }).issues.map(
        (i) => `${i.primaryLocation.filePath} ${i.primaryLocation.textRange.startLine}:${(i.primaryLocation.textRange.startColumn ?? 0) + 1} ${i.ruleId}`,
      ),
  };

  it.each(Object.keys(findingsIn) as Exclude<Format, 'sarif'>[])('renders %s with every finding at its place', async (format) => {
    const out = (await loadReporter(format))(result, { ...OPTIONS, rules: result.rules });
    const want = expectedFindings({
      columns: format !== 'gitlab',
      multiLineColumns: format !== 'github',
    });
    expect(findingsIn[format](out).sort()).toEqual(want);
  });

  it('has files that were not linted, each with its file-not-linted error', () => {
    const skipped = result.files.filter((f) => f.skipped !== undefined);
    expect(skipped.map((f) => f.path).sort()).toEqual(['fixtures/file-not-linted/bad/binary.Dockerfile', 'fixtures/file-not-linted/bad/requirements.txt', 'fixtures/file-not-linted/bad/utf16.Dockerfile']);
    expect(skipped.map((f) => f.findings.map((x) => x.rule))).toEqual([['file-not-linted'], ['file-not-linted'], ['file-not-linted']]);
  });

  it('with file-not-linted off, junit shows each file that was not linted as a skipped case and checkstyle leaves it out', async () => {
    const quiet = { ...result, files: result.files.map((f) => (f.skipped ? { ...f, findings: [] } : f)) };
    const notLinted = result.files.filter((f) => f.skipped !== undefined).map((f) => f.path).sort();
    const doc = parseXml((await loadReporter('junit'))(quiet, { ...OPTIONS, rules: result.rules }));
    const skipped = doc.testsuites.testsuite.filter((s: any) => s.testcase[0].skipped !== undefined).map((s: any) => s.name);
    expect(skipped.sort()).toEqual(notLinted);
    const listed = parseXml((await loadReporter('checkstyle'))(quiet, { ...OPTIONS, rules: result.rules })).checkstyle.file.map((f: any) => f.name);
    expect(listed.filter((name: string) => notLinted.includes(name))).toEqual([]);
  });

  it('has a finding checker for every format but SARIF (checked against its schema above)', () => {
    expect(Object.keys(findingsIn).sort()).toEqual(FORMATS.filter((f) => f !== 'sarif').sort());
  });
});
