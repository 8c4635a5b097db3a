/**
 * `npm run contexts [-- rule-id ...]`: the findings of the cross-file rules on the corpus's real build contexts
 * (../shared/corpus/contexts), for checking each one by hand. Prints every finding of the named rules (default: the
 * rules that read other files of the build) grouped by rule, then the counts per rule, and how the findings of
 * copy-missing-source agree with the corpus manifest's `copy_sources[].missing` lists (files the corpus left out,
 * `omitted_files`, count as present). A report, not a test: it asserts nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lint } from '../src/index.js';
import { corpusRoot } from './peer-files.js';

const CROSS_FILE_RULES = [
  'copy-missing-source',
  'copy-ignored-file',
  'requirements-not-copied',
  'undeclared-import',
  'requirements-duplicate',
  'requirements-invalid',
  'requirements-editable',
  'requirements-local-path',
  'insecure-package-index',
  'dockerignore-coverage',
  'missing-dockerignore',
];

interface ManifestContext {
  readonly path: string;
  readonly copy_sources: Record<string, { readonly resolved: string[]; readonly missing: string[]; readonly unknown: string[] }>;
  /** Files left out of the corpus, by reason (`binary`, `large`...). */
  readonly omitted_files?: Record<string, string[]>;
}

async function main(): Promise<void> {
  const corpus = corpusRoot();
  const manifestPath = join(corpus, 'manifest.json');
  if (!existsSync(manifestPath)) {
    console.log(`contexts: no corpus at ${corpus} (set DOCKERLINT_CORPUS)`);
    return;
  }
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const ruleIds = new Set(wanted.length > 0 ? wanted : CROSS_FILE_RULES);
  const contexts = (JSON.parse(readFileSync(manifestPath, 'utf8')) as { contexts: ManifestContext[] }).contexts;
  const byRule = new Map<string, string[]>();
  let agree = 0;
  let disagree = 0;
  let omittedReported = 0;
  for (const context of contexts) {
    const dir = join(corpus, context.path);
    const result = await lint([dir], { cwd: corpus, config: false, ruleSettings: { shellcheck: 'off' } });
    const omitted = new Set(Object.values(context.omitted_files ?? {}).flat());
    const reportedMissing = new Set<string>();
    for (const file of result.files) {
      for (const finding of file.findings) {
        if (!ruleIds.has(finding.rule)) continue;
        const line = `${finding.path}:${finding.range.start.line}:${finding.range.start.column} ${finding.message}`;
        byRule.set(finding.rule, [...(byRule.get(finding.rule) ?? []), line]);
        if (finding.rule === 'copy-missing-source') {
          const source = file.lines[finding.range.start.line - 1]?.slice(finding.range.start.column - 1, finding.range.end.column - 1);
          const name = file.path.slice(context.path.length + 1);
          reportedMissing.add(`${name}\0${source}`);
        }
      }
    }
    // Agreement, source by source: reported exactly when the manifest lists the source as missing (and the corpus
    // did not leave the file out); a reported source the manifest does not list at all disagrees too.
    for (const [dockerfile, sources] of Object.entries(context.copy_sources)) {
      const listed = new Set([...sources.resolved, ...sources.missing, ...sources.unknown]);
      for (const source of listed) {
        // A file the corpus left out (binary, large) is present in the real context: reported here, not judged.
        if (omitted.has(source)) {
          omittedReported += reportedMissing.has(`${dockerfile}\0${source}`) ? 1 : 0;
          continue;
        }
        const missing = sources.missing.includes(source);
        if (reportedMissing.has(`${dockerfile}\0${source}`) === missing) agree++;
        else disagree++;
      }
      for (const key of reportedMissing) if (key.startsWith(`${dockerfile}\0`) && !listed.has(key.slice(dockerfile.length + 1))) disagree++;
    }
  }
  for (const id of [...ruleIds].sort()) {
    const lines = byRule.get(id) ?? [];
    console.log(`\n## ${id}: ${lines.length}`);
    for (const line of lines) console.log(`  ${line}`);
  }
  console.log('\ncounts:', Object.fromEntries([...ruleIds].sort().map((id) => [id, byRule.get(id)?.length ?? 0])));
  console.log(`copy-missing-source against the manifest's copy_sources (resolved, missing, unknown): ${agree} sources agree, ${disagree} disagree; ${omittedReported} reported sources are files the corpus left out (omitted_files), not judged`);
}

await main();
