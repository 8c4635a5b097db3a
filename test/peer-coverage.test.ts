/** Every hadolint and BuildKit check is claimed by a rule's aliases or left out with a reason (docs/peer-coverage.md). */
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { generatedDocs } from '../src/docs/rule-docs.js';
import { peerCodes, peerCodesOf, rulesCovering } from '../src/peers/codes.js';

describe('peer coverage', () => {
  it('lists every hadolint rule of v2.15.1, the removed codes, and every BuildKit check', () => {
    const hadolint = peerCodesOf('hadolint');
    expect(hadolint.filter((p) => !p.deprecated)).toHaveLength(71);
    expect(hadolint.filter((p) => p.deprecated).map((p) => p.code)).toEqual(['DL3005', 'DL3017', 'DL3031', 'DL3039']);
    expect(hadolint.every((p) => /^DL\d{4}$/.test(p.code))).toBe(true);
    expect(peerCodesOf('buildkit')).toHaveLength(22);
    const codes = peerCodes.map((p) => p.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const peer of peerCodes) expect(peer.description.length, peer.code).toBeGreaterThan(10);
  });

  it('every hadolint and BuildKit code is an alias of a rule or has a notCovered reason', () => {
    const uncovered = peerCodes.filter((p) => !p.notCovered && rulesCovering(p.code, rules).length === 0).map((p) => p.code);
    expect(uncovered, `no rule has these codes in meta.aliases: ${uncovered.join(', ')}`).toEqual([]);
  });

  it('a code left out on purpose is not also claimed by a rule', () => {
    const both = peerCodes.filter((p) => p.notCovered && rulesCovering(p.code, rules).length > 0).map((p) => p.code);
    expect(both).toEqual([]);
  });

  it('every hadolint or BuildKit alias of a rule is a known peer code', () => {
    const known = new Set(peerCodes.map((p) => p.code));
    const unknown = rules.flatMap(({ meta }) =>
      meta.aliases.filter((a) => (/^DL\d+$/.test(a) || /^[A-Z][a-zA-Z]+$/.test(a)) && !known.has(a)).map((a) => `${meta.id}: ${a}`),
    );
    expect(unknown).toEqual([]);
  });

  it('docs/peer-coverage.md is generated', () => {
    const files = generatedDocs('', rules);
    expect(files.has('docs/peer-coverage.md')).toBe(true);
    const page = files.get('docs/peer-coverage.md')!;
    for (const peer of peerCodes) expect(page, peer.code).toContain(`\`${peer.code}\``);
  });
});

describe('parity differences (scripts/parity/)', () => {
  it('each names a rule that carries its code and explains differences in its docs', async () => {
    const { differences } = await import('../scripts/parity/index.js');
    const byId = new Map(rules.map((r) => [r.meta.id, r.meta]));
    const wrong = differences.flatMap((d) => {
      const meta = byId.get(d.rule);
      if (!meta) return [`${d.code} ${d.reason}: no rule ${d.rule}`];
      const problems: string[] = [];
      if (!meta.aliases.includes(d.code)) problems.push(`${d.rule} has no alias ${d.code}`);
      if (!meta.docs.differences?.trim()) problems.push(`${d.rule} has no docs.differences`);
      if (!/^DL\d{4}$/.test(d.code)) problems.push(`${d.code} is not a DL code`);
      if (d.reason.trim().length < 10) problems.push(`${d.code}: reason too short`);
      return problems;
    });
    expect(wrong).toEqual([]);
    expect(differences.length).toBeGreaterThan(0);
    const keys = differences.map((d) => `${d.code} ${d.side} ${d.reason}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
