/**
 * The fuzz inputs: seed texts (the fixtures, a few synthesized files, and
 * optionally a sample of the corpus) and the mutations applied to them. Every
 * input is a pure function of (seed, index), so a failure is reproduced from
 * its sidecar without replaying the inputs before it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { kindFromName } from '../../src/discover/discover.js';
import type { LintedKind as FileKind } from '../../src/engine/rule.js';
import { packageInfo } from '../../src/io/package-info.js';

/** mulberry32: a tiny seeded PRNG, good enough to pick mutations and far from cryptographic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Random {
  /** An integer in [0, n). */
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

export function random(seed: number): Random {
  const next = prng(seed);
  return {
    int: (n) => Math.floor(next() * n),
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (p) => next() < p,
  };
}

/** The seed of input `index` of a run: mixed so neighbouring indices do not start alike. */
export function inputSeed(runSeed: number, index: number): number {
  let h = (runSeed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ index, 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

export interface SeedText {
  /** Where it came from, for the failure sidecar. */
  readonly origin: string;
  readonly kind: FileKind;
  readonly text: string;
}

export const FILENAMES: Readonly<Record<FileKind, string>> = {
  dockerfile: 'Dockerfile',
  requirements: 'requirements.txt',
  dockerignore: '.dockerignore',
  pyproject: 'pyproject.toml',
  pipfile: 'Pipfile',
  'conda-environment': 'environment.yml',
  compose: 'compose.yaml',
};

// Texts no fixture has: every awkward construct of each kind in one place, for mutations to recombine.
const SYNTHESIZED: readonly SeedText[] = [
  {
    origin: 'synthesized:dockerfile-heredoc',
    kind: 'dockerfile',
    text: [
      '# syntax=docker/dockerfile:1',
      '# escape=\\',
      'ARG BASE=debian:12',
      'FROM ${BASE} AS build',
      'ARG A=1',
      'ENV B=${A:-x} C="$A $B" \\',
      '    D=${B:+y}',
      'RUN --mount=type=cache,target=/var/cache/apt <<EOF',
      'apt-get update && apt-get install -y curl=7.* \\',
      '  ca-certificates',
      'curl -fsSL https://example.com/x.sh | sh',
      'EOF',
      'COPY <<-"CONF" /etc/app.conf',
      '\tkey=$HOME',
      '\tCONF',
      'RUN cat <<A <<-B && echo "$(uname -a)" `id` $((1 + 2)) ${#PATH}',
      'a',
      'A',
      '\tb',
      '\tB',
      'FROM build',
      'COPY --from=build --chown=1000:1000 /out /app',
      'HEALTHCHECK --interval=5s CMD ["curl", "-f", "http://localhost/"]',
      'ONBUILD RUN pip install -r requirements.txt',
      'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
      'USER root',
      'ENTRYPOINT ["/app/run", "--flag"]',
      '',
    ].join('\n'),
  },
  {
    origin: 'synthesized:dockerfile-windows',
    kind: 'dockerfile',
    text: [
      '# escape=`',
      'FROM mcr.microsoft.com/windows/servercore:ltsc2022',
      'SHELL ["powershell", "-Command", "$ErrorActionPreference = \'Stop\';"]',
      'RUN Invoke-WebRequest https://example.com/a.zip -OutFile a.zip; `',
      '    Expand-Archive a.zip -DestinationPath C:\\a',
      'WORKDIR C:\\app',
      'COPY . C:\\app',
      'CMD ["C:\\\\app\\\\run.exe"]',
      '',
    ].join('\r\n'),
  },
  {
    origin: 'synthesized:dockerfile-shell',
    kind: 'dockerfile',
    text: [
      'FROM python:3.12-slim',
      'RUN set -eux; \\',
      '    for f in a b c; do case "$f" in a) echo "${f%%.*}";; *) : ;; esac; done; \\',
      '    if [ -n "${X:-}" ]; then sudo -E sh -c \'pip install --no-cache-dir -r /r.txt\'; fi; \\',
      '    wget -qO- http://x | bash -s -- --yes; \\',
      '    f() { local x=$(( $1 * 2 )); echo ${x}; }; f 3 >/dev/null 2>&1 & wait',
      'RUN ["sh", "-c", "echo \\"$HOME\\""]',
      'EXPOSE 22 8080/tcp 9000-9010/udp',
      'LABEL org.opencontainers.image.source="https://x" maintainer=me',
      'ADD --checksum=sha256:0123 https://example.com/f.tar.gz /tmp/',
      'USER 0:0',
      '',
    ].join('\n'),
  },
  {
    origin: 'synthesized:requirements',
    kind: 'requirements',
    text: [
      '# comment',
      '--index-url https://pypi.org/simple',
      '--extra-index-url=http://internal/simple --trusted-host internal',
      '-r other.txt',
      '-c constraints.txt',
      '-e git+https://github.com/a/b.git@v1#egg=b[extra]',
      'requests[security,socks]>=2.0,<3 ; python_version >= "3.8" and sys_platform != \'win32\'',
      'numpy==1.26.* \\',
      '    --hash=sha256:0000000000000000000000000000000000000000000000000000000000000000',
      'pkg @ https://example.com/pkg-1.0.tar.gz#sha256=00',
      './local/path',
      'flask~=3.0.0  # trailing',
      'django===4.2',
      '',
    ].join('\n'),
  },
  {
    origin: 'synthesized:dockerignore',
    kind: 'dockerignore',
    text: ['# comment', '**/*.pyc', '!keep.pyc', '.git', 'node_modules/', '/abs/path', 'a/**/b', '[a-z]?.txt', '\\#hash', '!', '**', '../outside', ' spaced ', ''].join(
      '\n',
    ),
  },
];

/** Fixture files of the three kinds, in a fixed order, and the synthesized texts. */
export function builtinSeeds(): SeedText[] {
  const fixtures = join(packageInfo.root, 'fixtures');
  const out: SeedText[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        const rel = relative(packageInfo.root, path).split(sep).join('/');
        const kind = kindFromName(rel);
        if (kind) out.push({ origin: rel, kind, text: readFileSync(path, 'utf8') });
      }
    }
  };
  walk(fixtures);
  return [...out, ...SYNTHESIZED];
}

