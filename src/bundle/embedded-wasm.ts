/**
 * For the bundles in dist/ (the CLI fallback and the GitHub Action): the WASM parsers are read from the files beside
 * the bundle (scripts/bundle.ts copies them there), since node_modules may not be there. Imported for its effect.
 */
import { readFileSync } from 'node:fs';
import { useEmbeddedShellParser } from '../model/shell-parser.js';

useEmbeddedShellParser(
  () => readFileSync(new URL('./web-tree-sitter.wasm', import.meta.url)),
  () => readFileSync(new URL('./tree-sitter-bash.wasm', import.meta.url)),
);
