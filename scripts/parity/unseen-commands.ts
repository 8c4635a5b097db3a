/**
 * The commands hadolint does not see. hadolint checks the simple commands of a
 * `RUN` by their first word, so a command behind a wrapper (`sudo`, `env`), called
 * by a path (`/usr/bin/apt`) or by a variable (`${PYTHON} -m pip`), inside a `sh -c '...'` string (the exec form
 * `RUN ["/bin/sh", "-c", "..."]` included) or in a heredoc fed to a shell
 * (`bash <<EOF`) is one it never checks. The rules that report a command wherever
 * it runs say so in their docs; these entries count the findings it explains.
 */
import type { Instruction } from '../../src/model/dockerfile.js';
import type { ShellCommand } from '../../src/model/shell.js';
import type { Difference, Disagreement } from './difference.js';

type Unseen = 'wrapper' | 'path' | 'variable' | 'shell string' | 'exec-form shell' | 'heredoc script';

const anyWrapper = (c: ShellCommand) => c.wrappers.length > 0;

/**
 * Why hadolint does not see the command of the instruction, or undefined when it does. `wrapped` says whether a
 * wrapper hides it (by default any wrapper does).
 */
export function whyUnseen(instruction: Instruction | undefined, c: ShellCommand, wrapped = anyWrapper): Unseen | undefined {
  // hadolint reads an exec form as its words joined by spaces: with a shell first, the script is that shell's argument.
  if (/(^|\/)(ba|da|k|z)?sh$/.test(instruction?.execForm?.[0]?.value ?? '')) return 'exec-form shell';
  for (let p: ShellCommand | undefined = c; p; p = p.parent) {
    if (p.nesting === 'shell-string') return 'shell string';
    if (p.nesting === 'heredoc-script') return 'heredoc script';
  }
  if (wrapped(c)) return 'wrapper';
  if (!c.nameWord.literal) return 'variable';
  if (c.nameWord.value.includes('/')) return 'path';
  return undefined;
}

const REASONS: Readonly<Record<Unseen, (noun: string) => string>> = {
  wrapper: (noun) => `${noun} behind \`sudo\`, \`env\` or another wrapper, which hadolint does not look through`,
  path: (noun) => `${noun} called by a path (\`/usr/bin/...\`), which hadolint does not recognise`,
  variable: (noun) => `${noun} named by a variable with a known \`ARG\`/\`ENV\` value (\`\${PYTHON} -m pip\`), which hadolint does not resolve`,
  'shell string': (noun) => `${noun} inside \`sh -c '...'\`, whose string hadolint does not read`,
  'exec-form shell': (noun) => `${noun} in exec form \`RUN ["/bin/sh", "-c", "..."]\`, whose script hadolint does not read`,
  'heredoc script': (noun) => `${noun} in a heredoc fed to a shell (\`bash <<EOF\`), which hadolint does not read`,
};

/** Whether the command is one the finding is about. */
type Relevant = (c: ShellCommand, d: Disagreement) => boolean;

export interface UnseenOptions {
  /** Whether a wrapper hides the command from hadolint: by default any wrapper does. */
  readonly wrapped?: (c: ShellCommand) => boolean;
}

/**
 * Why hadolint sees none of the commands of the disagreement's instruction that `relevant` picks, one reason per
 * command; undefined when it sees one of them, or there are none.
 */
function onlyUnseen(d: Disagreement, relevant: Relevant, options: UnseenOptions = {}): Unseen[] | undefined {
  const reasons = (d.instruction?.script?.commands ?? []).filter((c) => relevant(c, d)).map((c) => whyUnseen(d.instruction, c, options.wrapped));
  if (reasons.length === 0 || reasons.some((r) => r === undefined)) return undefined;
  return reasons as Unseen[];
}

/**
 * Our lone findings of `code` on `noun`s (e.g. "`cd`") that hadolint does not see, one entry per reason: the
 * instruction's relevant commands are all unseen, one of them for that reason.
 */
export function unseenCommands(code: string, rule: string, noun: string, relevant: Relevant, options: UnseenOptions = {}): Difference[] {
  return (Object.keys(REASONS) as Unseen[]).map((why) => ({
    code,
    side: 'dockerlint',
    rule,
    reason: REASONS[why](noun),
    matches: (d) => onlyUnseen(d, relevant, options)?.includes(why) ?? false,
  }));
}
