/**
 * What an apt command line says, beyond its flags, about the questions apt asks
 * and the recommended packages it installs: `-o` settings
 * (`-o APT::Install-Recommends=false`, `-o APT::Get::Assume-Yes=true`), the
 * quiet level (`-qq` answers yes), and `yes |` in front of it. The rules and
 * the parity explanations ask these, so both accept the same command lines.
 */
import type { PackageCommand } from './packages.js';
import type { ShellCommand } from './shell.js';

const APT_FALSE = /^(false|no|0|off|disable)$/i;

/** `-o APT::Install-Recommends=false` (or `0`, `no`, `off`, `disable`) among the command's arguments. */
export function aptRecommendsOff(pc: PackageCommand): boolean {
  return pc.args.some((w) => {
    const m = /^APT::Install-Recommends=(.*)$/i.exec(w.value);
    return m !== null && APT_FALSE.test(m[1].replace(/^"|"$/g, ''));
  });
}

/** apt's quiet level: `-q` counts one, `-qq` two, `-q=2` and `--quiet=2` two. */
export function aptQuietLevel(pc: PackageCommand): number {
  let level = 0;
  for (const word of pc.args) {
    const value = word.value;
    const set = /^(?:-q|--quiet)=(\d+)$/.exec(value);
    if (set) level = Number(set[1]);
    else if (value === '--quiet') level++;
    else if (/^-[a-zA-Z]+$/.test(value)) level += [...value].filter((c) => c === 'q').length;
  }
  return level;
}

/** apt answers its questions itself: quiet level 2 or more, or `-o APT::Get::Assume-Yes=true`. */
export function aptAssumesYes(pc: PackageCommand): boolean {
  return aptQuietLevel(pc) >= 2 || pc.args.some((w) => /^APT::Get::Assume-?Yes=(true|yes|1|on)$/i.test(w.value));
}

/** `yes | apt-get install x`: an earlier element of the pipeline answers yes. */
export function pipedFromYes(command: ShellCommand): boolean {
  return command.pipeline.slice(0, command.pipelineIndex).some((c) => c.name === 'yes');
}
