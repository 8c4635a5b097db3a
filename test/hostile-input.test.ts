/**
 * Inputs written to hurt: expansion bombs and nesting deep enough to overflow a recursive walk. Each must
 * lint normally, quickly, with ranges inside the file, and give the findings a small file of the same
 * shape gives; and the same input must give the same result every time in one process.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lintText } from '../src/index.js';
import type { Finding } from '../src/engine/finding.js';
import { parseDockerfile } from '../src/model/dockerfile.js';
import { loadShellParser } from '../src/model/shell-parser.js';
import { expandVariables, MAX_EXPANDED_LENGTH, variableReferences } from '../src/model/variables.js';

const root = join(import.meta.dirname, '..');
/** Generous: these take well under a second on a quiet machine. */
const TIME_LIMIT_MS = 5000;

async function lintTimed(text: string): Promise<{ findings: readonly Finding[]; notes: readonly string[]; ms: number }> {
  const start = performance.now();
  const result = await lintText(text, { config: false, ruleSettings: { shellcheck: 'off' } });
  return { findings: result.files[0].findings, notes: result.notes, ms: performance.now() - start };
}

/** Every range lies inside the file: real lines, columns up to the line's end, end not before start. */
function expectRangesInside(text: string, findings: readonly Finding[]): void {
  const lines = text.split(/\r\n|\r|\n/);
  for (const { range, rule } of findings) {
    const where = `${rule} ${JSON.stringify(range)}`;
    for (const p of [range.start, range.end]) {
      expect(p.line, where).toBeGreaterThanOrEqual(1);
      expect(p.line, where).toBeLessThanOrEqual(lines.length);
      expect(p.column, where).toBeGreaterThanOrEqual(1);
      expect(p.column, where).toBeLessThanOrEqual(lines[p.line - 1].length + 1);
    }
    const endBeforeStart = range.end.line < range.start.line || (range.end.line === range.start.line && range.end.column < range.start.column);
    expect(endBeforeStart, where).toBe(false);
  }
}

/** Rule and start of each finding, with lines counted from the end of the file (the bombs add lines in the middle). */
function shape(text: string, findings: readonly Finding[]): string[] {
  const lastLine = text.split('\n').length;
  return findings.map((f) => {
    const line = f.range.start.line;
    return `${f.rule}@${line <= 2 ? line : line - lastLine}:${f.range.start.column}`;
  });
}

/** Lints the hostile `size` and a small `size`, and expects the same findings, in time and inside the file. */
async function expectLikeSmall(make: (n: number) => string, size: number, small = 2): Promise<readonly Finding[]> {
  const text = make(size);
  const hostile = await lintTimed(text);
  expect(hostile.ms).toBeLessThan(TIME_LIMIT_MS);
  expect(hostile.notes).toEqual([]);
  expectRangesInside(text, hostile.findings);
  const reference = make(small);
  const expected = await lintTimed(reference);
  expect(shape(text, hostile.findings)).toEqual(shape(reference, expected.findings));
  return hostile.findings;
}

const bombs = {
  /** `ARG A=$A$A...` (106 bytes) took 9.8 s and 2.1 GB: FROM validation re-expanded the value five times. */
  selfReference: (n: number) => `ARG A=${'$A'.repeat(n)}\nFROM alpine:3.20$A\nUSER app\n`,
  /** Each line doubles the value: 2^45 characters. */
  doublingArg: (n: number) => `ARG A=x\n${'ARG A=$A$A\n'.repeat(n)}FROM alpine:3.20\nUSER app\n`,
  doublingEnv: (n: number) => `FROM alpine:3.20\nENV A=x\n${'ENV A=$A$A\n'.repeat(n)}RUN echo "$A"\nUSER app\n`,
  nestedDefault: (n: number) => `ARG B=${'${A:-'.repeat(n)}3.20${'}'.repeat(n)}\nFROM alpine:$B\nUSER app\n`,
};

const nesting = {
  /** 752 nested `$(` (2.3 KB) overflowed the stack, or did not, depending on V8's optimization of the walk. */
  substitutions: (n: number) => `FROM alpine:3.20\nRUN echo ${'a$(echo '.repeat(n)}x${')'.repeat(n)}\nUSER app\n`,
  /** 2,510 `&&` commands (30 KB): tree-sitter's list is left-nested, as deep as the chain is long. */
  andChain: (n: number) => `FROM alpine:3.20\nRUN ${Array(n).fill('apt-get install -y curl').join(' && ')}\nUSER app\n`,
  /** 3,000 nested `${A:-`. */
  defaults: (n: number) => `FROM alpine:3.20\nRUN echo ${'${A:-'.repeat(n)}x${'}'.repeat(n)}\nUSER app\n`,
  unclosedSubstitutions: (n: number) => `FROM alpine:3.20\nRUN ${'$('.repeat(n)}\nUSER app\n`,
  subshells: (n: number) => `FROM alpine:3.20\nRUN ${'('.repeat(n)}true${')'.repeat(n)} && echo\nUSER app\n`,
  ifs: (n: number) => `FROM alpine:3.20\nRUN ${'if a; then '.repeat(n)}b${'; fi'.repeat(n)}\nUSER app\n`,
  pipedChain: (n: number) => `FROM alpine:3.20\nRUN a | ${Array(n).fill('b').join(' && ')}\nUSER app\n`,
};

