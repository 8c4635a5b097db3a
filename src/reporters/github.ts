/**
 * GitHub Actions workflow commands: one `::error`/`::warning`/`::notice`
 * annotation per finding, most severe first because GitHub shows only the first
 * 10 of each level per step (50 per job), then a plain summary line. Also the
 * Markdown job summary for `$GITHUB_STEP_SUMMARY`.
 */
import type { Finding, LintResult } from '../engine/finding.js';
import type { Severity } from '../engine/rule.js';
import { SEVERITY_ORDER } from '../engine/rule.js';
import { comparePositions } from '../model/position.js';
import type { Reporter, ReporterOptions } from './reporter.js';
import { randomUUID } from 'node:crypto';
import { visible } from './visible.js';

/** Annotations GitHub shows per level in one step; the rest stay in the log only. */
const ANNOTATIONS_PER_LEVEL = 10;
const ANNOTATIONS_PER_JOB = 50;
/** GitHub's limit for one step's job summary. */
export const JOB_SUMMARY_BYTES = 1024 * 1024;

const COMMAND: Readonly<Record<Severity, 'error' | 'warning' | 'notice'>> = { error: 'error', warning: 'warning', info: 'notice' };

export const github: Reporter = (result) => {
  const findings = result.files
    .flatMap((file, fileIndex) => file.findings.map((finding) => ({ finding, fileIndex })))
    .sort(
      (a, b) =>
        SEVERITY_ORDER[b.finding.severity] - SEVERITY_ORDER[a.finding.severity] ||
        a.fileIndex - b.fileIndex ||
        comparePositions(a.finding.range.start, b.finding.range.start),
    )
    .map(({ finding }) => finding);
  const lines = findings.map(annotation);
  lines.push(summaryLine(result));
  return `${lines.join('\n')}\n`;
};

function annotation(f: Finding): string {
  const { start, end } = f.range;
  const properties: [string, string | number][] = [
    ['file', f.path],
    ['line', start.line],
    ['endLine', Math.max(start.line, end.line)],
  ];
  // GitHub reads columns only when the annotation spans one line.
  if (end.line <= start.line) properties.push(['col', start.column], ['endColumn', Math.max(start.column, end.column)]);
  properties.push(['title', visible(f.aliases.length > 0 ? `${f.rule} (${f.aliases.join(', ')})` : f.rule)]);
  const props = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',');
  return `::${COMMAND[f.severity]} ${props}::${escapeData(visible(f.message))}`;
}

function summaryLine(result: LintResult): string {
  const s = result.summary;
  const skipped = s.skipped > 0 ? `, ${s.skipped} skipped` : '';
  if (s.findings === 0) return `dockerlint: no problems found in ${plural(s.files, 'file')}${skipped}.`;
  const line = `dockerlint: ${plural(s.findings, 'problem')} (${plural(s.error, 'error')}, ${plural(s.warning, 'warning')}, ${s.info} info) in ${plural(s.files, 'file')}${skipped}.`;
  const hidden = (['error', 'warning', 'info'] as const)
    .map((level) => ({ level, n: Math.max(0, s[level] - ANNOTATIONS_PER_LEVEL) }))
    .filter(({ n }) => n > 0)
    .map(({ level, n }) => plural(n, COMMAND[level]));
  if (hidden.length === 0) return line;
  return `${line} GitHub shows at most ${ANNOTATIONS_PER_LEVEL} annotations of each level per step (${ANNOTATIONS_PER_JOB} per job), so ${hidden.join(', ')} will not be shown as annotations; all are listed above.`;
}

/**
 * Log text that the runner must not read as workflow commands, whatever it holds
 * (a report that quotes linted files): between `::stop-commands::TOKEN` and
 * `::TOKEN::` the runner runs no command, and the random token cannot be
 * guessed by a file written before the run.
 */
export function withoutWorkflowCommands(text: string): string {
  if (text === '') return text;
  const token = `dockerlint-${randomUUID()}`;
  return `::stop-commands::${token}\n${text}${text.endsWith('\n') ? '' : '\n'}::${token}::\n`;
}

/** As @actions/core escapes a command's message: the command stays on one line. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** As @actions/core escapes a property value: also `:` and `,`, which end a value. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** The Markdown job summary: totals, then a table of findings per file; cut with a note before GitHub's 1 MiB limit. */
export function jobSummary(result: LintResult, options: ReporterOptions): string {
  const s = result.summary;
  const head = [`## dockerlint ${options.toolVersion}`, ''];
  const skipped = s.skipped > 0 ? `, ${s.skipped} skipped` : '';
  head.push(
    s.findings === 0
      ? `No problems found in ${plural(s.files, 'file')}${skipped}.`
      : `**${plural(s.findings, 'problem')}** (${plural(s.error, 'error')}, ${plural(s.warning, 'warning')}, ${s.info} info) in ${plural(s.files, 'file')}${skipped}.`,
    '',
  );

  const budget = JOB_SUMMARY_BYTES - 1024; // room for the truncation note
  let size = bytes(head.join('\n'));
  const out = [...head];
  const add = (chunk: string): boolean => {
    const n = bytes(chunk) + 1;
    if (size + n > budget) return false;
    out.push(chunk);
    size += n;
    return true;
  };

  const total = result.files.reduce((n, f) => n + f.findings.length, 0);
  let shown = 0;
  let full = false;
  for (const file of result.files.filter((f) => f.findings.length > 0)) {
    if (!add(`### ${inline(file.path)}\n\n| Line | Severity | Rule | Message |\n| ---: | --- | --- | --- |`)) break;
    for (const f of file.findings) {
      if (!add(row(f))) {
        full = true;
        break;
      }
      shown++;
    }
    if (full || !add('')) break;
  }
  const skippedFiles = result.files.filter((f) => f.skipped);
  if (shown === total && skippedFiles.length > 0) {
    add('### Not linted\n');
    for (const file of skippedFiles) if (!add(`- ${inline(file.path)}: ${inline(file.skipped ?? '')}`)) break;
  }
  if (shown < total) {
    out.push('', `_${total - shown} more ${total - shown === 1 ? 'problem is' : 'problems are'} not listed here: a job summary is limited to 1 MiB. The full report is in the step's log._`);
  }
  return `${out.join('\n')}\n`;
}

function row(f: Finding): string {
  const rule = `[${inline(f.rule)}](${f.docs.replace(/[()\s]/g, encodeURIComponent)})${f.aliases.length > 0 ? ` (${inline(f.aliases.join(', '))})` : ''}`;
  return `| ${f.range.start.line}:${f.range.start.column} | ${f.severity} | ${rule} | ${inline(f.message)} |`;
}

const MARKDOWN_SPECIAL: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r\n': '<br>', '\n': '<br>', '\r': '<br>' };

/** Text shown as is in a Markdown table cell or heading: no markup, no HTML, no cell break, no line break. */
function inline(text: string): string {
  return text.replace(/\r\n|[\r\n&<>]|[\\`*_[\]|~#!]/g, (c) => MARKDOWN_SPECIAL[c] ?? `\\${c}`);
}

function bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
