/**
 * `import()` of a module outside our code (a plugin). The CLI's one-script bundle (dist/chunks/cli.cjs, which bin/
 * loads with V8's code cache) is a script, where `import()` needs a Node flag: its loader, an ES module, hands over
 * its own `import()` (src/bundle/cli-script-entry.ts).
 */
let importer: (url: string) => Promise<unknown> = (url) => import(url);

export function importModule(url: string): Promise<unknown> {
  return importer(url);
}

export function useImporter(imports: (url: string) => Promise<unknown>): void {
  importer = imports;
}
