/**
 * Whether a terminal shows OSC 8 hyperlinks (the text reporter links each rule id to its docs). A terminal that
 * does not know the sequence may print it as garbage, so only terminals known to support it get links, never a
 * pipe, a file or a CI log (whose viewers show URLs, not escapes), unless FORCE_HYPERLINK says otherwise.
 * The same signals as the supports-hyperlinks package, without the dependency.
 */

/** CI systems whose logs are read in a browser: a link there is an escape sequence in the text. */
const CI_VARIABLES = ['CI', 'GITHUB_ACTIONS', 'GITLAB_CI', 'BUILDKITE', 'TF_BUILD', 'JENKINS_URL', 'TEAMCITY_VERSION', 'CIRCLECI', 'TRAVIS'];

export function supportsHyperlinks(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  const forced = env.FORCE_HYPERLINK;
  if (forced !== undefined && forced !== '') return forced !== '0' && forced !== 'false';
  if (!isTTY || env.TERM === 'dumb') return false;
  if (CI_VARIABLES.some((name) => env[name] !== undefined && env[name] !== '' && env[name] !== 'false')) return false;
  const program = env.TERM_PROGRAM;
  if (program === 'iTerm.app') return versionAtLeast(env.TERM_PROGRAM_VERSION, [3, 1]);
  if (program === 'WezTerm' || program === 'vscode' || program === 'ghostty' || program === 'Hyper') return true;
  if (env.WT_SESSION || env.KONSOLE_VERSION || env.DOMTERM) return true;
  if (env.VTE_VERSION && Number.parseInt(env.VTE_VERSION, 10) >= 5000) return true;
  return ['xterm-kitty', 'xterm-ghostty', 'alacritty', 'foot', 'foot-extra', 'contour'].includes(env.TERM ?? '');
}

function versionAtLeast(version: string | undefined, wanted: readonly number[]): boolean {
  const parts = (version ?? '').split('.').map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < wanted.length; i++) {
    if ((parts[i] ?? 0) !== wanted[i]) return (parts[i] ?? 0) > wanted[i]!;
  }
  return true;
}
