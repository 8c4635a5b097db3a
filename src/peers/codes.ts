/**
 * The checks of the peers dockerlint answers to: every hadolint rule of
 * v2.15.1 (plus the codes it has removed) and every BuildKit build check of
 * dockerfile/1.26.0. A rule claims a peer code through `meta.aliases`;
 * `docs/peer-coverage.md` is generated from this list and the rules, and a
 * test fails when a code is neither claimed nor given a `notCovered` reason.
 * Descriptions are ours, written from the peers' sources (hadolint's
 * `src/Hadolint/Rule/`, BuildKit's `frontend/dockerfile/linter/ruleset.go`).
 *
 * The other modules of src/peers/ say which peers report a given finding, where
 * a peer reports less than the rule (one module per finding: secret-names.ts,
 * ignored-sources.ts, elevators.ts, relative-workdir.ts, shell-form.ts,
 * root-user.ts): rules ask them which aliases apply and hold no peer quirks.
 */
import type { Rule } from '../engine/rule.js';

export type PeerTool = 'hadolint' | 'buildkit';

export interface PeerCode {
  /** `DL3008`, `JSONArgsRecommended`. */
  readonly code: string;
  readonly tool: PeerTool;
  /** What the peer looks for, in one line. */
  readonly description: string;
  /** A code the peer has removed; kept so that old pragmas and configs still mean something. */
  readonly deprecated?: boolean;
  /** Why no dockerlint rule covers this code, when that is on purpose. */
  readonly notCovered?: string;
}

const hadolint = (code: string, description: string, extra: Partial<PeerCode> = {}): PeerCode => ({ code, tool: 'hadolint', description, ...extra });
const buildkit = (code: string, description: string, extra: Partial<PeerCode> = {}): PeerCode => ({ code, tool: 'buildkit', description, ...extra });

export const hadolintVersion = '2.15.1';

/**
 * hadolint's default severity of each of its codes (v2.15.1; `ignore` means off unless enabled). Checked against
 * hadolint's JSON output on the fixtures for the 54 codes they trigger. The `hadolint` preset is built from it.
 */
export const hadolintSeverity: Readonly<Record<string, 'error' | 'warning' | 'info' | 'style' | 'ignore'>> = {
  DL1001: 'ignore', DL3000: 'error', DL3001: 'info', DL3002: 'warning', DL3003: 'warning', DL3004: 'error', DL3006: 'warning', DL3007: 'warning',
  DL3008: 'warning', DL3009: 'info', DL3010: 'info', DL3011: 'error', DL3012: 'error', DL3013: 'warning', DL3014: 'warning', DL3015: 'info',
  DL3016: 'warning', DL3018: 'warning', DL3019: 'info', DL3020: 'error', DL3021: 'error', DL3022: 'warning', DL3023: 'error', DL3024: 'error',
  DL3025: 'warning', DL3026: 'error', DL3027: 'warning', DL3028: 'warning', DL3029: 'warning', DL3030: 'warning', DL3032: 'warning', DL3033: 'warning',
  DL3034: 'warning', DL3035: 'warning', DL3036: 'warning', DL3037: 'warning', DL3038: 'warning', DL3040: 'warning', DL3041: 'warning', DL3042: 'warning',
  DL3043: 'error', DL3044: 'error', DL3045: 'warning', DL3046: 'warning', DL3047: 'info', DL3048: 'style', DL3049: 'info', DL3050: 'info',
  DL3051: 'warning', DL3052: 'warning', DL3053: 'warning', DL3054: 'warning', DL3055: 'warning', DL3056: 'warning', DL3057: 'ignore', DL3058: 'warning',
  DL3059: 'info', DL3060: 'info', DL3061: 'error', DL3062: 'warning', DL3063: 'warning', DL3064: 'warning', DL3065: 'warning', DL3066: 'info',
  DL3067: 'warning', DL4000: 'error', DL4001: 'warning', DL4003: 'warning', DL4004: 'error', DL4005: 'warning', DL4006: 'warning',
};

export const buildkitVersion = 'dockerfile/1.26.0';

