// Loads dist/chunks/cli.cjs, the CLI bundled as one script, with the V8 code cache that `npm run bundle` wrote
// beside it (cli.cjs.cache). Node 20 keeps no compiled code for ES modules between runs, and compiling ours was
// the largest part of a one-file run (about 140 ms of 340); from the cache V8 only deserializes it.
//
// The cache file is the SHA-256 of the script it was made from (64 hex characters), then V8's data. V8 itself
// checks only its own version, its flags and the script's length, so the hash makes a cache of another script
// unusable rather than wrong. V8 rejects a cache made by another Node.js: then it compiles, as without one.
// The cache is read only from beside the script, never from a place another user could write to.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';

// The V8 flags of the CLI's process, set before anything is compiled; a cache is only valid under the flags it
// was made with, so the bundle script makes it through this module too.
//  - --liftoff-only: V8 compiles the shell grammar's WASM quickly (Liftoff), then again optimized in the background,
//    and the process waits for that before it can exit: 1.3 s of CPU instead of 0.5 s for one Dockerfile.
//  - --no-turbo-inlining: optimizing each rule's check with its helpers inlined took 4.5 s of CPU over the corpus,
//    on the core the other worker thread needed; without inlining two workers took the corpus from 17.3 s to 14.7 s.
// The library (src/engine/lint.ts) never changes the flags of the process that loads it.
export function setCliFlags() {
  setFlagsFromString('--liftoff-only');
  setFlagsFromString('--no-turbo-inlining');
}

const HASH_LENGTH = 64;

/** Runs the script and returns its exports, and a function that writes its code cache (what bundle.ts calls). */
export function loadScript(url) {
  const path = fileURLToPath(url);
  const source = readFileSync(path);
  const digest = createHash('sha256').update(source).digest('hex');
  let cachedData;
  try {
    const cache = readFileSync(`${path}.cache`);
    if (cache.subarray(0, HASH_LENGTH).toString('latin1') === digest) cachedData = cache.subarray(HASH_LENGTH);
  } catch {
    // No cache: compiled as usual.
  }
  // One line of wrapper before the script's first, so that its line numbers stay its own.
  // The bundle is ASCII (bundle.ts checks it): read as Latin-1, the text is a one-byte string without a UTF-8 decode.
  const script = new Script(`(function (exports, require, module, __filename, __dirname, __importMetaUrl, __dynamicImport) {${source.toString('latin1')}\n})`, {
    filename: path,
    cachedData,
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(path), module, path, dirname(path), url.href, (specifier) => import(specifier));
  return {
    exports: module.exports,
    /** True when V8 used the cache: false without one, and when it rejected it (another Node.js, other flags). */
    cacheUsed: cachedData !== undefined && !script.cachedDataRejected,
    writeCache() {
      writeFileSync(`${path}.cache`, Buffer.concat([Buffer.from(digest, 'latin1'), script.createCachedData()]));
    },
  };
}
