/**
 * The bad example of each fixable rule as `--fix` leaves it (and `--fix --unsafe-fixes`), for the rule's page: the
 * fix is shown, not described only. Each example is fixed in a small build context of its own (a temporary folder
 * with the files the docs show beside it), with the rule alone.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { LintedKind, Rule } from '../engine/rule.js';
import { applyFixes } from '../engine/fix.js';

export interface FixedExample {
  /** The bad example after `--fix`. */
  readonly safe: string;
  /** After `--fix --unsafe-fixes`. */
  readonly unsafe: string;
}

const FILE_OF_KIND: Readonly<Record<LintedKind, string>> = {
  dockerfile: 'Dockerfile',
  dockerignore: '.dockerignore',
  requirements: 'requirements.txt',
  pyproject: 'pyproject.toml',
  pipfile: 'Pipfile',
  'conda-environment': 'environment.yml',
  compose: 'compose.yaml',
};

/**
 * The fixed bad examples of the fixable rules among `rules`, each rule fixing alone, by rule id. `builtinRules`: the
 * rules the fixes are checked with (a fix that makes the file parse worse is dropped), all of them by default.
 */
export async function fixedExamples(rules: readonly Rule[], builtinRules: readonly Rule[] = rules): Promise<Map<string, FixedExample>> {
  const fixed = new Map<string, FixedExample>();
  const root = mkdtempSync(join(tmpdir(), 'dockerlint-fixed-examples-'));
  try {
    for (const rule of rules) {
      const docs = rule.meta.docs;
      if (!rule.meta.fixable || docs.badEncoding) continue;
      const dir = join(root, rule.meta.id);
      mkdirSync(dir);
      for (const [path, content] of Object.entries(docs.badFiles ?? {})) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), `${content.trim()}\n`);
      }
      const filename = join(dir, FILE_OF_KIND[docs.exampleKind ?? 'dockerfile']);
      const text = `${docs.bad.trim()}\n`;
      writeFileSync(filename, text);
      const options = { cwd: dir, config: false as const, filename, rules: [rule] };
      const safe = (await applyFixes(text, { ...options, unsafe: false }, builtinRules)).text;
      const unsafe = (await applyFixes(text, { ...options, unsafe: true }, builtinRules)).text;
      fixed.set(rule.meta.id, { safe, unsafe });
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return fixed;
}
