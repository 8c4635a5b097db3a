import { beforeAll, describe, expect, it } from 'vitest';
import type { ScriptValue } from '../src/model/shell.js';
import { loadShellParser, parseExecForm, parseShellScript } from '../src/model/shell-parser.js';
import { MappedText } from '../src/model/source-map.js';

/**
 * What `$P` holds at the `nth` read marked `$P` in a one-line script: the value ShellScript.valueAt gives there,
 * written as its fields (`?` for a field the script cannot know), 'unknown', or 'not set' (undefined).
 */
function valueAtRead(text: string, shell: readonly string[] = ['/bin/sh', '-c'], nth = 0, name = 'P'): string {
  const script = parseShellScript(new MappedText().append(text, { line: 1, column: 1 }), shell);
  return describeValue(script.valueAt(name, { line: 1, column: readColumn(text, name, nth) }));
}

/** The column of the nth `$NAME` (or `${NAME`) that is a read, not part of an assignment. */
function readColumn(text: string, name: string, nth: number): number {
  const reads = [...text.matchAll(new RegExp(`\\$\\{?${name}\\b`, 'g'))];
  if (!reads[nth]) throw new Error(`no read ${nth} of ${name} in ${text}`);
  return reads[nth].index + 1;
}

function describeValue(value: ScriptValue | undefined): string {
  if (value === undefined) return 'not set';
  if (!value.known) return 'unknown';
  return value.fields.map((f) => f ?? '?').join(' ');
}

