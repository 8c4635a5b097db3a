/** Hover on a finding: the rule's summary, rationale and fix, from the metadata its documentation is generated from. */
import type { MarkupContent } from 'vscode-languageserver/node';
import type { Finding } from '../engine/finding.js';
import type { Rule } from '../engine/rule.js';

/** The hover text of the findings under the cursor (Markdown), or undefined when there are none. */
export function hoverMarkdown(findings: readonly Finding[], rules: readonly Rule[]): MarkupContent | undefined {
  if (findings.length === 0) return undefined;
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const finding of findings) {
    parts.push(`**${finding.rule}** (${finding.severity}): ${finding.message}`);
    if (seen.has(finding.rule)) continue;
    seen.add(finding.rule);
    const meta = rules.find((r) => r.meta.id === finding.rule)?.meta;
    if (!meta) {
      parts.push(`[Documentation](${finding.docs})`);
      continue;
    }
    const fix =
      finding.fix === undefined
        ? undefined
        : finding.fix.applicability === 'safe'
          ? `**Fix** (safe): ${finding.fix.description}. ${meta.fix?.safe ?? ''}`
          : `**Fix** (unsafe, not applied by fix-all): ${finding.fix.description}. ${meta.fix?.unsafe ?? ''}`;
    parts.push([`*${meta.summary}.*`, meta.docs.rationale.trim(), fix, `[Documentation](${finding.docs})`].filter(Boolean).join('\n\n'));
  }
  return { kind: 'markdown', value: parts.join('\n\n---\n\n') };
}
