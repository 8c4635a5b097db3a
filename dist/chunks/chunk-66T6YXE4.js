import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
function defineRule(rule){return rule}var SEVERITY_ORDER={error:3,warning:2,info:1};export{defineRule,SEVERITY_ORDER};