describe('ShellScript.valueAt', () => {
  beforeAll(async () => {
    await loadShellParser();
  });

  it('gives the value of an assignment before the read, split into fields', () => {
    expect(valueAtRead('P="curl git" && apt-get install -y $P')).toBe('curl git');
    expect(valueAtRead("P='curl' ; apt-get install $P")).toBe('curl');
    expect(valueAtRead('apt-get install $P')).toBe('not set');
  });

  it('keeps an assignment before a special builtin in POSIX shells, not in bash', () => {
    expect(valueAtRead('P="curl git" set -x && apt-get update && apt-get install -y $P')).toBe('curl git');
    expect(valueAtRead('P=curl : && apt-get install $P')).toBe('curl');
    expect(valueAtRead('P="curl git" set -x && apt-get install -y $P', ['/bin/bash', '-c'])).toBe('not set');
    // An ordinary command gets the variable for itself only.
    expect(valueAtRead('P=curl true && apt-get install $P')).toBe('not set');
  });

  it('knows the fields of a value around a command substitution', () => {
    expect(valueAtRead('P="curl git $(echo x y)" && apt-get install -y $P')).toBe('curl git ?');
    expect(valueAtRead('P="curl$(echo x) git" && apt-get install -y $P')).toBe('? git');
    expect(valueAtRead('P="curl $Q git" && apt-get install -y $P')).toBe('curl ? git');
    expect(valueAtRead('P=$(cat list) && apt-get install -y $P')).toBe('?');
    expect(valueAtRead('export P="curl `echo x`" && apt-get install -y $P')).toBe('curl ?');
  });

  it('takes the last assignment before the read; later ones do not change it', () => {
    expect(valueAtRead('apt-get install -y $P && P=done')).toBe('not set');
    expect(valueAtRead('P=a; P=b; apt-get install $P')).toBe('b');
    expect(valueAtRead('P=a && apt-get install $P && P=b')).toBe('a');
    // The read inside the assignment's own substitution sees the value before it.
    expect(valueAtRead('P=a; P=$(echo $P)')).toBe('a');
  });

  it('makes a value set in a branch that may not run unknown after it', () => {
    expect(valueAtRead('P=a; if x; then P=b; fi; apt-get install $P')).toBe('unknown');
    expect(valueAtRead('if x; then P=b; else P=c; fi; apt-get install $P')).toBe('unknown');
    expect(valueAtRead('test -n "$X" && P=b; apt-get install $P')).toBe('unknown');
    expect(valueAtRead('P=a; false || P=b; apt-get install $P')).toBe('unknown');
    expect(valueAtRead('P=a; case $X in y) P=b;; esac; apt-get install $P')).toBe('unknown');
    expect(valueAtRead('P=a; for x in 1; do P=b; done; apt-get install $P')).toBe('unknown');
  });

  it('reads a branch with the assignments that run before it there', () => {
    expect(valueAtRead('if x; then P=b; apt-get install $P; fi')).toBe('b');
    expect(valueAtRead('if P=a; then apt-get install $P; fi')).toBe('a');
    // The other branch's assignment does not reach it.
    expect(valueAtRead('P=a; if x; then P=b; else apt-get install $P; fi')).toBe('a');
    expect(valueAtRead('if x; then P=b; elif y; then apt-get install $P; fi')).toBe('not set');
    // Through `&&`, what follows runs only when the assignment did.
    expect(valueAtRead('apt-get update && P="a b" && apt-get install $P')).toBe('a b');
    expect(valueAtRead('x || P=a && apt-get install $P')).toBe('unknown');
  });

  it('does not let a subshell, substitution or nested shell set a variable outside it', () => {
    expect(valueAtRead('P=a; (P=b); apt-get install $P')).toBe('a');
    expect(valueAtRead('(P=b; apt-get install $P)')).toBe('b');
    expect(valueAtRead('P=a; x=$(P=b); apt-get install $P')).toBe('a');
    expect(valueAtRead("P=a; sh -c 'P=b'; apt-get install $P")).toBe('a');
  });

  it('reads a loop as running again: an assignment later in the loop makes the value unknown', () => {
    expect(valueAtRead('P=a; while x; do apt-get install $P; P=b; done')).toBe('unknown');
    expect(valueAtRead('for P in curl git; do apt-get install $P; done')).toBe('unknown');
    expect(valueAtRead('P=a; for x in 1 2; do apt-get install $P; done')).toBe('a');
  });

  it('follows unset, read, declarations and appends', () => {
    expect(valueAtRead('P=a; unset P; apt-get install $P')).toBe('');
    expect(valueAtRead('read -r P < f; apt-get install $P')).toBe('unknown');
    expect(valueAtRead('P=a; export P; apt-get install $P')).toBe('a');
    expect(valueAtRead('P=a; local P; apt-get install $P')).toBe('unknown');
    expect(valueAtRead('P=curl; P+=" git"; apt-get install $P')).toBe('curl git');
    expect(valueAtRead('P=(curl); P+=(git wget); apt-get install "${P[@]}"')).toBe('curl git wget');
    expect(valueAtRead('P+=" git"; apt-get install $P')).toBe('unknown');
  });

  it('reads the script of an exec-form RUN', () => {
    const script = parseExecForm(
      [
        { value: 'sh', range: { start: { line: 1, column: 6 }, end: { line: 1, column: 10 } } },
        { value: '-c', range: { start: { line: 1, column: 12 }, end: { line: 1, column: 16 } } },
        { value: 'P=curl set -e; apt-get install $P', range: { start: { line: 1, column: 18 }, end: { line: 1, column: 53 } } },
      ],
      ['/bin/sh', '-c'],
    );
    expect(describeValue(script.valueAt('P', { line: 1, column: 50 }))).toBe('curl');
  });

  it('stays bounded on many assignments', () => {
    const text = `${'(P=x); '.repeat(5000)}apt-get install $P`;
    const started = performance.now();
    expect(valueAtRead(text)).toBe('unknown');
    expect(valueAtRead(`${'P+=x; '.repeat(100)}apt-get install $P`)).toBe('unknown');
    // Many assignments after the read, outside loops, leave it alone; many in a loop after it make it unknown.
    expect(valueAtRead(`P=curl; apt-get install $P; ${'P=x; '.repeat(200)}`)).toBe('curl');
    expect(valueAtRead(`P=curl; apt-get install $P; ${'for a in b; do P=x; done; '.repeat(100)}`)).toBe('unknown');
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
