/**
 * Inline suppressions: our own pragmas, and hadolint's and BuildKit's so that
 * files written for those tools keep working. A code in a pragma matches a
 * finding by rule id or by any of the finding's aliases.
 *
 *   # dockerlint ignore=unpinned-version,DL3059     the next instruction
 *   # dockerlint global ignore=mutable-tag          the whole file
 *   # dockerlint ignore=mutable-tag -- pinned upstream   a reason after ` -- `, as ESLint allows
 *   # hadolint ignore=DL3008 / # hadolint global ignore=DL3008
 *   # check=skip=JSONArgsRecommended                parser directive (whole file) or above an instruction
 *   flask>=2  # dockerlint ignore=unpinned-version  requirements files: this line
 */
import type { Comment, DockerfileModel } from '../model/dockerfile.js';
import type { Finding } from './finding.js';
import { codesOf } from './peer-codes.js';

/** A rule's aliases by rule id: a finding of that rule answers to them where its own aliases name no code of the same peer. */
export type RuleAliases = (rule: string) => readonly string[];

const noRuleAliases: RuleAliases = () => [];

interface Scope {
  readonly codes: ReadonlySet<string>;
  /** BuildKit's `skip=all`: every finding that has a BuildKit alias. */
  readonly allBuildKit?: boolean;
}

/** Lines covered by a pragma: [first, last] inclusive. */
interface LineScope extends Scope {
  readonly first: number;
  readonly last: number;
}

export interface Suppressions {
  isSuppressed(finding: Finding): boolean;
}

// `-- reason` after the codes says why, as ESLint's directives do: `# dockerlint ignore=model-download-at-build -- baked in on purpose`.
const PRAGMA = /^\s*(dockerlint|hadolint)\s+(global\s+)?ignore\s*=\s*([A-Za-z0-9_\-, ]+?)\s*(?:\s--(?:\s.*)?)?(?:#.*)?$/;
const CHECK_SKIP = /^\s*check\s*=\s*(\S*)/i;

function codeSet(list: string): Set<string> {
  const reason = /\s--(\s|$)/.exec(list);
  return new Set((reason ? list.slice(0, reason.index) : list).split(',').map((c) => c.trim()).filter(Boolean));
}

function matches(scope: Scope, finding: Finding, isBuildKitAlias: (code: string) => boolean, ruleAliases: RuleAliases): boolean {
  if (scope.codes.has(finding.rule)) return true;
  // BuildKit's skip=all stands for the findings BuildKit itself would report.
  if (scope.allBuildKit && finding.aliases.some(isBuildKitAlias)) return true;
  return codesOf(finding.aliases, ruleAliases(finding.rule)).some((code) => scope.codes.has(code));
}

function checkSkip(value: string): Scope | undefined {
  for (const option of value.split(';')) {
    const [key, list] = option.split('=', 2);
    if (key.trim().toLowerCase() === 'skip' && list !== undefined) {
      return list.trim() === 'all' ? { codes: new Set(), allBuildKit: true } : { codes: codeSet(list) };
    }
  }
  return undefined;
}

export function dockerfileSuppressions(
  file: DockerfileModel,
  isBuildKitAlias: (code: string) => boolean,
  ruleAliases: RuleAliases = noRuleAliases,
): Suppressions {
  const global: Scope[] = [];
  const local: LineScope[] = [];
  for (const directive of file.directives) {
    if (directive.name === 'check') {
      const scope = checkSkip(directive.value);
      if (scope) global.push(scope);
    }
  }
  const commentByLine = new Map<number, Comment>();
  for (const comment of file.comments) commentByLine.set(comment.line, comment);
  for (const comment of file.comments) {
    const pragma = PRAGMA.exec(comment.text);
    const skip = pragma ? undefined : CHECK_SKIP.exec(comment.text);
    if (!pragma && !skip) continue;
    const scope: Scope | undefined = pragma ? { codes: codeSet(pragma[3]) } : checkSkip(skip![1]);
    if (!scope) continue;
    if (pragma?.[2]) {
      global.push(scope);
      continue;
    }
    // The pragma covers the instruction right below its block of comment lines.
    let line = comment.line + 1;
    while (commentByLine.has(line)) line++;
    const instruction = file.instructions.find((i) => i.line === line);
    if (instruction) local.push({ ...scope, first: instruction.range.start.line, last: instruction.range.end.line });
  }
  return {
    isSuppressed(finding) {
      for (const scope of global) if (matches(scope, finding, isBuildKitAlias, ruleAliases)) return true;
      const line = finding.range.start.line;
      for (const scope of local) {
        if (line >= scope.first && line <= scope.last && matches(scope, finding, isBuildKitAlias, ruleAliases)) return true;
      }
      return false;
    },
  };
}

const TRAILING_PRAGMA = /#\s*dockerlint\s+ignore\s*=\s*([A-Za-z0-9_\-, ]+)/;
const LINE_PRAGMA = /^\s*#\s*dockerlint\s+(global\s+)?ignore\s*=\s*([A-Za-z0-9_\-, ]+)/;

/** Requirements and .dockerignore files: a pragma at the end of a line (requirements only), on the line above, or `global`. */
export function lineSuppressions(lines: readonly string[], allowTrailing: boolean, ruleAliases: RuleAliases = noRuleAliases): Suppressions {
  const global: Scope[] = [];
  const byLine = new Map<number, Scope>();
  lines.forEach((text, index) => {
    const own = LINE_PRAGMA.exec(text);
    if (own) {
      if (own[1]) global.push({ codes: codeSet(own[2]) });
      else byLine.set(index + 2, { codes: codeSet(own[2]) });
      return;
    }
    const trailing = allowTrailing ? TRAILING_PRAGMA.exec(text) : null;
    if (trailing) byLine.set(index + 1, { codes: codeSet(trailing[1]) });
  });
  const none = () => false;
  return {
    isSuppressed(finding) {
      for (const scope of global) if (matches(scope, finding, none, ruleAliases)) return true;
      const scope = byLine.get(finding.range.start.line);
      return scope !== undefined && matches(scope, finding, none, ruleAliases);
    },
  };
}
