/** Deliberate differences of `platform-flag` from hadolint; see that rule's docs. */
import { parsePlatform, stageNamedForPlatform } from '../../src/model/platform.js';
import type { Difference } from './difference.js';

/** The `--platform` value of the FROM the disagreement is on, quotes dropped. */
function platformValue(d: Parameters<Difference['matches']>[0]): string | undefined {
  if (d.instruction?.keyword !== 'FROM') return undefined;
  return d.instruction.flag('platform')?.value?.replace(/^(["'])(.*)\1$/, '$2');
}

export const differences: readonly Difference[] = [
  {
    code: 'DL3029',
    side: 'hadolint',
    rule: 'platform-flag',
    reason: 'a platform from a variable (`--platform=linux/${ARCH}`, `$BUILDOS/$BUILDARCH`), not a constant',
    matches: (d) => platformValue(d)?.includes('$') === true,
  },
  {
    code: 'DL3029',
    side: 'hadolint',
    rule: 'platform-flag',
    reason: 'a stage named after its platform (`FROM --platform=linux/arm64 ... AS build-arm64`)',
    matches: (d) => {
      const value = platformValue(d);
      const platform = value ? parsePlatform(value) : undefined;
      return platform !== undefined && stageNamedForPlatform(d.file.stages.find((s) => s.from === d.instruction)?.name, platform);
    },
  },
  {
    code: 'DL3029',
    side: 'hadolint',
    rule: 'platform-flag',
    reason: 'a constant that is no single platform (`local`, `linux/amd64,linux/arm64`)',
    matches: (d) => {
      const value = platformValue(d);
      return value !== undefined && !value.includes('$') && parsePlatform(value) === undefined;
    },
  },
];
