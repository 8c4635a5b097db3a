/**
 * For the single-file bundles in dist/ (the CLI fallback and the GitHub
 * Action): the WASM parsers travel inside the bundle, as bytes, instead of
 * being read from node_modules. Imported for its effect.
 */
import runtimeWasm from 'web-tree-sitter/web-tree-sitter.wasm';
import grammarWasm from 'tree-sitter-bash/tree-sitter-bash.wasm';
import { useEmbeddedShellParser } from '../model/shell-parser.js';

useEmbeddedShellParser(runtimeWasm, grammarWasm);
