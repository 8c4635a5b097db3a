import { defineRule, type RuleContext } from '../src/engine/rule.js';
import type { Instruction, Word } from '../src/model/dockerfile.js';
import type { Range } from '../src/model/position.js';

const PROTOCOLS = new Set(['tcp', 'udp', 'sctp']);

export default defineRule({
  meta: {
    id: 'invalid-expose',
    aliases: ['DL3011', 'DS-0008', 'ExposeProtoCasing', 'ExposeInvalidFormat'],
    severity: 'error',
    category: 'correctness',
    summary: '`EXPOSE` with a port out of range, an unknown protocol, a host mapping or an upper-case protocol',
    fixable: false,
    docs: {
      rationale: `\`EXPOSE\` takes container ports, optionally with a protocol: \`80\`, \`8000-8010\`, \`53/udp\`. BuildKit
fails the build on a port above 65535, a port that is not a number, a reversed range and a protocol other than
\`tcp\`, \`udp\` and \`sctp\`. A host port or an IP address (\`8080:80\`, \`127.0.0.1:80:80\`) is accepted but means
nothing: an image cannot choose how it is published, that is \`docker run -p\`'s job, so only the container port is
kept and the rest silently dropped. An upper-case protocol (\`80/TCP\`) works, but is not how the protocol is written
anywhere else.`,
      bad: `FROM nginx:1.27\nEXPOSE 80/TCP 8080:80 70000`,
      good: `FROM nginx:1.27\nEXPOSE 80/tcp 8080`,
      notes: `Each item of the \`EXPOSE\` is checked on its own; the finding points at the port or the protocol that is
wrong. Variables are resolved with the \`ARG\` and \`ENV\` values in scope (\`ENV PORT=80\` + \`EXPOSE $PORT/TCP\`);
an item whose port is a variable without a known value is only checked for its protocol. Findings for a host mapping
are warnings and for protocol casing info; the others are errors because the build fails.`,
      differences: `hadolint (DL3011) and Trivy (DS-0008) check only the port range; hadolint fails to parse the file
on the other errors (DL1000). Findings carry \`DL3011\` and \`DS-0008\` for a port above 65535, \`ExposeProtoCasing\`
and \`ExposeInvalidFormat\` like BuildKit; an unknown protocol, a port that is not a number and a reversed range carry
no peer code (BuildKit reports them as build errors).`,
    },
  },
  checkDockerfile(file, context) {
    for (const instruction of file.instructions) {
      if (instruction.keyword !== 'EXPOSE' || !instruction.stage) continue;
      for (const word of instruction.args) checkItem(word, context);
    }
  },
});

function checkItem(word: Word, context: RuleContext): void {
  const written = word.unquoted;
  const hasVariables = written.includes('$');
  const expanded = word.expanded;
  // Offsets map onto the source only for the word as written or inside one pair of quotes; otherwise (variables,
  // quotes or escapes inside) report at the whole item.
  const shift = word.value === written ? 0 : word.value.slice(1, -1) === written ? 1 : undefined;
  const at = (offset: number, length: number): Range => (hasVariables || shift === undefined ? word.range : span(word.range, offset + shift, length));
  // `ENV PORTS="80 443"` + `EXPOSE $PORTS` exposes two ports.
  const items = hasVariables ? expanded.split(/\s+/).filter(Boolean) : [written];
  for (const item of items) {
    const colon = item.lastIndexOf(':');
    const container = item.slice(colon + 1);
    const slash = container.indexOf('/');
    const port = slash < 0 ? container : container.slice(0, slash);
    const protocol = slash < 0 ? undefined : container.slice(slash + 1);
    const portOffset = colon + 1;
    const protocolOffset = portOffset + port.length + 1;

    if (colon >= 0) {
      context.report({
        range: at(0, item.length),
        message: `\`EXPOSE ${item}\` has a host ${item.indexOf(':') < colon ? 'address and port' : 'port'}, but an image cannot publish its ports and only the container port is kept: expose \`${container}\` and publish it with \`docker run -p ${item.replace(/\/.*$/, '')}\``,
        aliases: ['ExposeInvalidFormat'],
        severity: 'warning',
      });
    }
    if (protocol !== undefined) {
      const lower = protocol.toLowerCase();
      if (!PROTOCOLS.has(lower)) {
        context.report({
          range: at(protocolOffset, protocol.length),
          message: `\`EXPOSE ${item}\` has the protocol \`${protocol}\`, which fails the build: use \`tcp\`, \`udp\` or \`sctp\``,
          aliases: [],
        });
      } else if (protocol !== lower) {
        context.report({
          range: at(protocolOffset, protocol.length),
          message: `\`EXPOSE ${item}\` writes the protocol in upper case: write \`${port}/${lower}\``,
          aliases: ['ExposeProtoCasing'],
          severity: 'info',
        });
      }
    }
    if (port.includes('$')) continue;
    checkPort(item, port, at(portOffset, port.length), context);
  }
}

/** A port or a range `start-end`, as BuildKit reads it. */
function checkPort(item: string, port: string, range: Range, context: RuleContext): void {
  if (port === '') {
    context.report({ range, message: `\`EXPOSE ${item}\` has no port number, which fails the build: write the port, e.g. \`80/tcp\``, aliases: [] });
    return;
  }
  const dash = port.indexOf('-', 1);
  const bounds = dash < 0 ? [port] : [port.slice(0, dash), port.slice(dash + 1)];
  if (!bounds.every((b) => /^\+?\d+$/.test(b))) {
    context.report({
      range,
      message: `\`EXPOSE ${item}\`: \`${port}\` is not a port number or range, which fails the build: write a number such as \`8080\` or a range such as \`8000-8010\``,
      aliases: [],
    });
    return;
  }
  const [start, end] = bounds.map(Number);
  if (bounds.some((b) => Number(b) > 65535)) {
    context.report({
      range,
      message: `\`EXPOSE ${item}\`: port \`${port}\` is out of range, which fails the build: ports go from 0 to 65535`,
      aliases: ['DL3011', 'DS-0008'],
    });
  } else if (end !== undefined && end < start) {
    context.report({
      range,
      message: `\`EXPOSE ${item}\`: the range \`${port}\` ends before it starts, which fails the build: write \`${end}-${start}\``,
      aliases: [],
    });
  }
}

function span(word: Range, offset: number, length: number): Range {
  // Offsets in a word continued over lines (`EXPOSE 3\` + `xy`) do not map to one line's columns: point at the word.
  if (word.end.line !== word.start.line) return word;
  const column = word.start.column + offset;
  return { start: { line: word.start.line, column }, end: { line: word.start.line, column: column + length } };
}
