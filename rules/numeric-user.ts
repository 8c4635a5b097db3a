import { defineRule } from '../src/engine/rule.js';
import type { Instruction } from '../src/model/dockerfile.js';
import { effectiveUser, imageStages, userArgument } from '../src/model/stages.js';
import { hasWindowsShell, isWindowsAccount } from '../src/model/windows.js';


export default defineRule({
  meta: {
    id: 'numeric-user',
    aliases: ['DL3066'],
    severity: 'info',
    category: 'security',
    summary: 'The image runs as a user name rather than a numeric UID',
    fixable: false,
    docs: {
      rationale: `An image that ends with \`USER app\` runs as whatever UID \`app\` has in the image's \`/etc/passwd\`. Outside
the image nothing knows that UID: Kubernetes' \`runAsNonRoot\` cannot verify a user name and refuses to start the pod
(\`container has runAsNonRoot and image has non-numeric user\`), and volume ownership or \`securityContext.runAsUser\`
have to be matched by hand. \`USER 10001\` (or \`USER 10001:10001\`) says the UID outright and works the same.`,
      bad: `FROM python:3.12-slim\nRUN useradd --uid 10001 app\nUSER app`,
      good: `FROM python:3.12-slim\nRUN useradd --uid 10001 app\nUSER 10001:10001`,
      notes: `Only the user an image runs as is checked: the last \`USER\` of each stage that no other stage builds on or
copies from (or of the stage it is built on, when it has none). A \`USER\` in the middle of a stage, or in a build
stage, does not decide the runtime user. The group after \`:\` may be a name. Variables are resolved with their
\`ARG\`/\`ENV\` values; a user whose value is unknown (\`ARG UID\` without default, or an \`ENV\` that only the base
image sets, such as \`$APP_UID\`) is left alone. \`root\` is left to \`last-user-root\`. Windows images (a \`cmd\` or
\`powershell\` shell) are not checked, since Windows has no numeric user IDs; the Windows accounts \`ContainerUser\` and
\`ContainerAdministrator\` are never reported.`,
      differences: `hadolint's DL3066 reports every \`USER\` with a non-numeric user, wherever it is: in the middle of a
stage, in build stages and in stages that others build on, \`USER root\`, and the Windows accounts included. It leaves
alone a user written with a variable of an earlier \`ARG\`, whatever its default, and takes any other variable for a
name: \`ENV APP_UID=1654\` + \`USER $APP_UID\` (numeric once resolved) and a variable that only the base image sets are
reported there and not here, while \`ARG USER=app\` + \`USER $USER\` is resolved and reported here only.`,
    },
  },
  checkDockerfile(file, context) {
    const reported = new Set<Instruction>();
    for (const stage of imageStages(file)) {
      const user = effectiveUser(stage);
      if (!user || reported.has(user) || hasWindowsShell(user)) continue;
      reported.add(user);
      const { written, value } = userArgument(user);
      if (value.includes('$')) continue;
      const name = value.split(':')[0];
      if (/^\d+$/.test(name) || name === 'root' || name === '' || isWindowsAccount(name)) continue;
      const shown = value === written ? `\`${written}\`` : `\`${written}\` (\`${value}\`)`;
      context.report({
        range: user.args[0].range,
        message: `The image runs as the user name ${shown}: use its numeric UID (\`USER <uid>\`, as created with \`useradd --uid\`) so that Kubernetes' runAsNonRoot and volume permissions can check it`,
      });
    }
  },
});
