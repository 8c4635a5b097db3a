import { defineRule } from '../src/engine/rule.js';
import type { Instruction, Stage } from '../src/model/dockerfile.js';
import { effectiveUser, imageStages, userArgument } from '../src/model/stages.js';
import { rootUserAliases } from '../src/peers/root-user.js';

export default defineRule({
  meta: {
    id: 'last-user-root',
    aliases: ['DL3002', 'DS-0002', 'CKV_DOCKER_8'],
    severity: 'warning',
    category: 'security',
    summary: 'The image switches back to `root` with its last `USER`',
    fixable: false,
    docs: {
      rationale: `The last \`USER\` of an image is the user its containers run as. \`USER root\` there (often left over from
installing packages) makes the application run with full privileges inside the container: a bug or an injected
command in it can then change any file of the image, read every secret mounted into the container, and use any
weakness of the container runtime to get out with root rights. Switch to \`root\` only for the steps that need it, and
end with an unprivileged user.`,
      bad: `FROM python:3.12-slim\nRUN useradd --uid 10001 app\nUSER app\nCOPY . /app\nUSER root\nCMD ["python", "/app/main.py"]`,
      good: `FROM python:3.12-slim\nRUN useradd --uid 10001 app\nCOPY . /app\nUSER 10001\nCMD ["python", "/app/main.py"]`,
      notes: `Looked at for every stage that no other stage builds on or copies from (the final stage, and other stages
meant as targets of \`--target\`): the user such an image runs as is its own last \`USER\`, or when it has none, that of
the stage it is built on (\`FROM base\`). Build stages that only feed others (\`FROM builder\`, \`COPY --from=builder\`)
may run as \`root\`: their user never runs a container. \`root\`, \`0\`, \`root:<group>\` and \`0:<group>\` are root;
variables are resolved with their \`ARG\`/\`ENV\` values. Reported at the user. An image that never sets a \`USER\` is
left to \`run-as-root\`.`,
      differences: `hadolint's DL3002 looks at the last \`USER\` of every stage, build stages included, and takes the
user as written (\`ARG RUN_AS=root\` + \`USER $RUN_AS\` passes there). Trivy (DS-0002) and
Checkov (CKV_DOCKER_8) look only at the last \`USER\` of the whole file, and Checkov only at the exact word \`root\`:
a finding carries \`DS-0002\` and \`CKV_DOCKER_8\` only when it is that instruction and they would report it.`,
    },
  },
  checkDockerfile(file, context) {
    const reported = new Set<Instruction>();
    for (const stage of imageStages(file)) {
      const user = effectiveUser(stage);
      if (!user || reported.has(user) || !isRoot(userName(user))) continue;
      reported.add(user);
      const written = user.args.map((w) => w.value).join(' ');
      const inherited = user.stage !== stage ? ` (inherited by stage ${stageLabel(stage)})` : '';
      context.report({
        range: user.args[0].range,
        message: `\`USER ${written}\` is the last USER of the image${inherited}, so its containers run as root: end with an unprivileged user, e.g. \`USER 10001\``,
        aliases: rootUserAliases(user, file),
      });
    }
  },
});

/** The user part of `USER user[:group]`, variables resolved. */
function userName(user: Instruction): string {
  return userArgument(user).value.split(':')[0];
}

function isRoot(name: string): boolean {
  return name === 'root' || name === '0';
}

function stageLabel(stage: Stage): string {
  return stage.name ? `\`${stage.name}\`` : `${stage.index}`;
}
