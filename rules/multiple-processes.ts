import { defineRule } from '../src/engine/rule.js';
import { hasFlag, type ShellCommand, type ShellScript } from '../src/model/shell.js';

/** Process supervisors: their whole purpose is to run several services. */
const SUPERVISORS = new Set(['supervisord', 'runsvdir', 's6-svscan']);

/** Commands that start no process that stays: builtins and the like, which may come after the main process. */
const NOT_PROCESSES = new Set([
  'wait', 'trap', 'echo', 'printf', 'true', 'false', ':', 'set', 'export', 'unset', 'cd', 'source', '.', 'umask',
  'ulimit', 'exit', 'test', '[', '[[', 'shift', 'mkdir', 'rm', 'chown', 'chmod', 'ln', 'cp', 'mv', 'touch',
]);

/** Init-system front ends and the subcommand words that start a service. */
const SERVICE_TOOLS = new Set(['service', 'rc-service', 'invoke-rc.d', 'systemctl']);
const START_WORDS = new Set(['start', 'restart']);

export default defineRule({
  meta: {
    id: 'multiple-processes',
    aliases: [],
    severity: 'warning',
    category: 'correctness',
    summary: 'More than one long-running process started by `CMD` or `ENTRYPOINT`',
    fixable: false,
    docs: {
      rationale: `Docker watches one process per container: the one \`CMD\`/\`ENTRYPOINT\` starts, PID 1. A command line that
starts a second one beside it (\`nginx & python app.py\`, \`service cron start && python app.py\`) leaves that second
process unwatched: when it crashes the container keeps running and looks healthy, \`docker stop\` does not pass it the
signal to shut down cleanly, its logs do not reach \`docker logs\`, and it cannot be scaled or restarted on its own.
Run each service in its own container (a compose file ties them together), or, when they really must share one, use
a supervisor that forwards signals and restarts what fails.`,
      bad: `FROM python:3.12-slim\nCOPY . /app\nCMD service cron start && python /app/app.py`,
      good: `FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "/app/app.py"]`,
      notes: `Looks at the command line of \`CMD\` and \`ENTRYPOINT\`: shell form, exec form, and the script of an exec-form
\`["sh", "-c", "..."]\`. Reported at the first extra process, when two or more of these are started: a command sent to
the background with \`&\`; a command that starts a daemon and returns (\`service x start\`, \`/etc/init.d/x start\`,
\`rc-service\`, \`systemctl start\`, \`cron\`/\`crond\` without \`-f\`, \`sshd\` without \`-D\`, \`nginx\` without \`daemon
off\`, \`apachectl start\`, \`php-fpm -D\`, \`pg_ctl start\`); and the last command in the foreground, which is the main
process. Builtins such as \`wait\`, \`trap\`, \`echo\` and \`cd\` are not processes, so \`trap ... TERM; app & wait\`
(one process, with signals forwarded) is not reported, and neither is \`exec gunicorn app:app\`.

A supervisor (\`supervisord\`, \`runsvdir\`, \`s6-svscan\`) is reported as \`info\`: it handles signals and restarts,
so it is a deliberate choice, but still several services in one container. An entrypoint script
(\`ENTRYPOINT ["/entrypoint.sh"]\`) is not looked into: its content is not in the Dockerfile.`,
    },
  },
  checkDockerfile(file, context) {
    for (const instruction of file.instructions) {
      if (instruction.keyword !== 'CMD' && instruction.keyword !== 'ENTRYPOINT') continue;
      const script = instruction.script;
      if (!script) continue;
      const commands = processLevel(script);
      const supervisor = commands.find((c) => SUPERVISORS.has(c.name));
      if (supervisor) {
        context.report({
          range: supervisor.nameWord.range,
          message: `\`${supervisor.name}\` runs several services in one container: run each service in a container of its own`,
          severity: 'info',
        });
        continue;
      }
      const processes = longRunning(commands);
      if (processes.length < 2) continue;
      const [extra, ...others] = processes;
      const names = others.map((c) => `\`${label(c)}\``);
      const beside = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0];
      const how = extra.background ? 'in the background' : 'as a daemon';
      context.report({
        range: extra.nameWord.range,
        message: `\`${label(extra)}\` starts ${how} beside ${beside}: Docker watches only one process per container; run each in a container of its own`,
      });
    }
  },
});

/**
 * The commands of the command line itself: top-level ones, or, when the whole line is one
 * `sh -c '...'`, the commands of that string.
 */
function processLevel(script: ShellScript): ShellCommand[] {
  let level = script.commands.filter((c) => c.parent === undefined && c.nesting === 'top');
  while (level.length === 1) {
    const shell = level[0];
    const inner = script.commands.filter((c) => c.parent === shell && c.nesting === 'shell-string');
    if (inner.length === 0) break;
    level = inner;
  }
  return level;
}

/** Background commands, daemon starts, and the last foreground command, in order. */
function longRunning(commands: readonly ShellCommand[]): ShellCommand[] {
  const result = commands.filter((c) => c.background || startsDaemon(c));
  for (let i = commands.length - 1; i >= 0; i--) {
    const command = commands[i];
    if (NOT_PROCESSES.has(command.name)) continue;
    // A command named by a variable (`exec "$@"`) is a process too.
    if (!command.background && !startsDaemon(command)) result.push(command);
    break;
  }
  return result;
}

/** A command that starts a service in the background and returns. */
function startsDaemon(command: ShellCommand): boolean {
  const name = command.name;
  const args = command.args.map((a) => a.value);
  if (SERVICE_TOOLS.has(name) || command.nameWord.value.startsWith('/etc/init.d/')) return args.some((a) => START_WORDS.has(a));
  if (name === 'apachectl' || name === 'apache2ctl' || name === 'pg_ctl') return args.some((a) => START_WORDS.has(a));
  if (name === 'cron' || name === 'crond') return !hasFlag(command, '-f', '-n');
  if (name === 'sshd') return !hasFlag(command, '-D', '-d');
  if (name === 'nginx') return !args.some((a) => /daemon\s+off/.test(a)) && !hasFlag(command, '-s', '-t', '-T', '-v', '-V');
  if (/^php-fpm[0-9.]*$/.test(name)) return hasFlag(command, '-D', '--daemonize');
  return false;
}

function label(command: ShellCommand): string {
  const name = command.name || command.nameWord.text;
  // `service cron start`, `systemctl start cron`: name the service.
  const service = SERVICE_TOOLS.has(command.name) ? command.args.find((a) => !a.value.startsWith('-') && !START_WORDS.has(a.value)) : undefined;
  return service ? `${name} ${service.text}` : name;
}
