import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  meta: {
    id: 'compose-invalid',
    aliases: [],
    severity: 'error',
    category: 'correctness',
    summary: 'Compose file that is not valid YAML, or whose top level is not a mapping',
    fixable: false,
    docs: {
      rationale: `\`docker compose\` refuses a Compose file that is not valid YAML (a tab in the indentation, a key indented
one space off, an unclosed quote or bracket, a key written twice) or whose top level is not a mapping. Nothing in it can
be built or run, and dockerlint cannot read the build contexts, images and inline Dockerfiles it names either: the
Dockerfiles it builds are then linted with their own folder as context, and its images are not checked.`,
      exampleKind: 'compose',
      bad: `services:\n  api:\n    build: .\n   image: acme/api:1.4`,
      good: `services:\n  api:\n    build: .\n    image: acme/api:1.4`,
      notes: `Reported at the first error YAML finds, with YAML's own description of it. Compose variables
(\`\${TAG}\`) are not expanded: they are valid YAML, and their values are set where the project is run. Which keys a
service may have is not checked (\`docker compose config\` does that with the Compose schema).`,
    },
  },
  checkCompose(file, context) {
    for (const error of file.errors) {
      context.report({ range: error.range, message: `${error.message}: docker compose cannot read this file; fix the YAML` });
    }
  },
});
