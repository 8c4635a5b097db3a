/**
 * Every rule's documented examples do what the docs say: the `bad` example
 * triggers the rule and the `good` example does not. The docs are what users
 * read; an example that does not do what it claims teaches the wrong thing.
 * Each example is written as a small build context (its Dockerfile, or the
 * file of its `exampleKind`, with the `badFiles`/`goodFiles` its docs show
 * beside it) and linted as a folder with every rule, so that cross-file rules
 * see a real context.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../src/index.js';
import { rules } from '../rules/index.js';
import type { Rule } from '../src/engine/rule.js';
import { CONFIG_FILE_NAMES } from '../src/config/config.js';
import { findShellcheck } from '../src/engine/external-tools/shellcheck-runner.js';
import { titleUnlessMissing } from './support/skip.js';
import { FILE_OF_KIND } from '../src/docs/fixed-examples.js';

const root = mkdtempSync(join(tmpdir(), 'dockerlint-docs-examples-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));


async function findingsOfExample(rule: Rule, which: 'bad' | 'good'): Promise<string[]> {
  const docs = rule.meta.docs;
  const dir = mkdtempSync(join(root, `${rule.meta.id}-${which}-`));
  const text = `${docs[which].trim()}\n`;
  const bytes = which === 'bad' && docs.badEncoding === 'utf-16le' ? Buffer.from(`\ufeff${text}`, 'utf16le') : text;
  writeFileSync(join(dir, FILE_OF_KIND[docs.exampleKind ?? 'dockerfile']), bytes);
  for (const [path, content] of Object.entries((which === 'bad' ? docs.badFiles : docs.goodFiles) ?? {})) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), `${content.trim()}\n`);
  }
  // A config among the example's files applies (the search for it stops at the linted folder); none otherwise.
  const result = await lint([dir], { cwd: dir, config: CONFIG_FILE_NAMES.some((n) => existsSync(join(dir, n))) ? undefined : false });
  expect(result.notes).toEqual([]);
  return result.files.flatMap((f) => f.findings.filter((x) => x.rule === rule.meta.id).map((x) => `${x.range.start.line}:${x.range.start.column} ${x.message}`));
}

// internal-error's bad example can only describe a crash: no input is known to cause one (each would be a bug fixed).
const documented = rules.filter((r) => r.meta.id !== 'internal-error');

// The shellcheck rule's examples need the ShellCheck program; without it they are skipped, and say so.
const noShellcheck = findShellcheck(undefined) ? undefined : 'ShellCheck is not installed';

describe.each(documented.map((r) => [r.meta.id, r] as const))('%s docs examples', (id, rule) => {
  const missing = id === 'shellcheck' ? noShellcheck : undefined;
  it.skipIf(missing !== undefined)(titleUnlessMissing('the bad example triggers the rule', missing), async () => {
    expect(await findingsOfExample(rule, 'bad')).not.toEqual([]);
  });
  it.skipIf(missing !== undefined)(titleUnlessMissing('the good example does not trigger the rule', missing), async () => {
    expect(await findingsOfExample(rule, 'good')).toEqual([]);
  });
});