export const peerCodes: readonly PeerCode[] = [
  hadolint('DL1001', 'Inline `# hadolint ignore=` pragma used (off by default)', {
    notCovered:
      'dockerlint honours `# hadolint ignore=` pragmas as suppressions, so that files written for hadolint keep working; flagging the very pragmas it obeys would only add noise',
  }),
  hadolint('DL3000', '`WORKDIR` path is not absolute'),
  hadolint('DL3001', '`RUN` calls a command that makes no sense in a build (`ssh`, `vim`, `ps`, `service`...)'),
  hadolint('DL3002', 'The last `USER` of a stage is root'),
  hadolint('DL3003', '`cd` in a `RUN` instead of `WORKDIR`'),
  hadolint('DL3004', '`sudo` in a `RUN`'),
  hadolint('DL3005', '`apt-get dist-upgrade` (removed in hadolint 2.13)', { deprecated: true }),
  hadolint('DL3006', 'Base image without a tag'),
  hadolint('DL3007', 'Base image tagged `latest`'),
  hadolint('DL3008', '`apt-get install` of a package without a version'),
  hadolint('DL3009', 'apt lists left in the image after `apt-get update`'),
  hadolint('DL3010', 'A local archive is copied with `COPY` and then unpacked in a `RUN`'),
  hadolint('DL3011', '`EXPOSE` port above 65535'),
  hadolint('DL3012', 'More than one `HEALTHCHECK` in a stage'),
  hadolint('DL3013', '`pip install` of a package without a version'),
  hadolint('DL3014', '`apt-get install` without `-y`'),
  hadolint('DL3015', '`apt-get install` without `--no-install-recommends`'),
  hadolint('DL3016', '`npm install` of a package without a version'),
  hadolint('DL3017', '`apk upgrade` (removed in hadolint 2.7)', { deprecated: true }),
  hadolint('DL3018', '`apk add` of a package without a version'),
  hadolint('DL3019', '`apk add` without `--no-cache`'),
  hadolint('DL3020', '`ADD` of a local file that is not an archive, where `COPY` does'),
  hadolint('DL3021', '`COPY` of several sources to a destination that is not a directory (`/` at the end)'),
  hadolint('DL3022', '`COPY --from` naming no earlier stage'),
  hadolint('DL3023', '`COPY --from` naming the stage it is in'),
  hadolint('DL3024', 'Two stages with the same name'),
  hadolint('DL3025', '`CMD`, `ENTRYPOINT` or `HEALTHCHECK CMD` in shell form instead of a JSON array'),
  hadolint('DL3026', 'Image from a registry that is not in the configured trusted list'),
  hadolint('DL3027', '`apt` in a script instead of `apt-get`'),
  hadolint('DL3028', '`gem install` of a gem without a version'),
  hadolint('DL3029', '`FROM --platform` with any value but `$BUILDPLATFORM`/`$TARGETPLATFORM`'),
  hadolint('DL3030', '`yum install` without `-y`'),
  hadolint('DL3031', '`yum update` (removed in hadolint 2.7)', { deprecated: true }),
  hadolint('DL3032', '`yum install` without a later `yum clean all`'),
  hadolint('DL3033', '`yum install` of a package or module without a version'),
  hadolint('DL3034', '`zypper` command that asks for confirmation, without `--non-interactive`'),
  hadolint('DL3035', '`zypper dist-upgrade`'),
  hadolint('DL3036', '`zypper install` without a later `zypper clean`'),
  hadolint('DL3037', '`zypper install` of a package without a version'),
  hadolint('DL3038', '`dnf install` without `-y`'),
  hadolint('DL3039', '`dnf update` (removed in hadolint 2.7)', { deprecated: true }),
  hadolint('DL3040', '`dnf install` without a later `dnf clean all`'),
  hadolint('DL3041', '`dnf install` of a package or module without a version'),
  hadolint('DL3042', '`pip install` without `--no-cache-dir`'),
  hadolint('DL3043', '`ONBUILD` triggering `ONBUILD`, `FROM` or `MAINTAINER`'),
  hadolint('DL3044', '`ENV` value that refers to a key set by the same `ENV`'),
  hadolint('DL3045', '`COPY` to a relative destination before any `WORKDIR`'),
  hadolint('DL3046', '`useradd` with a high UID and without `-l`'),
  hadolint('DL3047', '`wget` without `--progress` or a quiet option'),
  hadolint('DL3048', '`LABEL` key outside the Docker key syntax'),
  hadolint('DL3049', 'A label of the configured schema missing from a stage'),
  hadolint('DL3050', 'A label that the strict label schema does not list'),
  hadolint('DL3051', 'A schema label with an empty value'),
  hadolint('DL3052', 'A schema label of type `url` that is not an absolute URL'),
  hadolint('DL3053', 'A schema label of type `rfc3339` that is not an RFC 3339 time'),
  hadolint('DL3054', 'A schema label of type `spdx` that is not an SPDX license id'),
  hadolint('DL3055', 'A schema label of type `hash` that is not a Git hash'),
  hadolint('DL3056', 'A schema label of type `semver` that is not a semantic version'),
  hadolint('DL3057', 'A stage without `HEALTHCHECK` (off by default)'),
  hadolint('DL3058', 'A schema label of type `email` that is not an email address'),
  hadolint('DL3059', 'Consecutive `RUN`s of one command each, which could be one layer'),
  hadolint('DL3060', '`yarn install` without a later `yarn cache clean`'),
  hadolint('DL3061', 'An instruction other than `ARG` before the first `FROM`'),
  hadolint('DL3062', '`go install`, `go get` or `go run` of a package without a version, or at `@latest`'),
  hadolint('DL3063', 'Stage named `scratch` or `context`'),
  hadolint('DL3064', '`ARG` or `ENV` whose name says it holds a secret'),
  hadolint('DL3065', '`FROM --platform=$TARGETPLATFORM`, which is the default anyway'),
  hadolint('DL3066', '`USER` given by name instead of a numeric UID'),
  hadolint('DL3067', '`COPY --from` of a whole stage filesystem `/` onto `/`'),
  hadolint('DL4000', '`MAINTAINER` instead of a label'),
  hadolint('DL4001', 'Both `curl` and `wget` used in one stage'),
  hadolint('DL4003', 'More than one `CMD` in a stage'),
  hadolint('DL4004', 'More than one `ENTRYPOINT` in a stage'),
  hadolint('DL4005', '`ln` onto `/bin/sh` instead of a `SHELL` instruction'),
  hadolint('DL4006', 'Pipe in a `RUN` whose shell does not set `-o pipefail`'),

  buildkit('StageNameCasing', 'Stage name with upper-case letters'),
  buildkit('FromAsCasing', '`AS` not in the case of its `FROM` keyword'),
  buildkit('NoEmptyContinuation', 'Blank line inside an instruction continued with `\\`'),
  buildkit('ConsistentInstructionCasing', 'Instruction keyword not in the case of the rest of the file'),
  buildkit('DuplicateStageName', 'Two stages with the same name, in any case'),
  buildkit('ReservedStageName', 'Stage named `scratch` or `context`, in any case'),
  buildkit('JSONArgsRecommended', '`CMD` or `ENTRYPOINT` in shell form instead of a JSON array'),
  buildkit('MaintainerDeprecated', '`MAINTAINER` instead of a label'),
  buildkit('UndefinedArgInFrom', 'Variable in `FROM` that no global `ARG` declares'),
  buildkit('WorkdirRelativePath', 'First `WORKDIR` of a stage is relative'),
  buildkit('UndefinedVar', 'Variable expanded by the builder that no `ARG` or `ENV` defines'),
  buildkit('MultipleInstructionsDisallowed', '`CMD`, `ENTRYPOINT` or `HEALTHCHECK` overridden by a later one in the same stage'),
  buildkit('LegacyKeyValueFormat', '`ENV` or `LABEL` in the legacy `key value` form'),
  buildkit('InvalidBaseImagePlatform', 'Base image built for another platform than the stage', {
    notCovered:
      "needs the base image's manifest from the registry; dockerlint reads only the build context and never goes online",
  }),
  buildkit('RedundantTargetPlatform', '`FROM --platform=$TARGETPLATFORM`, which is the default anyway'),
  buildkit('SecretsUsedInArgOrEnv', '`ARG` or `ENV` whose name says it holds a secret'),
  buildkit('InvalidDefaultArgInFrom', '`FROM` image that is empty or invalid with the global `ARG` defaults'),
  buildkit('FromPlatformFlagConstDisallowed', '`FROM --platform` with a fixed platform'),
  buildkit('CopyIgnoredFile', '`COPY` or `ADD` of a file that `.dockerignore` leaves out of the context'),
  buildkit('InvalidDefinitionDescription', 'Comment above an `ARG` or named stage that does not start with its name (experimental)', {
    notCovered:
      'experimental and off in BuildKit unless asked for; it enforces a documentation convention (`# name description`), not a defect in the build',
  }),
  buildkit('ExposeProtoCasing', '`EXPOSE` protocol not in lower case'),
  buildkit('ExposeInvalidFormat', '`EXPOSE` with an IP address or a host port'),
];

