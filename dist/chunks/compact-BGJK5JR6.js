import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import{lineStartPath,visible}from"./chunk-NOT6CZ6M.js";import"./chunk-E3JWMDON.js";var compact=result=>{let lines=[];for(let file of result.files)for(let f of file.findings){let aliases=f.aliases.length>0?` (${visible(f.aliases.join(", "))})`:"";lines.push(`${lineStartPath(f.path)}:${f.range.start.line}:${f.range.start.column}: ${f.severity} ${visible(f.rule)}${aliases} ${visible(f.message)}`)}return lines.length>0?`${lines.join(`
`)}
`:""};export{compact};
