import { defineRule } from '../src/engine/rule.js';

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

export default defineRule({
  meta: {
    id: 'platform-flag',
    aliases: ['DL3029', 'FromPlatformFlagConstDisallowed'],
    severity: 'warning',
    category: 'correctness',
    summary: '`FROM --platform` with a fixed platform such as `linux/amd64`',
    fixable: false,
    docs: {
      rationale: `\`FROM --platform=linux/amd64\` fixes the platform of a stage whatever the build is for. Built on an arm64
machine, or with \`docker build --platform linux/arm64\`, the image still contains amd64 binaries: it runs only under
emulation, slowly, or not at all, and a multi-platform build produces the same image under every platform's name. Leave
the flag out so that the stage follows the target platform; for a build stage that cross-compiles, use
\`--platform=$BUILDPLATFORM\` so that it runs natively on the build machine.`,
      bad: `FROM --platform=linux/amd64 golang:1.23 AS build\nRUN go build -o /out/app .\n\nFROM --platform=linux/amd64 gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /app`,
      good: `FROM --platform=$BUILDPLATFORM golang:1.23 AS build\nARG TARGETOS TARGETARCH\nRUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .\n\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /app`,
      notes: `Only constant values that read as a platform are reported (\`linux/amd64\`, \`linux/arm64/v8\`, \`windows\`,
\`arm64\`). A stage whose name contains the platform's operating system or architecture (\`FROM --platform=linux/arm64
node:22 AS build-arm64\`) is taken as deliberate and not reported, as BuildKit does. \`--platform=$TARGETPLATFORM\` is
reported by \`redundant-target-platform\`.`,
      differences: `hadolint (DL3029) reports every \`--platform\` value that does not mention \`BUILDPLATFORM\` or
\`TARGETPLATFORM\`: variables such as \`$BUILDOS/$BUILDARCH\` or \`linux/\${ARCH}\`, deliberately named stages, and
values that are no single platform (\`local\`, a list) included; here, like BuildKit's FromPlatformFlagConstDisallowed,
only constants that name a platform are reported.`,
    },
  },
  checkDockerfile(file, context) {
    for (const stage of file.stages) {
      const flag = stage.platform;
      if (!flag?.value || !flag.valueRange) continue;
      const value = flag.value.replace(/^(["'])(.*)\1$/, '$2');
      if (value.includes('$')) continue;
      const platform = parsePlatform(value);
      if (!platform) continue;
      const name = stage.name?.toLowerCase() ?? '';
      if (name !== '' && (name.includes(platform.os) || (platform.arch !== '' && name.includes(platform.arch)))) continue;
      context.report({
        range: flag.valueRange,
        message: `\`--platform=${value}\` fixes this stage to one platform, so a build for another platform gets ${value} binaries: leave the flag out, or use \`--platform=$BUILDPLATFORM\` for a stage that cross-compiles`,
      });
    }
  },
});

/** `os[/arch[/variant]]` or a lone OS or architecture, the way containerd's platforms.Parse reads it. */
export function parsePlatform(value: string): { os: string; arch: string } | undefined {
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
