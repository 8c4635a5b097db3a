/**
 * Code actions on a document's findings: each finding's fix as a quick fix, the pragmas that ignore a rule for one
 * instruction or line and for the whole file, and `source.fixAll.dockerlint` (the safe fixes, as `--fix` applies them).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeActionKind, type CodeAction, type Diagnostic, type Range as LspRange, type TextEdit as LspTextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../engine/finding.js';
import type { LintedKind } from '../engine/rule.js';
import { parseDockerfile } from '../model/dockerfile.js';
import { loadShellParser } from '../model/shell-parser.js';
import { fileNotLintedRule, internalErrorRule } from '../engine/engine-findings.js';
import { toLspEdits } from './convert.js';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.dockerlint`;

/** Whether an action of `kind` is one the request asks for (`only`: the kinds wanted, and their sub-kinds). */
export function wanted(kind: string, only: readonly string[] | undefined): boolean {
  return only === undefined || only.length === 0 || only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

/**
 * The quick fix of a finding's fix; an unsafe one says so in its title. A fix that creates files (named relative to
 * `cwd`, as findings name files) needs a client that can create them (`canCreate`): without, it is not offered, as
 * its edits alone would not repair the finding. An existing file is never written over.
 */
export function quickFix(document: TextDocument, finding: Finding, diagnostic: Diagnostic, cwd: string, canCreate: boolean): CodeAction | undefined {
  const fix = finding.fix;
  const creates = fix?.create ?? [];
  if (!fix || (fix.edits.length === 0 && creates.length === 0) || (creates.length > 0 && !canCreate)) return undefined;
  const title = fix.applicability === 'unsafe' ? `${fix.description} (unsafe: may change what the image does)` : fix.description;
  const edits = toLspEdits(fix.edits, document.getText());
  const edit: WorkspaceEdit =
    creates.length === 0
      ? { changes: { [document.uri]: edits } }
      : {
          documentChanges: [
            ...creates.flatMap((file) => {
              const uri = pathToFileURL(resolve(cwd, file.path)).href;
              return [
                { kind: 'create' as const, uri, options: { overwrite: false, ignoreIfExists: true } },
                { textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: file.text }] },
              ];
            }),
            ...(edits.length > 0 ? [{ textDocument: { uri: document.uri, version: document.version }, edits }] : []),
          ],
        };
  return { title: `${title} (${finding.rule})`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.applicability === 'safe', edit };
}

/** Engine findings say a file could not be read or analysed: no pragma hides them, so none is offered. */
function ignorable(finding: Finding): boolean {
  return finding.rule !== fileNotLintedRule.meta.id && finding.rule !== internalErrorRule.meta.id;
}

const LOCAL_PRAGMA = /^(\s*#\s*dockerlint\s+ignore\s*=\s*)([A-Za-z0-9_\-, ]*?)(\s*(?:\s--(?:\s.*)?)?)$/;
const GLOBAL_PRAGMA = /^(\s*#\s*dockerlint\s+global\s+ignore\s*=\s*)([A-Za-z0-9_\-, ]*?)(\s*(?:\s--(?:\s.*)?)?)$/;

/** The edit that adds `id` to the pragma on line `index` (0-based) when it is one of `pattern`'s form. */
function extendPragma(lines: readonly string[], index: number, pattern: RegExp, id: string): LspTextEdit | undefined {
  const match = pattern.exec(lines[index] ?? '');
  if (!match) return undefined;
  const codes = match[2]!.split(',').map((c) => c.trim());
  if (codes.includes(id)) return undefined;
  const at = match[1]!.length + match[2]!.length;
  return { range: { start: { line: index, character: at }, end: { line: index, character: at } }, newText: match[2]!.trim() === '' ? id : `,${id}` };
}

function insertLine(line: number, text: string, eol: string): LspTextEdit {
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${text}${eol}` };
}

/**
 * The two pragma actions of a finding: ignore the rule where it is (the instruction below the pragma in a Dockerfile,
 * the line below it in a requirements or ignore file) and in the whole file (`global`, after a Dockerfile's parser
 * directives, which must stay first). TOML and YAML files get the file form only: a line added inside a multi-line
 * string would change the string.
 */
export async function ignoreActions(document: TextDocument, kind: LintedKind | undefined, finding: Finding, diagnostic: Diagnostic): Promise<CodeAction[]> {
  if (!ignorable(finding)) return [];
  const text = document.getText();
  const lines = text.split(/\r\n|\r|\n/);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const id = finding.rule;
  const findingLine = finding.range.start.line - 1;
  let local: LspTextEdit | undefined;
  let globalLine = 0;
  if (kind === 'dockerfile') {
    await loadShellParser();
    const model = parseDockerfile(text, 'Dockerfile');
    const instruction = model.instructions.find((i) => i.range.start.line - 1 <= findingLine && findingLine <= i.range.end.line - 1);
    if (instruction) {
      const first = instruction.range.start.line - 1;
      const indent = /^\s*/.exec(lines[first] ?? '')![0];
      local = first > 0 && LOCAL_PRAGMA.test(lines[first - 1] ?? '') ? extendPragma(lines, first - 1, LOCAL_PRAGMA, id) : insertLine(first, `${indent}# dockerlint ignore=${id}`, eol);
    }
    globalLine = model.directives.reduce((last, d) => Math.max(last, d.range.end.line), 0);
  } else if (kind === 'requirements' || kind === 'dockerignore') {
    // A line continued from the one above cannot take a comment line between them.
    const continued = findingLine > 0 && /\\$/.test(lines[findingLine - 1] ?? '');
    if (!continued) local = findingLine > 0 && LOCAL_PRAGMA.test(lines[findingLine - 1] ?? '') ? extendPragma(lines, findingLine - 1, LOCAL_PRAGMA, id) : insertLine(findingLine, `# dockerlint ignore=${id}`, eol);
  }
  const actions: CodeAction[] = [];
  const action = (title: string, edit: LspTextEdit): CodeAction => ({ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { changes: { [document.uri]: [edit] } } });
  if (local) actions.push(action(`Ignore ${id} for this ${kind === 'dockerfile' ? 'instruction' : 'line'}`, local));
  // An existing global pragma is extended rather than repeated.
  const existing = lines.findIndex((line) => GLOBAL_PRAGMA.test(line));
  const global = existing >= 0 ? extendPragma(lines, existing, GLOBAL_PRAGMA, id) : insertLine(globalLine, `# dockerlint global ignore=${id}`, eol);
  if (global) actions.push(action(`Ignore ${id} in this file`, global));
  return actions;
}

/** The edit that replaces the whole document by `fixed`, for the fix-all action. */
export function replaceAll(document: TextDocument, fixed: string): LspTextEdit {
  const range: LspRange = { start: { line: 0, character: 0 }, end: document.positionAt(document.getText().length) };
  return { range, newText: fixed };
}
