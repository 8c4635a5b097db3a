/** Deliberate differences of `prefer-copy` from hadolint; see that rule's docs. */
import { addSources } from '../../src/model/copies.js';
import type { Difference, Disagreement } from './difference.js';

/** The archive names hadolint knows, matched as it does: case-sensitive suffixes. */
const HADOLINT_ARCHIVE = /\.(tar|Z|bz2|gz|lz|lzma|tZ|tb2|tbz|tbz2|tgz|tlz|tpz|txz|xz)$/;
const ARCHIVE_ANY_CASE = new RegExp(HADOLINT_ARCHIVE.source, 'i');
const URL = /^https?:\/\//;
const GIT = /^(git@|git:\/\/|ssh:\/\/)/i;

export const differences: readonly Difference[] = [
  {
    code: 'DL3020',
    side: 'hadolint',
    rule: 'prefer-copy',
    reason: 'source written with a variable: its ARG/ENV value is a URL or an archive, or it is unknown',
    matches: (d) => hadolintLocalSources(d)?.every((s) => s.includes('$')) ?? false,
  },
  {
    code: 'DL3020',
    side: 'hadolint',
    rule: 'prefer-copy',
    reason: 'Git source (`git@…`), which only `ADD` can fetch',
    matches: (d) => hadolintLocalSources(d)?.every((s) => GIT.test(s)) ?? false,
  },
  {
    code: 'DL3020',
    side: 'hadolint',
    rule: 'prefer-copy',
    reason: 'archive whose extension is not in lower case (`bundle.TGZ`)',
    matches: (d) => hadolintLocalSources(d)?.every((s) => !s.includes('$') && ARCHIVE_ANY_CASE.test(s)) ?? false,
  },
];

/** The ADD's sources that hadolint takes for local files: neither an http(s) URL nor named like an archive. */
function hadolintLocalSources(d: Disagreement): string[] | undefined {
  if (d.instruction?.keyword !== 'ADD') return undefined;
  const local = addSources(d.instruction)
    .map((w) => w.unquoted)
    .filter((s) => !URL.test(s) && !HADOLINT_ARCHIVE.test(s));
  return local.length > 0 ? local : undefined;
}