/**
 * Every `step`-th file of the corpus's Dockerfiles and requirements files
 * (sorted, so the same corpus gives the same sample), up to `limit` files of
 * at most 64 KiB. Empty when there is no corpus.
 */
export function corpusSeeds(corpus: string, limit: number): SeedText[] {
  if (!existsSync(corpus)) return [];
  const files: { path: string; kind: FileKind }[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        const kind = kindFromName(relative(corpus, path).split(sep).join('/'));
        if (kind) files.push({ path, kind });
      }
    }
  };
  for (const part of ['dockerfiles', 'requirements', 'contexts', 'buildkit-parser']) if (existsSync(join(corpus, part))) walk(join(corpus, part));
  files.sort((a, b) => (a.path < b.path ? -1 : 1));
  const step = Math.max(1, Math.floor(files.length / limit));
  const out: SeedText[] = [];
  for (let i = 0; i < files.length && out.length < limit; i += step) {
    const text = readFileSync(files[i].path, 'utf8');
    if (text.length <= 64 * 1024) out.push({ origin: relative(corpus, files[i].path).split(sep).join('/'), kind: files[i].kind, text });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Mutations. Each takes the text and returns a new one; a few of them are applied to each input.

type Mutator = (text: string, r: Random, seeds: readonly SeedText[]) => string;

const lines = (text: string): string[] => text.split('\n');

function insertAt(text: string, r: Random, insert: string): string {
  const at = r.int(text.length + 1);
  return text.slice(0, at) + insert + text.slice(at);
}

function insertLine(text: string, r: Random, line: string): string {
  const all = lines(text);
  all.splice(r.int(all.length + 1), 0, line);
  return all.join('\n');
}

/** Snippets of the three languages, so mutations reach constructs a byte flip rarely makes. */
const TOKENS = [
  'FROM ', 'FROM scratch', 'FROM a AS b', ' AS ', 'RUN ', 'CMD ', 'ENTRYPOINT ', 'COPY ', 'ADD ', 'ENV ', 'ARG ', 'LABEL ', 'USER ',
  'WORKDIR ', 'EXPOSE ', 'VOLUME ', 'SHELL ', 'ONBUILD ', 'HEALTHCHECK ', 'HEALTHCHECK NONE', 'STOPSIGNAL ', 'MAINTAINER ',
  '--from=', '--chown=', '--chmod=', '--mount=type=cache,target=/root/.cache', '--mount=type=secret,id=x', '--network=none',
  '--platform=$BUILDPLATFORM', '--link', '--checksum=sha256:', '--interval=1s', '["', '"]', '", "', '[]', '{}', '=', '$',
  '${', '}', '$(', ')', '((', '))', '`', ';', '&&', '||', '|', '&', '>', '<', '2>&1', '#', ' # ', '\\', '\t', ' ', '\n', '\r\n',
  'apt-get install -y ', 'apt-get update', 'apk add ', 'yum install ', 'pip install ', 'pip install -r requirements.txt',
  'curl -k ', 'wget --no-check-certificate ', 'sudo ', 'chmod 777 ', 'useradd -u 99999999 ', 'npm install ', 'cd /',
  'sh -c "', 'bash -c \'', 'exec ', 'eval ', 'if [ ; then', 'fi', 'case $x in', 'esac', 'for i in', 'do', 'done', 'while', 'function f',
  '-r ', '-c ', '-e ', '--hash=sha256:', '--index-url ', '--extra-index-url ', '--trusted-host ', '--pre', '-i ', '-f ', '--no-binary :all:',
  '==', '>=', '<=', '~=', '===', '!=', '[extra]', '; python_version < "3"', ' @ ', 'file://', 'git+https://', '#egg=', '.*',
  '!', '**', '*', '?', '[', ']', '../', '/', '.', '..', '\\\\', '\u00a0', '\uFEFF', '\u2028', '\u0085', '\uD800', '\uDC00', '😀', '\u0301',
];

function repeated(unit: string, n: number): string {
  return unit.repeat(n);
}

/** Deep nesting of shell and variable syntax, closed or left open. */
function nesting(r: Random): string {
  const depth = r.pick([10, 100, 500, 1000, 2000, 3000, 5000]);
  const [open, close] = r.pick([
    ['$(', ')'],
    ['${', '}'],
    ['${A:-', '}'],
    ['$((', '))'],
    ['((', '))'],
    ['(', ')'],
    ['{ ', '; }'],
    ['`', '`'],
    ['\\`', '\\`'],
    ['"$(', ')"'],
    ['[[ ', ' ]]'],
    ['[', ']'],
    ['<<EOF\n', '\nEOF'],
  ] as const);
  const closed = r.chance(0.6);
  return `RUN echo ${repeated(open, depth)}x${closed ? repeated(close, depth) : ''}`;
}

/** Deep nesting in requirements markers, extras and URLs, and in .dockerignore globs. */
function otherNesting(r: Random): string {
  const depth = r.pick([10, 100, 1000, 3000]);
  return r.pick([
    () => `pkg ; ${'('.repeat(depth)}python_version > "3"${r.chance(0.6) ? ')'.repeat(depth) : ''}`,
    () => `pkg ; ${Array.from({ length: depth }, () => 'os_name == "a"').join(r.pick([' and ', ' or ']))}`,
    () => `pkg[${'a,'.repeat(depth)}]==1`,
    () => `pkg==${'1.'.repeat(depth)}0`,
    () => `-r ${'r/'.repeat(depth)}x.txt`,
    () => `${'**/'.repeat(depth)}x`,
    () => `${'['.repeat(depth)}a${']'.repeat(depth)}`,
    () => `${'*'.repeat(depth)}a${'?'.repeat(depth)}`,
    () => `!${'../'.repeat(depth)}`,
  ])();
}

/** Globs with many wildcards, which a backtracking matcher takes exponential time over a long file name. */
function globLine(r: Random): string {
  const unit = r.pick(['*a', '*?', 'a*', '?*', '*/', '**/a', '*[a]', '[!b]*', '*\\a']);
  return `${r.pick(['', '!', '/'])}${unit.repeat(2 + r.int(6))}${r.pick(['b', '', '/b', '*', '.py'])}`;
}

/** Variables that double at each step: ARG A=$A$A, ENV B=${B}${B}, ... */
function variableBomb(r: Random): string {
  const keyword = r.pick(['ARG', 'ENV']);
  const name = r.pick(['A', 'PATH', 'X_1']);
  const steps = r.pick([10, 20, 30, 40, 64]);
  const ref = r.pick([`$${name}`, `\${${name}}`, `\${${name}:-$${name}}`, `"$${name}"`]);
  const out = [`${keyword} ${name}=x`];
  for (let i = 0; i < steps; i++) out.push(`${keyword} ${name}=${ref}${ref}`);
  out.push(`RUN echo $${name}`, `COPY $${name} /$${name}`, `FROM $${name}`);
  return out.join('\n');
}

const MUTATORS: readonly (readonly [name: string, weight: number, mutate: Mutator])[] = [
  ['byte-flip', 6, (text, r) => {
    if (text.length === 0) return String.fromCharCode(r.int(256));
    const chars = [...text];
    for (let n = 1 + r.int(8); n > 0; n--) {
      const i = r.int(chars.length);
      chars[i] = r.chance(0.5) ? String.fromCharCode((chars[i].charCodeAt(0) ^ (1 << r.int(8))) & 0xffff) : String.fromCharCode(r.int(256));
    }
    return chars.join('');
  }],
  ['truncate', 3, (text, r) => text.slice(0, r.int(text.length + 1))],
  ['cut-middle', 2, (text, r) => {
    const a = r.int(text.length + 1);
    return text.slice(0, a) + text.slice(a + r.int(200));
  }],
  ['duplicate-lines', 3, (text, r) => {
    const all = lines(text);
    const start = r.int(all.length);
    const slice = all.slice(start, start + 1 + r.int(5));
    const times = r.chance(0.1) ? 200 : 1 + r.int(3);
    all.splice(start, 0, ...Array.from({ length: times }, () => slice).flat());
    return all.join('\n');
  }],
  ['shuffle-lines', 3, (text, r) => {
    const all = lines(text);
    for (let i = all.length - 1; i > 0; i--) {
      const j = r.int(i + 1);
      [all[i], all[j]] = [all[j], all[i]];
    }
    return all.join('\n');
  }],
  ['backslash', 4, (text, r) => {
    // At a line end it is a continuation; elsewhere an escape.
    if (r.chance(0.5)) {
      const all = lines(text);
      const i = r.int(all.length);
      all[i] += r.pick(['\\', ' \\', '\\ ', '\\\\', '`']);
      return all.join('\n');
    }
    return insertAt(text, r, '\\');
  }],
  ['quote', 4, (text, r) => insertAt(text, r, r.pick(['"', "'", '`', '""', "'\"", '\\"']))],
  ['heredoc', 4, (text, r) => {
    const name = r.pick(['EOF', 'X', 'END', '"EOT"', "'X'", '"', 'E$F', '']);
    const marker = r.pick(['<<', '<<-', '<< ', '<<<']) + name;
    const bare = name.replace(/['"]/g, '');
    if (r.chance(0.5)) return insertAt(text, r, marker);
    const body = r.chance(0.5) ? `\n${r.chance(0.5) ? '\t' : ''}echo $HOME\n${r.chance(0.5) ? '\t' : ''}${bare}` : '';
    return insertLine(text, r, `${r.pick(['RUN cat ', 'COPY ', 'RUN ', 'RUN a ', ''])}${marker}${r.chance(0.3) ? ` ${marker}2` : ''} /x${body}`);
  }],
  ['escape-directive', 3, (text, r) => {
    const directive = r.pick(['# escape=`', '# escape=\\', '#escape=`', '# ESCAPE = `', '# escape=', '# escape=ab', '# syntax=docker/dockerfile:1', '# check=skip=all']);
    return r.chance(0.8) ? `${directive}\n${text}` : insertLine(text, r, directive);
  }],
  ['nul', 2, (text, r) => insertAt(text, r, '\0'.repeat(1 + r.int(3)))],
  ['line-endings', 4, (text, r) => {
    const to = r.pick(['\r\n', '\r', '\n\r', '\r\r\n']);
    if (r.chance(0.5)) return text.replace(/\r?\n/g, to);
    return insertAt(text, r, to);
  }],
  ['long-line', 2, (text, r) => {
    const unit = r.pick(['a', 'RUN echo ', '$', '\\', '"', "'", '${A}', ' ', 'x=y ', '-', '#', '\t', '\\\n']);
    // Up to 100 KB in one line; a unit with a line break makes lines, 10,000 at most. Bigger inputs lint in linear
    // time but take seconds (a 900 KB RUN line, 100,000 instructions): the benchmark's question, not the fuzz's.
    const times = Math.min(r.pick([1000, 10_000, 100_000]), Math.floor(100_000 / unit.length), unit.includes('\n') ? 10_000 : Infinity);
    return insertLine(text, r, `${r.pick(['RUN ', 'ENV ', 'LABEL ', '', 'pkg==', '#'])}${repeated(unit, times)}`);
  }],
  ['deep-nesting', 2, (text, r) => insertLine(text, r, nesting(r))],
  ['deep-nesting-other', 2, (text, r) => insertLine(text, r, otherNesting(r))],
  ['glob-line', 2, (text, r) => insertLine(text, r, globLine(r))],
  ['variable-bomb', 1, (text, r) => insertLine(text, r, variableBomb(r))],
  ['token', 8, (text, r) => insertAt(text, r, r.pick(TOKENS))],
  ['token-line', 4, (text, r) => {
    const words = Array.from({ length: 1 + r.int(6) }, () => r.pick(TOKENS));
    return insertLine(text, r, words.join(r.pick(['', ' '])));
  }],
  ['splice', 2, (text, r, seeds) => {
    const other = lines(r.pick(seeds).text);
    const start = r.int(other.length);
    return insertLine(text, r, other.slice(start, start + 1 + r.int(10)).join('\n'));
  }],
];

const TOTAL_WEIGHT = MUTATORS.reduce((sum, m) => sum + m[1], 0);

function pickMutator(r: Random): (typeof MUTATORS)[number] {
  let n = r.int(TOTAL_WEIGHT);
  for (const m of MUTATORS) {
    n -= m[1];
    if (n < 0) return m;
  }
  return MUTATORS[MUTATORS.length - 1];
}

export interface FuzzInput {
  readonly index: number;
  readonly seed: number;
  readonly origin: string;
  readonly kind: FileKind;
  readonly filename: string;
  readonly mutations: readonly string[];
  readonly text: string;
}

/** Input `index` of the run with `runSeed`: a seed text, read as its own kind (sometimes another), with 1-4 mutations. */
const MAX_INPUT_CHARACTERS = 256 * 1024;

export function makeInput(seeds: readonly SeedText[], runSeed: number, index: number): FuzzInput {
  const seed = inputSeed(runSeed, index);
  const r = random(seed);
  const base = r.pick(seeds);
  // Now and then a file is read as another kind, as a misnamed file would be.
  const kind = r.chance(0.1) ? r.pick(['dockerfile', 'requirements', 'dockerignore'] as const) : base.kind;
  let text = base.text;
  const mutations: string[] = [];
  for (let n = 1 + r.int(4); n > 0; n--) {
    const [name, , mutate] = pickMutator(r);
    // Mutations multiply (200 copies of a 100 KB line): an input stops at 256 KB. Bigger files lint in linear time
    // (about 2 µs a character of RUN text), which the benchmark measures, not the fuzz.
    text = mutate(text, r, seeds).slice(0, MAX_INPUT_CHARACTERS);
    mutations.push(name);
  }
  return { index, seed, origin: base.origin, kind, filename: FILENAMES[kind], mutations, text };
}