beforeAll(async () => {
  await loadShellParser();
});

describe('expansion bombs', () => {
  it('ARG A=$A$A... then FROM ...$A lints quickly, like the two-reference file', async () => {
    await expectLikeSmall(bombs.selfReference, 45);
    await expectLikeSmall(bombs.selfReference, 13_000);
  });

  it('ARG A=$A$A doubling on 45 lines lints quickly, like the two-line file', async () => {
    await expectLikeSmall(bombs.doublingArg, 45);
  });

  it('ENV A=$A$A doubling on 45 lines lints quickly, like the two-line file', async () => {
    await expectLikeSmall(bombs.doublingEnv, 45);
  });

  it('3,000 and 30,000 nested ${A:-...} in a global ARG lint quickly; the image is unknown, not invalid', async () => {
    for (const size of [3000, 30_000]) {
      const text = bombs.nestedDefault(size);
      const { findings, notes, ms } = await lintTimed(text);
      expect(ms).toBeLessThan(TIME_LIMIT_MS);
      expect(notes).toEqual([]);
      expectRangesInside(text, findings);
      // Two levels give alpine:3.20 (eol-base-image); too deep to expand, the tag is not known.
      expect(findings.map((f) => f.rule)).toEqual(['numeric-user']);
    }
  });

  it('10,000 ENV lines of distinct names (170 KB, out of memory at 4 GB when each instruction kept a copy) lint quickly', async () => {
    let text = 'FROM alpine:3.20\n';
    for (let i = 0; i < 10_000; i++) text += `ENV A${i}=\${A${i >> 1}}x\n`;
    text += 'RUN echo "$A9999"\nUSER app\n';
    const { findings, notes, ms } = await lintTimed(text);
    expect(ms).toBeLessThan(TIME_LIMIT_MS);
    expect(notes).toEqual([]);
    expectRangesInside(text, findings);
    const variables = parseDockerfile(text, 'Dockerfile').instructions.at(-2)!.variables;
    expect(variables.size).toBe(10_000);
    expect([...variables.keys()].slice(0, 3)).toEqual(['A0', 'A1', 'A2']);
    // A7 = ${A3}x = ${A1}xx = ${A0}xxx, and A0 = ${A0}x with A0 not yet set.
    expect(variables.get('A7')).toBe('${A0}xxxx');
  });

  it('20,000 references to undefined names among 20,000 names in scope lint quickly', async () => {
    let text = 'FROM alpine:3.20\n';
    for (let i = 0; i < 20_000; i++) text += `ENV A${i}=$B${i}\n`;
    const { findings, ms } = await lintTimed(text);
    expect(ms).toBeLessThan(TIME_LIMIT_MS);
    const undefinedNames = findings.filter((f) => f.rule === 'undefined-variable');
    expect(undefinedNames).toHaveLength(20_000);
    expectRangesInside(text, findings);
  });

  it('rm of a word with {a,b} thirty times lints quickly, like with two', async () => {
    await expectLikeSmall((n) => `FROM alpine:3.20\nRUN apk add curl=8.9.1-r0 && rm -rf /var/cache/apk${'{a,b}'.repeat(n)}\nUSER app\n`, 30);
    // Braces still expand below the limit: the cache is removed, so package-cache-not-cleaned stays silent.
    const { findings } = await lintTimed('FROM alpine:3.20\nRUN apk add curl=8.9.1-r0 && rm -rf /var/{cache,lib}/apk\nUSER app\n');
    expect(findings.map((f) => f.rule)).not.toContain('package-cache-not-cleaned');
  });

  it('an expansion over the cap is unknown: the text as written, never a truncated value', () => {
    const big = 'x'.repeat(MAX_EXPANDED_LENGTH / 2 + 1);
    const expansion = expandVariables('$A$A', new Map([['A', big]]));
    expect(expansion).toEqual({ value: '$A$A', unresolved: ['A'], tooLarge: true });
    expect(expandVariables('$A', new Map([['A', big]]))).toEqual({ value: big, unresolved: [], tooLarge: false });
  });

  it('a doubled ARG keeps its text as written once too large, and the image using it has unresolved variables', () => {
    const model = parseDockerfile(`ARG A=x\n${'ARG A=$A$A\n'.repeat(45)}FROM alpine:$A\n`, 'Dockerfile');
    const value = model.stages[0].from.variables.get('A')!;
    expect(value.length).toBeLessThanOrEqual(MAX_EXPANDED_LENGTH);
    expect(value).toMatch(/^(\$A)+$/);
    expect(model.stages[0].imageHasUnresolvedVariables).toBe(true);
  });

  it('nesting beyond the limit expands to the text as written; references are listed down to the limit', () => {
    const text = `${'${A:-'.repeat(30_000)}x${'}'.repeat(30_000)}`;
    expect(expandVariables(text, new Map()).tooLarge).toBe(true);
    expect(expandVariables(text, new Map()).value).toBe(text);
    const refs = variableReferences(text, '\\');
    expect(refs.length).toBeGreaterThan(100);
    expect(refs.length).toBeLessThan(1000);
    expect(refs[1]).toMatchObject({ name: 'A', offset: 5 });
    // A few levels expand as before.
    expect(expandVariables('${A:-${B:-${C:-x}}}', new Map())).toEqual({ value: 'x', unresolved: [], tooLarge: false });
  });
});

