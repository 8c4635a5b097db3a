/**
 * The import graph points one way: the rules depend on the model and the rule API, the engine and
 * the reporters get the rules they run or describe as a parameter, and only the entry points choose
 * the built-in rules. Read from the TypeScript sources (src/, rules/, scripts/), `import type` included,
 * with TypeScript's own import scanner (ts.preProcessFile), so that a cycle through types counts too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Each module (a path relative to the repository, `/` separators) with the modules of this repository it imports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of ['src', 'rules', 'scripts'].flatMap(sources)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true);
    const targets = importedFiles
      .map((i) => i.fileName)
      .filter((name) => name.startsWith('.'))
      .map((name) => relative(root, resolve(root, dirname(file), name.replace(/\.js$/, '.ts'))).split('\\').join('/'));
    graph.set(file, targets);
  }
  return graph;
}

/** The cycles of the graph: its strongly connected components of more than one module, or one that imports itself (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

/** The modules that choose the built-in rules and hand them to the engine, the docs or the reporters. */
const ENTRY_POINTS = new Set(['src/cli.ts', 'src/index.ts', 'src/action/run.ts', 'src/engine/lint-worker.ts']);

describe('the import graph', () => {
  const graph = importGraph();

  it('reads the whole source tree', () => {
    // A scanner that found nothing would pass every check below.
    expect(graph.get('src/engine/lint.ts')).toContain('src/engine/parallel.ts');
    expect(graph.get('rules/index.ts')?.length).toBeGreaterThan(50);
  });

  it('has no cycle', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    expect(cycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).toEqual([['a', 'b', 'c']]);
  });

  it('reaches a rule module from outside rules/ only through the registry', () => {
    const outside = [...graph].flatMap(([file, targets]) =>
      file.startsWith('rules/')
        ? []
        : targets.filter((t) => t.startsWith('rules/') && t !== 'rules/index.ts').map((t) => `${file} -> ${t}`),
    );
    expect(outside).toEqual([]);
  });

  it('leaves the choice of the built-in rules to the entry points', () => {
    const choosers = [...graph].filter(([file, targets]) => file.startsWith('src/') && targets.includes('rules/index.ts')).map(([file]) => file);
    expect(choosers.filter((file) => !ENTRY_POINTS.has(file))).toEqual([]);
  });
});
