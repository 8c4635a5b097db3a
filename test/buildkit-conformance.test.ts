/**
 * `invalid-instruction` against BuildKit's own parser test cases: every case that
 * BuildKit's parser rejects (testfiles-negative) must be reported, and the cases it
 * accepts (testfiles) must stay silent, except where the later stage of BuildKit,
 * the instruction parser that `docker build` runs next, rejects them (listed below
 * with the reason). Skipped, with a note that says so, when the corpus is not there.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintText } from '../src/index.js';
import { rules } from '../rules/index.js';
import { corpusRoot } from '../scripts/peer-files.js';
import { missingFolder, titleUnlessMissing } from './support/skip.js';

const CASES = join(corpusRoot(), 'buildkit-parser');

/**
 * Parser-valid cases that `docker build` still rejects, as "line:column" of each finding.
 * The AST parser keeps flags and arguments as text; the instruction parser then refuses them.
 */
const REJECTED_AFTER_PARSING: Readonly<Record<string, readonly string[]>> = {
  // COPY --user / --doit: unknown flags; CMD --doit: CMD takes no flags (`COPY -- foo` is fine).
  flags: ['3:6', '4:6', '5:6', '5:16', '6:6', '8:5', '9:5', '10:5'],
  // HEALTHCHECK with no type, HEALTHCHECK CMD with no command, the unknown type CONNECT.
  health: ['4:1', '7:13', '10:13'],
  // No FROM at all: every CMD is outside a stage.
  json: ['1:1', '2:1', '3:1', '4:1', '5:1', '6:1', '7:1', '8:1'],
  'jeztah-invalid-json-json-inside-string': ['1:1'],
  'jeztah-invalid-json-json-inside-string-double': ['1:1'],
  'jeztah-invalid-json-single-quotes': ['1:1'],
  'jeztah-invalid-json-unterminated-bracket': ['1:1'],
  'jeztah-invalid-json-unterminated-string': ['1:1'],
};

/**
 * Each case BuildKit's parser rejects, with the findings that say why, as "line:column message": the finding must
 * name what BuildKit rejects, at its place, not merely be somewhere in the file.
 */
const REJECTED: Readonly<Record<string, readonly string[]>> = {
  empty_dockerfile: ['1:1 This Dockerfile has no instructions: it needs at least a `FROM`'],
  env_no_value: ['3:5 `ENV PATH` has no value: write `ENV PATH=<value>`'],
  only_comments: ['1:1 This Dockerfile has no instructions: it needs at least a `FROM`'],
  // The nested array is what BuildKit rejects; the missing FROM is reported too.
  'shykes-nested-json': ['1:1 `CMD` is outside any build stage: this Dockerfile has no `FROM`', '1:5 `CMD` JSON array must hold strings only'],
};

function cases(folder: string): string[] {
  const dir = join(CASES, folder);
  return existsSync(dir) ? readdirSync(dir).filter((name) => existsSync(join(dir, name, 'Dockerfile'))).sort() : [];
}

async function findings(folder: string, name: string, withMessage = false): Promise<string[]> {
  const path = join(CASES, folder, name, 'Dockerfile');
  const result = await lintText(readFileSync(path, 'utf8'), { filename: path, config: false, rules: rules.filter((r) => r.meta.id === 'invalid-instruction') });
  return result.files.flatMap((file) => file.findings.map((f) => `${f.range.start.line}:${f.range.start.column}${withMessage ? ` ${f.message}` : ''}`));
}

const missing = missingFolder(CASES);

describe.skipIf(missing !== undefined)(titleUnlessMissing('BuildKit parser test cases', missing), () => {
  it('knows every rejected case, and every case it knows is there', () => {
    expect(cases('testfiles-negative')).toEqual(Object.keys(REJECTED).sort());
  });

  it.each(cases('testfiles-negative'))('reports the rejected case %s where and why BuildKit rejects it', async (name) => {
    expect(await findings('testfiles-negative', name, true)).toEqual(REJECTED[name]);
  });

  it.each(cases('testfiles'))('reports the accepted case %s only where docker build rejects it', async (name) => {
    expect(await findings('testfiles', name)).toEqual(REJECTED_AFTER_PARSING[name] ?? []);
  });
});
