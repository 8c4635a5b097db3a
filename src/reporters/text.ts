/**
 * The human format: findings grouped by file, each with `line:column`,
 * severity, message and rule, then the source line with a caret under the
 * offending token (as ruff and rustc show it), then a summary line. Readable
 * without colour.
 */
import { Chalk } from 'chalk';
import type { FileResult, Finding, LintResult } from '../engine/finding.js';
import type { Reporter, ReporterOptions } from './reporter.js';
import { lineStartPath, visible } from './visible.js';

export const text: Reporter = (result, options) => {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const out: string[] = [];
  const paint = {
    error: chalk.red.bold,
    warning: chalk.yellow.bold,
    info: chalk.blue.bold,
  } as const;
  for (const file of result.files) {
    if (file.findings.length === 0) continue;
    out.push(chalk.underline(lineStartPath(file.path)));
    for (const finding of file.findings) {
      const where = `${finding.range.start.line}:${finding.range.start.column}`;
      const id = options.hyperlinks ? hyperlink(finding.docs, visible(finding.rule)) : visible(finding.rule);
      const rule = finding.aliases.length > 0 ? `${id} (${visible(finding.aliases.join(', '))})` : id;
      const mark = offered(finding, options) ? `${chalk.cyan('[*]')} ` : '';
      const notApplied = finding.fixNotApplied ? chalk.dim(` (fix not applied: ${visible(finding.fixNotApplied)})`) : '';
      out.push(`  ${chalk.dim(where.padEnd(7))} ${paint[finding.severity](finding.severity.padEnd(7))} ${mark}${visible(finding.message)}${contextsNote(finding.contexts)}${notApplied}  ${chalk.dim(rule)}`);
      if (options.snippets) out.push(...snippet(file, finding, chalk));
    }
    out.push('');
  }
  if (!options.hyperlinks) out.push(...docsFooter(result, chalk));
  if (options.fixed) out.push(`Fixed ${plural(options.fixed.fixes, 'problem')} in ${plural(options.fixed.files, 'file')}.`);
  out.push(summaryLine(result, chalk, options.hiddenByQuiet));
  const fixable = fixableLine(result, options);
  if (fixable) out.push(fixable);
  return `${out.join('\n')}\n`;
};

/**
 * OSC 8: `text` as a link to `url` in the terminals that show them. The URL comes from rule metadata, and is shown
 * through visible() too, so that no control character in it can end the sequence early.
 */
function hyperlink(url: string, text: string): string {
  return `\x1b]8;;${visible(url)}\x1b\\${text}\x1b]8;;\x1b\\`;
}

/** Where no hyperlink can carry it, each reported rule's documentation, once. */
function docsFooter(result: LintResult, chalk: InstanceType<typeof Chalk>): string[] {
  const docs = new Map<string, string>();
  for (const file of result.files) for (const finding of file.findings) if (!docs.has(finding.rule)) docs.set(finding.rule, finding.docs);
  if (docs.size === 0) return [];
  const ids = [...docs.keys()].sort();
  const width = Math.max(...ids.map((id) => visible(id).length));
  return [chalk.dim('Rule docs:'), ...ids.map((id) => `  ${visible(id).padEnd(width)}  ${chalk.dim(visible(docs.get(id)!))}`), ''];
}

function snippet(file: FileResult, finding: Finding, chalk: InstanceType<typeof Chalk>): string[] {
  const { start, end } = finding.range;
  const source = file.lines[start.line - 1];
  if (source === undefined) return [];
  const gutter = String(start.line);
  const pad = ' '.repeat(gutter.length);
  const raw = source.replace(/\t/g, ' ').replace(/\r$/, '');
  const line = visible(raw);
  // Escapes are wider than the characters they show: measure the caret on the shown text.
  const before = visible(raw.slice(0, Math.max(0, start.column - 1))).length;
  const upTo = end.line === start.line ? visible(raw.slice(0, Math.max(0, end.column - 1))).length : line.length;
  const width = Math.max(1, upTo - before);
  const caret = `${' '.repeat(before)}${'^'.repeat(width)}`;
  return [
    `    ${chalk.dim(`${pad} |`)}`,
    `    ${chalk.dim(`${gutter} |`)} ${line}`,
    `    ${chalk.dim(`${pad} |`)} ${chalk.red(caret)}`,
  ];
}

/** Whether the report marks this finding `[*]`: `--fix` (with `--unsafe-fixes` when given) would apply its fix. */
function offered(finding: Finding, options: ReporterOptions): boolean {
  return finding.fix !== undefined && !finding.fixNotApplied && (finding.fix.applicability === 'safe' || options.unsafeFixes === true);
}

/** "N fixable with `--fix` (M more with `--unsafe-fixes`)", as ruff says it; nothing when no finding has a fix. */
function fixableLine(result: LintResult, options: ReporterOptions): string | undefined {
  let safe = 0;
  let unsafe = 0;
  for (const file of result.files) {
    for (const finding of file.findings) {
      if (!finding.fix || finding.fixNotApplied) continue;
      if (finding.fix.applicability === 'safe') safe++;
      else unsafe++;
    }
  }
  if (safe + unsafe === 0) return undefined;
  // "0 fixable with --fix" would read as nothing to do: only unsafe fixes name the flags they need.
  if (options.unsafeFixes || safe === 0) return `${safe + unsafe} fixable with \`--fix --unsafe-fixes\`.`;
  return `${safe} fixable with \`--fix\`${unsafe > 0 ? ` (${unsafe} more with \`--unsafe-fixes\`)` : ''}.`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function summaryLine(result: LintResult, chalk: InstanceType<typeof Chalk>, hidden: ReporterOptions['hiddenByQuiet']): string {
  const s = result.summary;
  const skipped = s.skipped > 0 ? `, ${s.skipped} skipped` : '';
  const hiddenCounts = hidden ? [hidden.warning > 0 ? plural(hidden.warning, 'warning') : '', hidden.info > 0 ? `${hidden.info} info` : ''].filter(Boolean) : [];
  // Hidden findings still decide the exit status: the summary says they are there.
  const hiddenNote = hiddenCounts.length > 0 ? `; ${hiddenCounts.join(' and ')} hidden by --quiet` : '';
  if (s.findings === 0) {
    if (hiddenNote) return chalk.yellow.bold(`No errors in ${plural(s.files, 'file')}${skipped}${hiddenNote}.`);
    return chalk.green(`No problems found in ${plural(s.files, 'file')}${skipped}.`);
  }
  const counts = `${plural(s.error, 'error')}, ${plural(s.warning, 'warning')}, ${s.info} info`;
  const line = `${plural(s.findings, 'problem')} (${counts}) in ${plural(s.files, 'file')}${skipped}${hiddenNote}.`;
  return s.error > 0 ? chalk.red.bold(line) : chalk.yellow.bold(line);
}

/** For a Dockerfile built in several contexts, the ones a finding holds in (it holds in the others when none is named). */
function contextsNote(contexts: readonly string[] | undefined): string {
  if (!contexts) return '';
  return ` (in build context${contexts.length > 1 ? 's' : ''} ${contexts.map((c) => visible(c)).join(', ')} only)`;
}
