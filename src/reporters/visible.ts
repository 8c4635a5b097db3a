/**
 * Text from linted files (messages, snippets, file names) shown in a terminal
 * or a CI log, made inert: a Dockerfile must not be able to clear the screen,
 * retitle the window, plant a hyperlink, start a log line of its own (GitHub's
 * runner splits lines on CR as well as LF) or reorder what is shown (bidi
 * controls). Every such character is shown as a visible escape instead.
 */

/** C0 controls but tab, DEL, C1 controls, the Unicode line and paragraph separators, and bidi embedding/override/isolate controls. */
const INVISIBLE_CHARS = '[\\x00-\\x08\\x0a-\\x1f\\x7f-\\x9f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069]';
const HAS_INVISIBLE = new RegExp(INVISIBLE_CHARS);
const INVISIBLE = new RegExp(INVISIBLE_CHARS, 'g');

const NAMED: Readonly<Record<string, string>> = { '\r': '␍', '\n': '␊' };

function escapeOne(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every control character shown as an escape (`\x1b`, `␍`, `␊`, `\u202e`); tabs are kept. */
export function visible(text: string): string {
  return HAS_INVISIBLE.test(text) ? text.replace(INVISIBLE, escapeOne) : text;
}

/**
 * A path that starts a line of output, so that it cannot read as a command to
 * the CI system that reads the log (`::error` on GitHub, `##[`/`##vso[` on
 * Azure): a relative path that does not start with a letter, digit, `_` or `.`
 * is shown as `./path`, which names the same file.
 */
export function lineStartPath(path: string): string {
  const shown = visible(path);
  return /^[A-Za-z0-9_./\\]/.test(shown) || /^[A-Za-z]:[\\/]/.test(shown) ? shown : `./${shown}`;
}
