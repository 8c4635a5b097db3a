/**
 * The bad example of each fixable rule as `--fix` leaves it (and `--fix --unsafe-fixes`), for the rule's page: the
 * fix is shown, not described only. Each example is fixed as `--fix --diff` would, in a small build context of its own
 * (a temporary folder with the files the docs show beside it), with the rule alone; nothing is written there.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import type { LintedKind, Rule } from '../engine/rule.js';
import { fixFiles } from '../engine/fix.js';

/** What a fix run makes of an example: its main file's text, and the other files it changes or creates. */
export interface FixedFiles {
  readonly example: string;
  readonly others: readonly { readonly path: string; readonly text: string; readonly created: boolean }[];
}

export interface FixedExample {
  /** After `--fix`. */
  readonly safe: FixedFiles;
  /** After `--fix --unsafe-fixes`. */
  readonly unsafe: FixedFiles;
}

/** The file name a docs example of each kind is written to (the examples' tests use the same names). */
export const FILE_OF_KIND: Readonly<Record<LintedKind, string>> = {
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
      const run = async (unsafe: boolean): Promise<FixedFiles> => {
        const { changes } = await fixFiles([dir], { cwd: dir, config: false, rules: [rule], unsafe, write: false }, builtinRules);
        const others = changes
          .filter((c) => c.absolutePath !== filename)
          .map((c) => ({ path: relative(dir, c.absolutePath).split(sep).join('/'), text: c.after, created: c.created === true }))
          .sort((a, b) => (a.path < b.path ? -1 : 1));
        return { example: changes.find((c) => c.absolutePath === filename)?.after ?? text, others };
      };
      fixed.set(rule.meta.id, { safe: await run(false), unsafe: await run(true) });
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  return fixed;
}
