import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{useWasmBeside}from"./chunk-Z36QBBLP.js";import"./chunk-T6DL4ORS.js";import"./chunk-LK3HEBLM.js";import"./chunk-E3JWMDON.js";useWasmBeside(new URL("../cli.js",import.meta.url).href);await import("./lint-worker-VPDJXGCO.js");
