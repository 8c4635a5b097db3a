/** `--platform` values (`linux/arm64`, `windows`, `x86_64`) read the way containerd reads them. */

export interface Platform {
  readonly os: string;
  /** Empty for a lone operating system (`windows`). */
  readonly arch: string;
}

/** Operating systems and architectures that containerd's platform parser knows, with the spellings it normalizes. */
const OPERATING_SYSTEMS = new Set([
  'aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl', 'netbsd',
  'openbsd', 'plan9', 'solaris', 'wasip1', 'windows', 'zos',
]);
const OS_ALIASES: Readonly<Record<string, string>> = { macos: 'darwin' };
const ARCHITECTURES = new Set([
  '386', 'amd64', 'amd64p32', 'arm', 'armbe', 'arm64', 'arm64be', 'loong64', 'mips', 'mipsle', 'mips64', 'mips64le',
  'mips64p32', 'mips64p32le', 'ppc', 'ppc64', 'ppc64le', 'riscv', 'riscv64', 's390', 's390x', 'sparc', 'sparc64', 'wasm',
]);
const ARCH_ALIASES: Readonly<Record<string, string>> = {
  i386: '386', x86_64: 'amd64', 'x86-64': 'amd64', aarch64: 'arm64', armhf: 'arm', armel: 'arm',
};

/** `os[/arch[/variant]]` or a lone OS or architecture, the way containerd's platforms.Parse reads it. */
export function parsePlatform(value: string): Platform | undefined {
  const parts = value.toLowerCase().split('/');
  if (parts.length > 3 || parts.some((p) => p === '')) return undefined;
  const os = OS_ALIASES[parts[0]] ?? parts[0];
  if (parts.length === 1) {
    if (OPERATING_SYSTEMS.has(os)) return { os, arch: '' };
    const arch = ARCH_ALIASES[parts[0]] ?? parts[0];
    return ARCHITECTURES.has(arch) ? { os: 'linux', arch } : undefined;
  }
  const arch = ARCH_ALIASES[parts[1]] ?? parts[1];
  return OPERATING_SYSTEMS.has(os) && ARCHITECTURES.has(arch) ? { os, arch } : undefined;
}

/** True for a stage named after its platform (`build-arm64`, `windows-builder`): one of a set of per-platform stages. */
export function stageNamedForPlatform(stageName: string | undefined, platform: Platform): boolean {
  const name = stageName?.toLowerCase() ?? '';
  return name !== '' && (name.includes(platform.os) || (platform.arch !== '' && name.includes(platform.arch)));
}