describe('deep nesting in RUN', () => {
  it('752 and 7,500 nested $( lint quickly, like two levels', async () => {
    await expectLikeSmall(nesting.substitutions, 752);
    await expectLikeSmall(nesting.substitutions, 7500);
  });

  it('2,510 and 25,000 commands chained with && are all read', async () => {
    const findings = await expectLikeSmall(nesting.andChain, 2510, 2510);
    expect(findings.filter((f) => f.rule === 'no-install-recommends')).toHaveLength(2510);
    const model = parseDockerfile(nesting.andChain(25_000), 'Dockerfile');
    const script = model.instructions[1].script!;
    expect(script.commands).toHaveLength(25_000);
    expect(script.topLevelCount).toBe(25_000);
    expect(script.hasErrors).toBe(false);
  });

  it('a pipe into a long && chain is read whole, the pipe joining the first command', () => {
    const script = parseDockerfile(nesting.pipedChain(25_000), 'Dockerfile').instructions[1].script!;
    expect(script.commands).toHaveLength(25_001);
    expect(script.commands[1].pipeline.map((c) => c.name)).toEqual(['a', 'b']);
    expect(script.hasErrors).toBe(false);
  });

  it('3,000 and 30,000 nested ${A:- in a RUN lint quickly, like two levels', async () => {
    await expectLikeSmall(nesting.defaults, 3000);
    await expectLikeSmall(nesting.defaults, 30_000);
  });

  it('unclosed $(, subshells and ifs nested 20,000 deep lint quickly', async () => {
    await expectLikeSmall(nesting.unclosedSubstitutions, 7500);
    await expectLikeSmall(nesting.subshells, 20_000);
    await expectLikeSmall(nesting.ifs, 20_000);
  });

  it('a script nested too deep to read is marked as having errors, the commands above the limit kept', () => {
    const deep = parseDockerfile(nesting.substitutions(752), 'Dockerfile').instructions[1].script!;
    expect(deep.hasErrors).toBe(true);
    expect(deep.commands.length).toBeGreaterThan(10);
    expect(deep.commands.every((c) => c.name === 'echo')).toBe(true);
    const shallow = parseDockerfile(nesting.substitutions(20), 'Dockerfile').instructions[1].script!;
    expect(shallow.hasErrors).toBe(false);
    expect(shallow.commands).toHaveLength(21);
  });
});

