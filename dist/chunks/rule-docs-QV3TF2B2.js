import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{explainRule,findRule,generatedDocs,listRules,ruleMarkdown,rulesTable,sortedRules}from"./chunk-6NNIMSC2.js";import"./chunk-2PQQEMEU.js";import"./chunk-E3JWMDON.js";export{explainRule,findRule,generatedDocs,listRules,ruleMarkdown,rulesTable,sortedRules};
