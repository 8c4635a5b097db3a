import { defineRule } from '../src/engine/rule.js';
import { isTemplate } from '../src/model/requirements.js';

export default defineRule({
  meta: {
    id: 'requirements-invalid',
    aliases: [],
    severity: 'error',
    category: 'correctness',
    summary: 'A requirements file line, or a dependency of pyproject.toml or environment.yml, that the installer cannot read (PEP 508 requirement, PEP 440 version or option)',
    fixable: false,
    docs: {
      rationale: `pip reads a requirements file line by line and stops the whole install at the first line it cannot read:
\`flask=2.0\` (one \`=\`), \`numpy==1.2.*.3\`, \`pkg>=\` with no version, an unknown \`--option\`, a quoted name pasted from
a Python list. In a Dockerfile that is a failed build, found only after the layers before it were built; in CI it is a
red job for a typo. The finding points at the token pip trips on.`,
      bad: `flask=2.0\nnumpy==1.2.*.3\nrequests>=\n--user\n`,
      good: `flask==2.0\nnumpy==1.2.*\nrequests>=2.31\n`,
      exampleKind: 'requirements',
      notes: `The grammar is pip's: continuations (\`\\\`) are joined, \`#\` starts a comment at a line's start or after a blank,
options are read like pip's option parser (unambiguous prefixes of long options are accepted), requirements like
\`packaging\` reads PEP 508, with the version specifiers of PEP 440 and the environment-marker grammar; \`\${VAR}\`
pieces, which pip fills in from the environment, are accepted where a name or version may stand.

Some mistakes pip reads past, leaving part of the line out: an option that belongs to the file (\`--pre\`,
\`--index-url\`) written after a requirement, \`--hash\` on a line with no requirement, words among the options. These
are reported as warnings: the build goes on, but without what the line seems to ask for.

A Jinja template (a line that starts with \`{%\`, or \`{{ cookiecutter.* }}\` in it) is not a requirements file pip
reads, and is not reported.

The same is checked in the other manifests, at their own positions: each string of \`[project] dependencies\`,
\`[project.optional-dependencies]\` and \`[dependency-groups]\` in \`pyproject.toml\` must be a PEP 508 requirement, and
each line of an \`environment.yml\` a conda package spec (its \`pip:\` section is read as a requirements file). A file
that is not valid TOML or YAML is reported once, as not linted.`,
    },
  },
  checkRequirements(file, context) {
    // A template's lines are what renders it, not what pip reads.
    if (isTemplate(file)) return;
    for (const error of file.errors) {
      context.report({
        range: error.range,
        message: error.ignoredByPip ? `${error.message}; the line is read without it: fix or remove it` : `pip cannot read this line: ${error.message}`,
        ...(error.ignoredByPip ? { severity: 'warning' as const } : {}),
      });
    }
  },
  checkManifest(file, context) {
    for (const error of file.errors) {
      context.report({
        range: error.range,
        message: error.ignoredByPip ? `${error.message}; the line is read without it: fix or remove it` : `the install stops on this: ${error.message}; fix it`,
        ...(error.ignoredByPip ? { severity: 'warning' as const } : {}),
      });
    }
  },
});
