/**
 * Rule documentation, generated from each rule's metadata: `docs/rules/<id>.md`,
 * the README's rules table, `dockerlint rules` and `dockerlint explain`. The caller
 * gives the rules it describes.
 */
import type { Rule, RuleMeta, RuleSection } from '../engine/rule.js';
import { docsUrl } from '../engine/docs-url.js';
import { peerCoverageMarkdown } from '../peers/codes.js';

export function findRule(idOrAlias: string, rules: readonly Rule[]): Rule | undefined {
  const wanted = idOrAlias.toLowerCase();
  return (
    rules.find((r) => r.meta.id === wanted) ??
    rules.find((r) => r.meta.aliases.some((a) => a.toLowerCase() === wanted))
  );
}

export function ruleMarkdown(rule: Rule): string {
  const m = rule.meta;
  const kind = m.docs.exampleKind ?? 'dockerfile';
  const fence = kind === 'dockerfile' ? 'dockerfile' : kind === 'requirements' ? 'text' : kind === 'pyproject' || kind === 'pipfile' ? 'toml' : kind === 'conda-environment' ? 'yaml' : 'gitignore';
  const out = [
    `# ${m.id}`,
    '',
    `${m.summary}.`,
    '',
    '| | |',
    '| --- | --- |',
    `| Severity | ${m.severity} |`,
    `| Category | ${m.category} |`,
    `| Aliases | ${m.aliases.length > 0 ? m.aliases.map((a) => `\`${a}\``).join(', ') : '–'} |`,
    `| Fixable | ${fixKinds(m) ?? 'no'} |`,
    '',
    '## Why',
    '',
    m.docs.rationale.trim(),
    '',
    '## Bad',
    '',
    ...(m.docs.badEncoding === 'utf-16le' ? ['Saved as UTF-16 (little-endian, with a byte order mark):', ''] : []),
    `\`\`\`${fence}`,
    m.docs.bad.trim(),
    '```',
    '',
    ...exampleFilesMarkdown(m.docs.badFiles),
    '## Good',
    '',
    `\`\`\`${fence}`,
    m.docs.good.trim(),
    '```',
    '',
    ...exampleFilesMarkdown(m.docs.goodFiles),
  ];
  if (m.options && Object.keys(m.options).length > 0) {
    out.push('## Options', '', '| option | type | default | meaning |', '| --- | --- | --- | --- |');
    for (const [name, option] of Object.entries(m.options)) {
      out.push(`| \`${name}\` | ${option.type} | \`${JSON.stringify(option.default)}\` | ${option.description} |`);
    }
    out.push('', `Set them in the config: \`"rules": { "${m.id}": ["${m.severity}", { ${Object.keys(m.options).map((k) => `"${k}": ...`).join(', ')} }] }\`.`, '');
  }
  if (m.fix?.safe || m.fix?.unsafe) {
    out.push('## Fix', '');
    if (m.fix.safe) out.push(`Safe (\`--fix\` applies it): ${m.fix.safe.trim()}`, '');
    if (m.fix.unsafe) out.push(`Unsafe (applied only with \`--fix --unsafe-fixes\`): ${m.fix.unsafe.trim()}`, '');
  }
  if (m.docs.notes) out.push('## Notes', '', m.docs.notes.trim(), '');
  if (m.docs.differences) out.push('## Differences from peers', '', m.docs.differences.trim(), '');
  out.push('## Suppress', '', `\`\`\`dockerfile`, `# dockerlint ignore=${m.id}`, '```', '');
  return out.join('\n');
}

/** The other files of an example's build context, each under its name, as the example is linted with them. */
function exampleFilesMarkdown(files: Readonly<Record<string, string>> | undefined): string[] {
  return Object.entries(files ?? {}).flatMap(([path, text]) => [
    `With \`${path}\` in the build context:`,
    '',
    `\`\`\`${/\.(json|ipynb)$/.test(path) ? 'json' : path.endsWith('.dockerignore') ? 'gitignore' : 'text'}`,
    text.trim(),
    '```',
    '',
  ]);
}

