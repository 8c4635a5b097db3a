import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{JOB_SUMMARY_BYTES,github,jobSummary,withoutWorkflowCommands}from"./chunk-D6FFPNVN.js";import"./chunk-66T6YXE4.js";import"./chunk-LK3HEBLM.js";import"./chunk-NOT6CZ6M.js";import"./chunk-E3JWMDON.js";export{JOB_SUMMARY_BYTES,github,jobSummary,withoutWorkflowCommands};
