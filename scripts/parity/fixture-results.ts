/**
 * hadolint's results on the fixtures, recorded in a committed file so that
 * test/parity-fixtures.test.ts classifies the fixtures' disagreements in CI
 * without hadolint. `npm run parity:fixtures` (needs hadolint) writes it again;
 * the test fails when a fixture's content no longer matches what was recorded.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dockerfilesUnder, root, sha1, show } from '../peer-files.js';
import type { HadolintResult } from './hadolint.js';

export const FIXTURE_RESULTS = join(root, 'test', 'parity', 'hadolint-fixtures.json');

export interface FixtureResults {
  /** `hadolint --version` of the run. */
  readonly hadolint: string;
  readonly args: readonly string[];
  /** By path relative to the repository (`fixtures/<rule>/bad/x.Dockerfile`): the file's sha1 when recorded, and hadolint's result. */
  readonly files: Record<string, HadolintResult & { readonly sha1: string }>;
}

/** Every fixture Dockerfile, sorted. */
export function fixtureDockerfiles(): string[] {
  return dockerfilesUnder(join(root, 'fixtures')).sort();
}

export function readFixtureResults(): FixtureResults {
  return JSON.parse(readFileSync(FIXTURE_RESULTS, 'utf8')) as FixtureResults;
}

/** One file per line of findings, so that a refresh shows as a readable diff. */
export function writeFixtureResults(results: FixtureResults): void {
  const files = Object.keys(results.files).sort();
  const lines = [
    '{',
    `  "hadolint": ${JSON.stringify(results.hadolint)},`,
    `  "args": ${JSON.stringify(results.args)},`,
    '  "files": {',
    ...files.map((path, i) => {
      const { sha1: hash, findings, failed } = results.files[path];
      const body = [`      "sha1": ${JSON.stringify(hash)},`];
      if (failed !== undefined) body.push(`      "failed": ${JSON.stringify(failed)},`);
      body.push(findings.length === 0 ? '      "findings": []' : `      "findings": [\n${findings.map((f) => `        ${JSON.stringify({ code: f.code, line: f.line, message: f.message })}`).join(',\n')}\n      ]`);
      return `    ${JSON.stringify(path)}: {\n${body.join('\n')}\n    }${i < files.length - 1 ? ',' : ''}`;
    }),
    '  }',
    '}',
    '',
  ];
  writeFileSync(FIXTURE_RESULTS, lines.join('\n'));
}

/**
 * The recorded result of each fixture, by absolute path; `stale` lists the fixtures (as shown) with no record
 * or a record of other content.
 */
export function recordedResults(files: readonly string[], results: FixtureResults): { results: Map<string, HadolintResult>; stale: string[] } {
  const out = new Map<string, HadolintResult>();
  const stale: string[] = [];
  for (const file of files) {
    const record = results.files[show(file)];
    if (!record || record.sha1 !== sha1(file)) stale.push(show(file));
    else out.set(file, { findings: record.findings, ...(record.failed === undefined ? {} : { failed: record.failed }) });
  }
  return { results: out, stale };
}
