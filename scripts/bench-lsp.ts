/**
 * The language server's first diagnostics for `npm run bench` (with the warm re-lint alone: `--lsp`): the time from
 * `didOpen` to the first diagnostics, seen by a client of `dockerlint lsp --stdio` (the server logs its own measure
 * too, quoted beside it). The process is started and initialized first: its start-up is not counted.
 * A benchmark, not a test: it asserts nothing.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { root } from './peer-files.js';

/** A Dockerfile of about `lines` lines, in the shapes real ones have: stages, installs, copies, a few findings. */
function benchDockerfile(lines: number): string {
  const head = [
    '# syntax=docker/dockerfile:1',
    'FROM python:3.12-slim AS build',
    'ENV PYTHONDONTWRITEBYTECODE=1 PIP_NO_CACHE_DIR=1',
    'WORKDIR /app',
    'RUN apt-get update && apt-get install -y --no-install-recommends build-essential curl \\',
    '    && rm -rf /var/lib/apt/lists/*',
    'COPY requirements.txt .',
    'RUN pip install --no-cache-dir -r requirements.txt',
  ];
  const tail = ['FROM python:3.12-slim', 'WORKDIR /app', 'COPY --from=build /app /app', 'COPY . .', 'USER 10001', 'EXPOSE 8000', 'HEALTHCHECK CMD curl -f http://localhost:8000/ || exit 1', 'CMD ["python", "-m", "app"]'];
  const body: string[] = [];
  for (let i = 0; head.length + body.length + tail.length < lines; i++) {
    const step = i % 4;
    if (step === 0) body.push(`RUN pip install --no-cache-dir package${i}==1.${i}.0`);
    else if (step === 1) body.push(`COPY src/module${i}.py src/`);
    else if (step === 2) body.push(`RUN python -m compileall -q src && echo "step ${i}" > /tmp/step${i}`);
    else body.push(`ENV STEP_${i}=value${i}`);
  }
  return [...head, ...body, ...tail].join('\n') + '\n';
}

/**
 * Starts `dockerlint lsp --stdio` in a small project, opens a 20-line Dockerfile and prints the time to its first
 * diagnostics, at the client and as the server logs it.
 */
export async function firstDiagnosticsTiming(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dockerlint-bench-lsp-'));
  try {
    writeFileSync(join(dir, 'requirements.txt'), 'flask==3.0.3\n');
    await firstDiagnostics(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Starts `dockerlint lsp --stdio`, opens a 20-line Dockerfile and times the first diagnostics. */
async function firstDiagnostics(dir: string): Promise<void> {
  const child = spawn(process.execPath, [join(root, 'bin', 'dockerlint.js'), 'lsp', '--stdio'], { cwd: dir, stdio: 'pipe' });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const logs: string[] = [];
  connection.onNotification('window/logMessage', (params: { message: string }) => void logs.push(params.message));
  const uri = pathToFileURL(join(dir, 'Dockerfile')).href;
  const published = new Promise<number>((done) => connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string }) => {
      if (params.uri === uri) done(performance.now());
    }));
  connection.listen();
  const rootUri = pathToFileURL(dir).href;
  await connection.sendRequest('initialize', { processId: process.pid, rootUri, capabilities: {} });
  await connection.sendNotification('initialized', {});
  const start = performance.now();
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: benchDockerfile(20) } });
  const elapsed = (await published) - start;
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  await new Promise((done) => child.on('exit', done));
  connection.dispose();
  const inside = logs.map((line) => /first diagnostics of Dockerfile ([\d.]+) ms/.exec(line)?.[1]).find(Boolean);
  console.log(`language server, didOpen to first diagnostics (20 lines, shellcheck rule on if installed): ${elapsed.toFixed(0)} ms at the client${inside ? `, ${inside} ms inside the server` : ''}`);
}
