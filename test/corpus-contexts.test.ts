/**
 * copy-missing-source on real build contexts: the corpus's contexts/ are whole projects, and its manifest lists for
 * each Dockerfile the COPY/ADD sources that are missing from its context (`contexts[].copy_sources[<file>].missing`).
 * The rule must report exactly those. The corpus left some files out (binary and large ones, listed in
 * `contexts[].omitted_files`); they are present in the real project, so a finding on one of them is not counted.
 * Each context is linted as its own tree, as the manifest resolved it. Skipped, out loud, without the corpus.
 */
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/index.js';
import { corpusRoot } from '../scripts/peer-files.js';
import { missingFolder, titleUnlessMissing } from './support/skip.js';

interface ManifestContext {
  readonly path: string;
  readonly dockerfiles: readonly string[];
  readonly copy_sources: Readonly<Record<string, { readonly missing: readonly string[] }>>;
  readonly omitted_files?: Readonly<Record<string, readonly string[]>>;
}

const corpus = corpusRoot();
const missing = missingFolder(join(corpus, 'contexts'));
const contexts: ManifestContext[] = missing
  ? []
  : (JSON.parse(readFileSync(join(corpus, 'manifest.json'), 'utf8')) as { contexts: ManifestContext[] }).contexts;

/** `./a/b/` → `a/b`, as the manifest writes a source. */
const clean = (path: string) => path.replace(/^(\.\/)+/, '').replace(/\/+$/, '') || '.';

describe.skipIf(missing !== undefined)(titleUnlessMissing('copy-missing-source on the corpus build contexts', missing), () => {
  it('reports exactly the sources the manifest lists as missing, omitted files counting as present', async () => {
    expect(contexts.length).toBeGreaterThan(0);
    const reported: Record<string, string[]> = {};
    const expected: Record<string, string[]> = {};
    let onOmitted = 0;
    for (const context of contexts) {
      const dir = join(corpus, context.path);
      const omitted = new Set(Object.values(context.omitted_files ?? {}).flat().map(clean));
      const result = await lint([dir], { cwd: dir, config: false, ruleSettings: { shellcheck: 'off' } });
      for (const file of result.files) {
        const key = `${context.path}/${relative(dir, file.absolutePath).split(sep).join('/')}`;
        // The message starts with the source as written, after variable expansion.
        const all = file.findings.filter((f) => f.rule === 'copy-missing-source').map((f) => clean(/^`([^`]*)`/.exec(f.message)?.[1] ?? f.message));
        const sources = all.filter((source) => !omitted.has(source));
        onOmitted += all.length - sources.length;
        if (sources.length > 0) reported[key] = sources.sort();
      }
      for (const [dockerfile, sources] of Object.entries(context.copy_sources)) {
        if (sources.missing.length > 0) expected[`${context.path}/${dockerfile}`] = sources.missing.map(clean).sort();
      }
    }
    expect(reported).toEqual(expected);
    // The corpus copies binary files it left out (schema.png, xgb.model): reported, which shows the rule ran at all.
    expect(onOmitted).toBeGreaterThan(0);
  }, 600_000);
});