/** The headings of the README's sections of rules (RuleMeta.section), with what they say about their rules. */
const SECTIONS: Readonly<Record<RuleSection, string>> = {
  'ml-images': `### Machine-learning images: checks no other Dockerfile linter has

hadolint, BuildKit's checks, Trivy and Checkov have none of these: they follow the packages an image installs into
the manifests it reads and hold them against the base image (its CUDA, its Python, its system libraries).`,
};

/** The kinds of fix a rule offers, as the docs and the README's table say them: `safe`, `unsafe`, `safe, unsafe`. */
function fixKinds(m: RuleMeta): string | undefined {
  if (!m.fixable) return undefined;
  const kinds = [m.fix?.safe ? 'safe' : '', m.fix?.unsafe ? 'unsafe' : ''].filter(Boolean);
  return kinds.length > 0 ? kinds.join(', ') : 'yes';
}

export function rulesTable(rules: readonly Rule[]): string {
  const table = (list: readonly Rule[]) => {
    const rows = ['| rule | severity | category | aliases | fix | what it finds |', '| --- | --- | --- | --- | --- | --- |'];
    for (const rule of list) {
      const m = rule.meta;
      rows.push(`| [\`${m.id}\`](docs/rules/${m.id}.md) | ${m.severity} | ${m.category} | ${m.aliases.join(', ') || '–'} | ${fixKinds(m) ?? '–'} | ${m.summary} |`);
    }
    return rows.join('\n');
  };
  const sorted = sortedRules(rules);
  const parts = [table(sorted.filter((r) => r.meta.section === undefined))];
  for (const [section, heading] of Object.entries(SECTIONS) as [RuleSection, string][]) {
    const list = sorted.filter((r) => r.meta.section === section);
    if (list.length > 0) parts.push(`${heading}\n\n${table(list)}`);
  }
  return parts.join('\n\n');
}

export function sortedRules(rules: readonly Rule[]): Rule[] {
  return [...rules].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1));
}

export function listRules(format: 'text' | 'json', rules: readonly Rule[]): string {
  const sorted = sortedRules(rules);
  if (format === 'json') {
    return `${JSON.stringify(
      sorted.map(({ meta }) => ({
        id: meta.id,
        aliases: meta.aliases,
        severity: meta.severity,
        category: meta.category,
        summary: meta.summary,
        fixable: meta.fixable,
        ...(meta.fix ? { fix: { ...(meta.fix.safe ? { safe: true } : {}), ...(meta.fix.unsafe ? { unsafe: true } : {}) } } : {}),
        docs: docsUrl(meta.id),
        options: meta.options ?? {},
      })),
      null,
      2,
    )}\n`;
  }
  const width = Math.max(...sorted.map((r) => r.meta.id.length));
  return `${sorted
    .map(({ meta }) => `${meta.id.padEnd(width)}  ${meta.severity.padEnd(7)}  ${meta.category.padEnd(15)}  ${meta.summary}${meta.aliases.length ? ` [${meta.aliases.join(', ')}]` : ''}`)
    .join('\n')}\n`;
}

export function explainRule(idOrAlias: string, rules: readonly Rule[]): string | undefined {
  const rule = findRule(idOrAlias, rules);
  return rule ? `${ruleMarkdown(rule)}\nOnline: ${docsUrl(rule.meta.id)}\n` : undefined;
}

const TABLE_START = '<!-- rules:start (generated by npm run docs) -->';
const TABLE_END = '<!-- rules:end -->';

/**
 * Every generated documentation file, by path relative to the repository root,
 * with the content it must have. `readme` is the current README, whose rules
 * table is replaced.
 */
export function generatedDocs(readme: string, rules: readonly Rule[]): Map<string, string> {
  const files = new Map<string, string>();
  for (const rule of sortedRules(rules)) files.set(`docs/rules/${rule.meta.id}.md`, ruleMarkdown(rule));
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start >= 0 && end > start) {
    files.set('README.md', `${readme.slice(0, start + TABLE_START.length)}\n${rulesTable(rules)}\n${readme.slice(end)}`);
  }
  files.set('docs/peer-coverage.md', peerCoverageMarkdown(rules));
  return files;
}
