/**
 * GitLab Code Quality (a subset of the Code Climate issue format): a JSON array
 * that GitLab shows in merge requests. Fingerprints come from content, not line
 * numbers, so an issue keeps its identity when unrelated lines move.
 */
import type { Category, Severity } from '../engine/rule.js';
import type { Reporter } from './reporter.js';
import { contentKeys, sha256 } from './fingerprint.js';

const SEVERITY: Readonly<Record<Severity, 'critical' | 'major' | 'info'>> = { error: 'critical', warning: 'major', info: 'info' };

/** Code Climate's categories. */
const CATEGORY: Readonly<Record<Category, string>> = {
  correctness: 'Bug Risk',
  security: 'Security',
  reproducibility: 'Bug Risk',
  'build-cache': 'Performance',
  'image-size': 'Performance',
  maintainability: 'Clarity',
  style: 'Style',
};

export const gitlab: Reporter = (result) => {
  const issues = result.files.flatMap((file) => {
    const keys = contentKeys(file);
    return file.findings.map((f, i) => ({
      type: 'issue',
      check_name: f.rule,
      description: f.aliases.length > 0 ? `${f.message} [${f.aliases.join(', ')}]` : f.message,
      categories: [CATEGORY[f.category] ?? 'Bug Risk'], // a plugin's category may be unknown
      severity: SEVERITY[f.severity],
      fingerprint: sha256([file.path, keys[i].key, keys[i].occurrence].join('\u0000')),
      location: { path: f.path, lines: { begin: f.range.start.line, end: Math.max(f.range.start.line, f.range.end.line) } },
    }));
  });
  return `${JSON.stringify(issues, null, 2)}\n`;
};
