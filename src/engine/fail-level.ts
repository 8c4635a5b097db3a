import type { FailLevel } from '../config/config.js';
import type { LintResult } from './finding.js';
import { SEVERITY_ORDER, type Severity } from './rule.js';

/** True when a finding is at or above the fail level: the run should exit 1. */
export function failsAt(result: LintResult, level: FailLevel): boolean {
  if (level === 'none') return false;
  const threshold = SEVERITY_ORDER[level as Severity];
  return result.files.some((f) => f.findings.some((x) => SEVERITY_ORDER[x.severity] >= threshold));
}
