import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{unifiedDiff}from"./chunk-S2B3LLTP.js";import"./chunk-E3JWMDON.js";export{unifiedDiff};