describe('determinism', () => {
  it('760 nested $( gives the same findings every time, before and after other inputs', async () => {
    const text = `FROM a\nRUN ${'a$(echo '.repeat(760)}x${')'.repeat(760)}\n`;
    const first = JSON.stringify((await lintTimed(text)).findings);
    for (let i = 0; i < 40; i++) {
      await lintTimed(`FROM alpine:3.20\nRUN apt-get install -y curl && echo ${i}\n`);
      if (i % 10 === 0) expect(JSON.stringify((await lintTimed(text)).findings)).toBe(first);
    }
    expect(JSON.stringify((await lintTimed(text)).findings)).toBe(first);
  });

  it('the library never sets V8 flags for the process that loads it', () => {
    // Behaviour cannot be observed from inside: V8 has no API to read a flag back. The sources are the evidence.
    const offenders: string[] = [];
    for (const folder of ['src', 'rules']) {
      for (const file of readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })) {
        if (!file.endsWith('.ts')) continue;
        if (/setFlagsFromString|--liftoff/.test(readFileSync(join(root, folder, file), 'utf8'))) offenders.push(`${folder}/${file}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});

describe('ranges inside the file', () => {
  it('a tag after a line continuation in the image word is reported on its own line', async () => {
    const text = 'FROM pyth\\\non:latest\n';
    const { findings } = await lintTimed(text);
    expectRangesInside(text, findings);
    expect(findings.find((f) => f.rule === 'mutable-tag')?.range).toEqual({ start: { line: 2, column: 4 }, end: { line: 2, column: 10 } });
  });

  it('an escaped blank at the start of a continuation line in ENV gives no range ending before it starts', async () => {
    for (const text of ['ENV T= \\\n\\\\ L\n', 'FROM alpine:3.20\nENV T= \\\n\\\\ L']) {
      const { findings } = await lintTimed(text);
      expect(findings.length).toBeGreaterThan(0);
      expectRangesInside(text, findings);
    }
  });

  it('lone CRs end lines, as in the positions the parser gives', async () => {
    const text = 'FROM python:latest\rUSER 0\rRUN apt-get install curl\r';
    const result = await lintText(text, { config: false, ruleSettings: { shellcheck: 'off' } });
    expect(result.files[0].lines).toEqual(['FROM python:latest', 'USER 0', 'RUN apt-get install curl', '']);
    const findings = result.files[0].findings;
    expect(findings.map((f) => f.rule)).toContain('no-install-recommends');
    expectRangesInside(text, findings);
  });
});

describe('the CLI on a folder of hostile files', () => {
  it('reports every file, exits 1 for warnings, and takes no more than a few seconds each', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dockerlint-hostile-'));
    const files: Record<string, string> = {
      'self-reference.Dockerfile': bombs.selfReference(13_000),
      'doubling.Dockerfile': bombs.doublingArg(45),
      'substitutions.Dockerfile': nesting.substitutions(752),
      'and-chain.Dockerfile': nesting.andChain(2510),
      'defaults.Dockerfile': nesting.defaults(3000),
      'plain.Dockerfile': 'FROM alpine:3.20\nRUN apt-get install -y curl\n',
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const start = performance.now();
    const result = spawnSync(process.execPath, [join(root, 'bin', 'dockerlint.js'), '--rule', 'shellcheck=off', '--format', 'json', dir], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
    expect(performance.now() - start).toBeLessThan(Object.keys(files).length * TIME_LIMIT_MS);
    const output = JSON.parse(result.stdout) as { files: { path: string; findings: { rule: string }[] }[] };
    const reported = output.files.map((f) => f.path.slice(f.path.lastIndexOf('/') + 1)).sort();
    expect(reported).toEqual(Object.keys(files).sort());
    const plain = output.files.find((f) => f.path.endsWith('plain.Dockerfile'))!;
    expect(plain.findings.map((f) => f.rule)).toContain('no-install-recommends');
  });
});

describe('nesting too deep for the parser', () => {
  it('a RUN with brackets nested over 1,000 deep is left unread (marked as having errors) instead of taking seconds', () => {
    const n = 10_000;
    const text = `FROM a\nRUN echo ${'('.repeat(n / 3)}EXPOSE ${'('.repeat(n - n / 3)}x${')'.repeat(n)}\n`;
    const start = performance.now();
    const script = parseDockerfile(text, 'Dockerfile').instructions[1].script!;
    expect(performance.now() - start).toBeLessThan(2000);
    expect(script.hasErrors).toBe(true);
    expect(script.commands).toEqual([]);
  });
});

describe('an unterminated comment line in the directive block', () => {
  it('is read in linear time (dockerfile-ast rescans it from each `#` when no line break follows)', () => {
    const text = `# escape=\`\r\n${'#'.repeat(76_000)}`;
    const start = performance.now();
    const model = parseDockerfile(text, 'Dockerfile');
    expect(performance.now() - start).toBeLessThan(2000);
    expect(model.escapeChar).toBe('`');
    expect(model.lines).toHaveLength(2);
  });
});

describe('NUL in a RUN', () => {
  it('does not make the shell parse quadratic (web-tree-sitter stops reading at a NUL)', async () => {
    const text = `FROM a\nRUN ${'#'.repeat(20_000)}\0\0\0${'#'.repeat(20_000)}\nUSER 1\n`;
    const start = performance.now();
    const model = parseDockerfile(text, 'Dockerfile');
    expect(performance.now() - start).toBeLessThan(2000);
    expect(model.instructions).toHaveLength(3);
  });
});

describe('many brackets left open, then more text', () => {
  it('is left unread instead of taking tree-sitter tens of seconds (an unterminated heredoc with 100 open `${`)', () => {
    const text = `FROM a\nRUN <<EOF\necho ${'${A:-'.repeat(100)}x\n${'echo more '.repeat(10_000)}\n`;
    const start = performance.now();
    const script = parseDockerfile(text, 'Dockerfile').instructions[1].script!;
    expect(performance.now() - start).toBeLessThan(2000);
    expect(script.hasErrors).toBe(true);
  });
});
