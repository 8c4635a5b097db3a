/**
 * Which peer codes a finding answers to, for settings (`--rule DL3026=off`, a hadolint config's `ignored`) and
 * pragmas (`# hadolint global ignore=DL3026`). A finding carries the codes of the peers that report the same
 * thing (its `aliases`); where a peer would stay silent (official-base-image with no trusted registries, which
 * hadolint's DL3026 does not check; mutable-tag on `python:slim`, which DL3007 does not see), a user who turned
 * that peer's code off still means the rule: so a finding with none of one peer's codes answers to all of its
 * rule's codes of that peer. A finding that answers to one of them (apt's DL3014 in non-interactive-install)
 * keeps only that one, so that silencing DL3014 leaves yum's DL3030 findings alone.
 */
export function codesOf(reported: readonly string[], ruleAliases: readonly string[]): readonly string[] {
  if (ruleAliases.length === 0 || ruleAliases === reported) return reported;
  const answered = new Set(reported.map(peerOf));
  const extra = ruleAliases.filter((code) => !answered.has(peerOf(code)));
  return extra.length === 0 ? reported : [...reported, ...extra];
}

/** The tool a peer code belongs to, by its shape: DL3008 (hadolint), SC2086, DS-0002 (Trivy), CKV_DOCKER_2, JSONArgsRecommended. */
function peerOf(code: string): string {
  // BuildKit's check names are words; every other peer numbers its checks after a letter prefix.
  if (!/\d/.test(code)) return 'buildkit';
  return /^[A-Za-z]+/.exec(code)?.[0] ?? code;
}
