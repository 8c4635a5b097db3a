/**
 * A hadolint user switches without surprises (issue 15): hadolint's pragmas, config file, flags and habits,
 * run through the built CLI as a process.
 */
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from './support/cli-process.js';

/** A repository of its own, with no config of ours nor the user's own hadolint config in the way. */
function repo(files: Record<string, string>): string {
  return tempDir({ '.git/HEAD': 'ref: refs/heads/main\n', ...files }, 'dockerlint-hadolint-');
}

/** The CLI, with HOME and XDG_CONFIG_HOME pointing into the repository, so that the user's own config is not read. */
function run(args: readonly string[], cwd: string, env: Record<string, string | undefined> = {}, input?: string) {
  return runCli(args, { cwd, input, env: { HOME: `${cwd}/.home`, XDG_CONFIG_HOME: `${cwd}/.home/.config`, ...env } });
}

function rulesIn(compact: string): string[] {
  return [...compact.matchAll(/^[^:]+:\d+:\d+: \w+ ([\w-]+)/gm)].map((m) => m[1]);
}

const NGC = 'FROM nvcr.io/nvidia/pytorch:24.01-py3\nUSER 1000\n';

describe('hadolint pragmas and codes', () => {
  it('a rule answers to its peer code even where the peer would not report (official-base-image, DL3026)', () => {
    const dir = repo({ Dockerfile: NGC });
    expect(rulesIn(run(['-f', 'compact', '.'], dir).stdout)).toContain('official-base-image');
    expect(rulesIn(run(['-f', 'compact', '--rule', 'DL3026=off', '.'], dir).stdout)).not.toContain('official-base-image');
    const pragma = repo({ Dockerfile: `# hadolint global ignore=DL3026\n${NGC}` });
    expect(rulesIn(run(['-f', 'compact', '.'], pragma).stdout)).not.toContain('official-base-image');
  });

  it('a code that a finding answers to itself stays the only one of its peer: DL3014 leaves yum (DL3030) reported', () => {
    const dir = repo({ Dockerfile: 'FROM alpine:3.20\n# hadolint ignore=DL3014\nRUN apt-get install curl=8.0 && yum install wget-1.0\n' });
    const found = rulesIn(run(['-f', 'compact', '--no-config', '.'], dir).stdout);
    expect(found.filter((r) => r === 'non-interactive-install')).toHaveLength(1);
  });
});