export function peerCodesOf(tool: PeerTool): readonly PeerCode[] {
  return peerCodes.filter((p) => p.tool === tool);
}

export function findPeerCode(code: string): PeerCode | undefined {
  return peerCodes.find((p) => p.code === code);
}

/** The rules whose `meta.aliases` name `code`. */
export function rulesCovering(code: string, rules: readonly Rule[]): Rule[] {
  return rules.filter((r) => r.meta.aliases.includes(code)).sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1));
}

/** `docs/peer-coverage.md`: for every peer code, the rules that cover it or why none does. */
export function peerCoverageMarkdown(rules: readonly Rule[]): string {
  const link = (rule: Rule): string => `[\`${rule.meta.id}\`](rules/${rule.meta.id}.md)`;
  const coverage = (peer: PeerCode): string => {
    const covering = rulesCovering(peer.code, rules);
    if (covering.length > 0) return covering.map(link).join(', ');
    return peer.notCovered ? `not covered: ${peer.notCovered}` : '**not covered**';
  };
  const table = (tool: PeerTool): string[] => [
    '| code | what it flags | dockerlint |',
    '| --- | --- | --- |',
    ...peerCodesOf(tool).map((p) => `| \`${p.code}\` | ${p.description} | ${coverage(p)} |`),
  ];
  const counts = (tool: PeerTool): string => {
    const codes = peerCodesOf(tool).filter((p) => !p.deprecated);
    const covered = codes.filter((p) => rulesCovering(p.code, rules).length > 0).length;
    const onPurpose = codes.filter((p) => rulesCovering(p.code, rules).length === 0 && p.notCovered).length;
    return `${covered} of ${codes.length} covered, ${onPurpose} left out on purpose, ${codes.length - covered - onPurpose} not covered`;
  };

  // Trivy and Checkov codes are listed as the rules claim them: dockerlint does not track those tools' full lists.
  const claimed = (pattern: RegExp): string[] => {
    const codes = new Set(rules.flatMap((r) => r.meta.aliases.filter((a) => pattern.test(a))));
    const rows = [...codes].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    return ['| code | dockerlint |', '| --- | --- |', ...rows.map((code) => `| \`${code}\` | ${rulesCovering(code, rules).map(link).join(', ')} |`)];
  };

  return [
    '# Peer coverage',
    '',
    '<!-- Generated by npm run docs from src/peers/codes.ts and the rules\' aliases: do not edit. -->',
    '',
    `Which dockerlint rule answers to each check of hadolint ${hadolintVersion} and of BuildKit's build checks (${buildkitVersion}).`,
    'A rule covers the peer codes listed in its aliases: an inline pragma or a config entry that names a peer code',
    '(`# hadolint ignore=DL3008`, `# check=skip=JSONArgsRecommended`, `"DL3008": "off"`) applies to the rules that cover it.',
    'A rule may check more or less than its peer: the "Differences from peers" section of its page says where.',
    '',
    `- hadolint: ${counts('hadolint')} (the ${peerCodesOf('hadolint').filter((p) => p.deprecated).length} codes hadolint has removed are listed too)`,
    `- BuildKit: ${counts('buildkit')}`,
    '',
    `## hadolint ${hadolintVersion}`,
    '',
    ...table('hadolint'),
    '',
    `## BuildKit build checks (${buildkitVersion})`,
    '',
    ...table('buildkit'),
    '',
    '## Trivy and Checkov',
    '',
    'The codes of Trivy (`DS-*`) and Checkov (`CKV_DOCKER_*`, `CKV2_DOCKER_*`) that rules answer to.',
    '',
    '### Trivy',
    '',
    ...claimed(/^DS-\d+$/),
    '',
    '### Checkov',
    '',
    ...claimed(/^CKV2?_DOCKER_\d+$/),
    '',
  ].join('\n');
}
