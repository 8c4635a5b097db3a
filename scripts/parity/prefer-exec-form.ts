/** Deliberate differences of `prefer-exec-form` from hadolint; see that rule's docs. */
import { execsOneCommand, jsonArray } from '../../src/model/exec-form.js';
import type { Difference, Disagreement } from './difference.js';

export const differences: readonly Difference[] = [
  {
    code: 'DL3025',
    side: 'hadolint',
    rule: 'prefer-exec-form',
    reason: '`CMD exec ...`: the shell replaces itself with the application, which gets the signals',
    matches: (d) => d.instruction?.keyword === 'CMD' && singleExec(d),
  },
  {
    code: 'DL3025',
    side: 'hadolint',
    rule: 'prefer-exec-form',
    reason: 'valid JSON array that hadolint misreads as shell form (escaped backslash before a quote; escaped quote under a backtick escape)',
    matches: (d) => isCmdOrEntrypoint(d) && (d.instruction?.execForm !== undefined || jsonArrayKind(d) === 'strings'),
  },
  {
    code: 'DL3025',
    side: 'dockerlint',
    rule: 'prefer-exec-form',
    reason: 'invalid JSON array with an unknown backslash escape (`"C:\\Ruby\\bin"`), which hadolint reads as exec form',
    matches: (d) => isCmdOrEntrypoint(d) && jsonArrayKind(d) === 'invalid' && /\\[^\\"/bfnrtu]/.test(d.instruction?.argsText ?? ''),
  },
  {
    code: 'DL3025',
    side: 'hadolint',
    rule: 'prefer-exec-form',
    reason: 'JSON array holding something other than strings: a build error, reported by invalid-instruction',
    matches: (d) => isCmdOrEntrypoint(d) && jsonArrayKind(d) === 'other',
  },
];

function isCmdOrEntrypoint(d: Disagreement): boolean {
  return d.instruction?.keyword === 'CMD' || d.instruction?.keyword === 'ENTRYPOINT';
}

/** A shell-form script that is one `exec ...` command. */
function singleExec(d: Disagreement): boolean {
  return d.instruction !== undefined && d.instruction.execForm === undefined && execsOneCommand(d.instruction);
}

/** What the instruction's arguments are as JSON: an array of strings, another array, or not a JSON array. */
function jsonArrayKind(d: Disagreement): 'strings' | 'other' | 'invalid' | undefined {
  const text = d.instruction?.argsText.trim() ?? '';
  if (!text.startsWith('[')) return undefined;
  const array = jsonArray(text);
  if (!array) return 'invalid';
  return array.every((v) => typeof v === 'string') ? 'strings' : 'other';
}
