/**
 * For the bundles in dist/ (the CLI fallback and the GitHub Action): the WASM parsers are read from the files beside
 * the bundle (scripts/bundle.ts copies them there), since node_modules may not be there. Each entry passes its own
 * URL: the code shared by the entries lives in dist/chunks/, whose own URL is not where the files are.
 */
import { readFileSync } from 'node:fs';
import { useEmbeddedShellParser } from '../model/shell-parser.js';

export function useWasmBeside(entryUrl: string): void {
  useEmbeddedShellParser(
    () => readFileSync(new URL('./web-tree-sitter.wasm', entryUrl)),
    () => readFileSync(new URL('./tree-sitter-bash.wasm', entryUrl)),
  );
}
