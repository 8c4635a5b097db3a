/**
 * SARIF 2.1.0 as GitHub code scanning reads it (schema/sarif-schema-2.1.0.json):
 * one run, the rules that produced a finding with their generated docs as help,
 * results with content-based fingerprints so alerts keep their identity when
 * unrelated lines move.
 */
import { pathToFileURL } from 'node:url';
import type { Finding } from '../engine/finding.js';
import type { FileKind, Fix, Rule, Severity } from '../engine/rule.js';
import type { Range } from '../model/position.js';
import { SEVERITY_ORDER } from '../engine/rule.js';
import { docsUrl } from '../engine/docs-url.js';
import { packageInfo } from '../io/package-info.js';
import { ruleMarkdown, sortedRules } from '../docs/rule-docs.js';
import type { Reporter } from './reporter.js';
import { contentKeys, sha256 } from './fingerprint.js';

const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/** GitHub code scanning rejects a run with more results than this. */
export const MAX_SARIF_RESULTS = 25_000;

const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = { error: 'error', warning: 'warning', info: 'note' };
/** GitHub turns these into critical/high (≥ 7), medium (≥ 4) and low. */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { error: '8.0', warning: '5.5', info: '3.0' };
const SRCROOT = '%SRCROOT%';

export const sarif: Reporter = (result, options) => {
  const known = new Map(sortedRules(options.rules).map((rule) => [rule.meta.id, rule]));
  const all = result.files.flatMap((file) => {
    const keys = contentKeys(file);
    return file.findings.map((finding, i) => ({ finding, fingerprint: `${sha256(keys[i].key).slice(0, 16)}:${keys[i].occurrence}` }));
  });
  const kept = mostSevere(all, MAX_SARIF_RESULTS);

  const ruleIds = [...new Set(kept.map(({ finding }) => finding.rule))].sort();
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));
  const rules = ruleIds.map((id) => {
    const used = kept.filter(({ finding }) => finding.rule === id).map(({ finding }) => finding);
    const rule = known.get(id);
    return rule ? ruleDescriptor(rule, used) : unknownRuleDescriptor(used[0]);
  });

  const notifications = [
    ...result.files
      .filter((file) => file.skipped)
      .map((file) => ({
        level: 'note',
        message: { text: `${file.path}: not linted: ${file.skipped}` },
        locations: [{ physicalLocation: { artifactLocation: { uri: fileUri(file.path), uriBaseId: SRCROOT } } }],
      })),
    ...result.notes.map((note) => ({ level: 'note', message: { text: note } })),
  ];
  if (kept.length < all.length) {
    notifications.push({
      level: 'warning',
      message: {
        text: `${all.length - kept.length} of ${all.length} results left out: GitHub code scanning accepts at most ${MAX_SARIF_RESULTS} per run (the most severe are kept)`,
      },
    });
  }

  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'dockerlint',
            version: options.toolVersion,
            semanticVersion: options.toolVersion,
            ...(packageInfo.homepage ? { informationUri: packageInfo.homepage } : {}),
            rules,
          },
        },
        automationDetails: { id: automationId(options.sarifCategory) },
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(options.cwd ?? process.cwd()) } },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: true,
            ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        results: kept.map(({ finding, fingerprint }) => ({
          ruleId: finding.rule,
          ruleIndex: ruleIndex.get(finding.rule),
          level: LEVEL[finding.severity],
          message: { text: messageWithAliases(finding) },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: fileUri(finding.path), uriBaseId: SRCROOT },
                region: region(finding),
              },
            },
          ],
          partialFingerprints: { primaryLocationLineHash: fingerprint },
          ...(finding.fix ? { fixes: [sarifFix(finding, finding.fix)] } : {}),
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};

/** The finding's message followed by the peer codes it answers to: `… [DL3008, CKV_DOCKER_3]`. */
function messageWithAliases(finding: Finding): string {
  return finding.aliases.length > 0 ? `${finding.message} [${finding.aliases.join(', ')}]` : finding.message;
}

