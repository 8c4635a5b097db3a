import { defineRule } from '../src/engine/rule.js';
import { parsePlatform, stageNamedForPlatform } from '../src/model/platform.js';

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
      if (stageNamedForPlatform(stage.name, platform)) continue;
      context.report({
        range: flag.valueRange,
        message: `\`--platform=${value}\` fixes this stage to one platform, so a build for another platform gets ${value} binaries: leave the flag out, or use \`--platform=$BUILDPLATFORM\` for a stage that cross-compiles`,
      });
    }
  },
});
