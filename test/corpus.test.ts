/**
 * Robustness: every file of the shared corpus (real Dockerfiles, .dockerignore
 * and requirements files, build contexts, BuildKit's parser cases) is linted
 * without a crash and gets a result. The corpus is ../shared/corpus or DOCKERLINT_CORPUS; skipped when it is not there.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/index.js';
import { corpusRoot, lintableFiles } from '../scripts/peer-files.js';
import { missingFolder, titleUnlessMissing } from './support/skip.js';

const corpus = corpusRoot();

const lintable = (dir: string): string[] => lintableFiles(dir, corpus);

const missing = missingFolder(corpus);

describe.skipIf(missing !== undefined)(titleUnlessMissing('the shared corpus', missing), () => {
  it.each(['dockerfiles', 'requirements', 'contexts', 'buildkit-parser'])('lints every file of %s without a crash', async (part) => {
    const files = lintable(join(corpus, part));
    expect(files.length).toBeGreaterThan(0);
    // The shellcheck rule starts ShellCheck once per Dockerfile: over the ~5,000 Dockerfiles that would
    // take most of CI's time; it runs on the other parts (contexts hold ~150 real Dockerfiles).
    const ruleSettings = part === 'dockerfiles' ? ({ shellcheck: 'off' } as const) : undefined;
    const result = await lint(files, { cwd: corpus, config: false, ruleSettings });
    expect(result.notes).toEqual([]);
    const reported = new Set(result.files.map((f) => f.absolutePath));
    const missing = files.filter((f) => !reported.has(f));
    expect(missing).toEqual([]);
    for (const file of result.files) {
      for (const finding of file.findings) {
        expect(finding.range.start.line, `${file.path} ${finding.rule}`).toBeGreaterThanOrEqual(1);
        expect(finding.range.start.column, `${file.path} ${finding.rule}`).toBeGreaterThanOrEqual(1);
      }
    }
  }, 900_000);
});