function ruleDescriptor(rule: Rule, findings: readonly Finding[]) {
  const m = rule.meta;
  const markdown = ruleMarkdown(rule);
  const properties: Record<string, unknown> = { tags: [m.category, ...fileKinds(rule)], precision: 'high' };
  if (m.category === 'security') {
    // The severity the user configured shows in GitHub: the most severe level the rule reported at, else its default.
    properties['security-severity'] = SECURITY_SEVERITY[highest(findings.map((f) => f.severity)) ?? m.severity];
  }
  return {
    id: m.id,
    name: pascalCase(m.id),
    shortDescription: { text: truncate(m.summary, 1024) },
    fullDescription: { text: truncate(unwrap(m.docs.rationale), 1000) },
    help: { text: markdown, markdown },
    helpUri: docsUrl(m.id),
    defaultConfiguration: { level: LEVEL[m.severity] },
    properties,
  };
}

/** A rule not among the ones passed in (a plugin the caller did not list): what the findings tell. */
function unknownRuleDescriptor(finding: Finding) {
  const properties: Record<string, unknown> = { tags: [finding.category] };
  if (finding.category === 'security') properties['security-severity'] = SECURITY_SEVERITY[finding.severity];
  return {
    id: finding.rule,
    name: pascalCase(finding.rule),
    shortDescription: { text: finding.rule },
    helpUri: finding.docs,
    defaultConfiguration: { level: LEVEL[finding.severity] },
    properties,
  };
}

function fileKinds(rule: Rule): FileKind[] {
  const kinds: FileKind[] = [];
  if (rule.checkDockerfile) kinds.push('dockerfile');
  if (rule.checkDockerignore) kinds.push('dockerignore');
  if (rule.checkRequirements) kinds.push('requirements');
  if (rule.checkManifest) kinds.push('pyproject', 'pipfile', 'conda-environment');
  if (rule.checkCompose) kinds.push('compose');
  return kinds;
}

/**
 * A fix as SARIF has it: an artifactChange on the finding's file, a replacement per edit (an insertion deletes an
 * empty region), and one per file it creates. Code scanning shows it as the suggested change.
 */
function sarifFix(finding: Finding, fix: Fix) {
  return {
    description: { text: `${fix.description} (${fix.applicability} fix)` },
    artifactChanges: [
      ...(fix.edits.length > 0
        ? [
            {
              artifactLocation: { uri: fileUri(finding.path), uriBaseId: SRCROOT },
              replacements: fix.edits.map((edit) => ({ deletedRegion: rangeRegion(edit.range), insertedContent: { text: edit.text } })),
            },
          ]
        : []),
      // A new file: its whole text inserted at its start.
      ...(fix.create ?? []).map((file) => ({
        artifactLocation: { uri: fileUri(file.path), uriBaseId: SRCROOT },
        replacements: [{ deletedRegion: { charOffset: 0, charLength: 0 }, insertedContent: { text: file.text } }],
      })),
    ],
  };
}

function region(finding: Finding) {
  return rangeRegion(finding.range);
}

function rangeRegion(range: Range) {
  const { start, end } = range;
  const endLine = Math.max(start.line, end.line);
  const endColumn = endLine === start.line ? Math.max(start.column, end.column) : Math.max(1, end.column);
  return { startLine: start.line, startColumn: start.column, endLine, endColumn };
}

/** Keeps at most `limit` entries, the most severe first, in their original order. */
function mostSevere<T extends { finding: Finding }>(entries: readonly T[], limit: number): T[] {
  if (entries.length <= limit) return [...entries];
  const keep = new Set(
    entries
      .map((entry, i) => ({ entry, i }))
      .sort((a, b) => SEVERITY_ORDER[b.entry.finding.severity] - SEVERITY_ORDER[a.entry.finding.severity] || a.i - b.i)
      .slice(0, limit)
      .map(({ i }) => i),
  );
  return entries.filter((_, i) => keep.has(i));
}

function highest(severities: readonly Severity[]): Severity | undefined {
  return severities.reduce<Severity | undefined>((a, b) => (a === undefined || SEVERITY_ORDER[b] > SEVERITY_ORDER[a] ? b : a), undefined);
}

function automationId(category = 'dockerlint'): string {
  return category.endsWith('/') ? category : `${category}/`;
}

/** A relative path as a URI reference: `/` separators, each segment percent-encoded (spaces, non-ASCII, `#`, `?`). */
function fileUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}

function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('');
}


/** Joins the hard-wrapped lines of each paragraph: plain text, as fullDescription is shown. */
function unwrap(markdown: string): string {
  return markdown.trim().replace(/([^\n])\n(?!\n)/g, '$1 ');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

