/**
 * The language server over stdio, driven by a real JSON-RPC client as an editor drives it: diagnostics from the
 * unsaved buffer, a quick fix whose edit lints clean, fix-all, ignore pragmas, hover, the re-lint of a Dockerfile when
 * the requirements file it installs changes (as a buffer and on disk), a config reloaded when it changes, shutdown
 * and exit.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, Hover, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { tempDir } from './support/cli-process.js';
import { startClient, type TestClient } from './support/lsp-client.js';

const BUFFER = 'from python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nUSER 10001\n';

const rules = (diagnostics: readonly Diagnostic[]) => diagnostics.map((d) => d.code);
const has = (rule: string) => (diagnostics: readonly Diagnostic[]) => rules(diagnostics).includes(rule);
const lacks = (rule: string) => (diagnostics: readonly Diagnostic[]) => !rules(diagnostics).includes(rule);

/** The text after a code action's edits of `uri`. */
function applied(text: string, uri: string, edit: WorkspaceEdit | undefined): string {
  const edits: TextEdit[] = [...(edit?.changes?.[uri] ?? []), ...(edit?.documentChanges ?? []).flatMap((c) => ('textDocument' in c && c.textDocument.uri === uri ? c.edits : []))] as TextEdit[];
  return TextDocument.applyEdits(TextDocument.create(uri, 'dockerfile', 0, text), edits);
}

let client: TestClient | undefined;

afterEach(() => {
  client?.child.kill();
  client = undefined;
});

describe('dockerlint lsp', () => {
  it('publishes, fixes, ignores, hovers and follows the files a Dockerfile reads', async () => {
    // On disk the Dockerfile is clean: every finding below comes from the buffer.
    const root = tempDir({ Dockerfile: 'FROM python:3.12-slim\n', 'requirements.txt': 'flask==3.0.3\n', 'base.txt': 'flask==3.0.3\n' });
    client = await startClient(root, { run: 'onType' });
    const c = client;
    const dockerfile = c.uri('Dockerfile');
    const requirements = c.uri('requirements.txt');
    const send = (method: string, params: unknown) => c.connection.sendNotification(method, params);

    let first = c.diagnostics(dockerfile);
    await send('textDocument/didOpen', { textDocument: { uri: dockerfile, languageId: 'dockerfile', version: 1, text: BUFFER } });
    const diagnostics = await first;
    const casing = diagnostics.find((d) => d.code === 'instruction-casing')!;
    expect(casing).toMatchObject({
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } },
      source: 'dockerlint',
      severity: 3,
      codeDescription: { href: expect.stringMatching(/docs\/rules\/instruction-casing\.md$/) },
    });
    expect(rules(diagnostics)).not.toContain('requirements-not-copied');

    const hover = (await c.connection.sendRequest('textDocument/hover', { textDocument: { uri: dockerfile }, position: { line: 0, character: 2 } })) as Hover;
    expect((hover.contents as { value: string }).value).toContain('**instruction-casing**');
    expect((hover.contents as { value: string }).value).toMatch(/Fix\*\* \(safe\)/);

    // The quick fix of the finding, applied, lints clean of it; fix-all gives the same text.
    const actions = (await c.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: dockerfile }, range: casing.range, context: { diagnostics: [casing] } })) as CodeAction[];
    const quickFix = actions.find((a) => a.kind === 'quickfix' && a.title.includes('(instruction-casing)'))!;
    expect(quickFix.isPreferred).toBe(true);
    expect(actions.map((a) => a.title)).toEqual(expect.arrayContaining(['Ignore instruction-casing for this instruction', 'Ignore instruction-casing in this file']));
    const fixed = applied(BUFFER, dockerfile, quickFix.edit);
    expect(fixed.startsWith('FROM python:3.12-slim\n')).toBe(true);
    const fixAll = (await c.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: dockerfile }, range: casing.range, context: { diagnostics: [], only: ['source.fixAll.dockerlint'] } })) as CodeAction[];
    expect(fixAll.map((a) => a.kind)).toEqual(['source.fixAll.dockerlint']);
    expect(applied(BUFFER, dockerfile, fixAll[0]!.edit)).toBe(fixed);
    let next = c.diagnostics(dockerfile);
    await send('textDocument/didChange', { textDocument: { uri: dockerfile, version: 2 }, contentChanges: [{ text: fixed }] });
    expect(rules(await next)).not.toContain('instruction-casing');

    // An unsaved requirements file: its own findings come from the Dockerfile that installs it, and the Dockerfile
    // is linted again with it (its `-r base.txt` is not copied into the image).
    const dockerfileAgain = c.diagnostics(dockerfile, has('requirements-not-copied'));
    const requirementsFindings = c.diagnostics(requirements, has('opencv-gui-in-container'));
    await send('textDocument/didOpen', { textDocument: { uri: requirements, languageId: 'pip-requirements', version: 1, text: '-r base.txt\nopencv-python==4.10.0.84\n' } });
    const notCopied = (await dockerfileAgain).find((d) => d.code === 'requirements-not-copied')!;
    expect(notCopied.range.start.line).toBe(3);
    // The message names the include's line: a link to it.
    expect(notCopied.relatedInformation).toEqual([{ location: { uri: requirements, range: { start: { line: 0, character: 3 }, end: { line: 0, character: 11 } } }, message: 'the include `-r base.txt`' }]);
    expect((await requirementsFindings).find((d) => d.code === 'opencv-gui-in-container')!.range).toEqual({ start: { line: 1, character: 0 }, end: { line: 1, character: 24 } });

    // Closed, the buffer no longer stands for the file: the disk's requirements.txt has no include.
    next = c.diagnostics(dockerfile, lacks('requirements-not-copied'));
    const cleared = c.diagnostics(requirements, (d) => d.length === 0);
    await send('textDocument/didClose', { textDocument: { uri: requirements } });
    await Promise.all([next, cleared]);

    // A change on disk, told by the client's file watcher.
    writeFileSync(join(root, 'requirements.txt'), '-r base.txt\n');
    next = c.diagnostics(dockerfile, has('requirements-not-copied'));
    await send('workspace/didChangeWatchedFiles', { changes: [{ uri: requirements, type: 2 }] });
    const again = (await next).find((d) => d.code === 'requirements-not-copied')!;

    // Ignoring the rule for the instruction inserts the pragma above it, and the finding goes.
    const ignore = ((await c.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: dockerfile }, range: again.range, context: { diagnostics: [again], only: ['quickfix'] } })) as CodeAction[]).find(
      (a) => a.title === 'Ignore requirements-not-copied for this instruction',
    )!;
    const ignored = applied(fixed, dockerfile, ignore.edit);
    expect(ignored.split('\n')[3]).toBe('# dockerlint ignore=requirements-not-copied');
    next = c.diagnostics(dockerfile);
    await send('textDocument/didChange', { textDocument: { uri: dockerfile, version: 3 }, contentChanges: [{ text: ignored }] });
    expect(rules(await next)).not.toContain('requirements-not-copied');

    // A config that names no rule is shown on the document; fixed, the findings are back.
    writeFileSync(join(root, '.dockerlintrc.json'), '{"rules": {"no-such-rule": "off"}}\n');
    next = c.diagnostics(dockerfile, has('config'));
    await send('workspace/didChangeWatchedFiles', { changes: [{ uri: c.uri('.dockerlintrc.json'), type: 1 }] });
    expect((await next)[0]!.message).toMatch(/unknown rule/);
    writeFileSync(join(root, '.dockerlintrc.json'), '{"rules": {"no-sudo": "off"}}\n');
    next = c.diagnostics(dockerfile, lacks('config'));
    await send('workspace/didChangeWatchedFiles', { changes: [{ uri: c.uri('.dockerlintrc.json'), type: 2 }] });
    await next;

    expect(c.logs.some((line) => /first diagnostics of Dockerfile [\d.]+ ms after it was opened/.test(line))).toBe(true);
    await c.connection.sendRequest('shutdown');
    await send('exit', undefined);
    expect(await c.exited).toBe(0);
  });

  it('lints on save only when the client asks so', async () => {
    const root = tempDir({ Dockerfile: 'FROM python:3.12-slim\n' });
    client = await startClient(root, { run: 'onSave' });
    const c = client;
    const uri = c.uri('Dockerfile');
    const first = c.diagnostics(uri);
    await c.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: 'FROM python:3.12-slim\nUSER 10001\n' } });
    expect(rules(await first)).not.toContain('maintainer-deprecated');
    await c.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: 'FROM python:3.12-slim\nMAINTAINER me\nUSER 10001\n' }] });
    // Typing publishes nothing; the save does, and a deprecated form is tagged as one.
    const saved = c.diagnostics(uri);
    await new Promise((done) => setTimeout(done, 600));
    await c.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
    const maintainer = (await saved).find((d) => d.code === 'maintainer-deprecated')!;
    expect(maintainer.tags).toEqual([2]);
    // A document of no kind dockerlint lints is not guessed at: a Python module opened in the editor has no findings,
    // and an unsaved buffer in the Dockerfile language is linted as a Dockerfile.
    const python = c.uri('app.py');
    const pythonFindings = c.diagnostics(python);
    await c.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: python, languageId: 'python', version: 1, text: 'FROM = 1\nMAINTAINER = 2\n' } });
    expect(await pythonFindings).toEqual([]);
    const untitled = 'untitled:Untitled-1';
    const untitledFindings = c.diagnostics(untitled);
    await c.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: untitled, languageId: 'dockerfile', version: 1, text: 'FROM python:3.12-slim\nMAINTAINER me\nUSER 10001\n' } });
    expect(rules(await untitledFindings)).toContain('maintainer-deprecated');
    await c.connection.sendRequest('shutdown');
    await c.connection.sendNotification('exit');
    expect(await c.exited).toBe(0);
  });

  it('loads plugins only when started with --allow-plugins, and outlives one that fails', async () => {
    const plugin = `export default { meta: { id: 'team-boom', aliases: [], severity: 'warning', category: 'correctness', summary: 'Fails', fixable: false, docs: { rationale: 'x', bad: 'FROM a', good: 'FROM a' } },
      checkDockerfile() { setTimeout(() => { throw new Error('late boom'); }, 0); throw new Error('boom'); } };\n`;
    const root = tempDir({ Dockerfile: 'FROM python:3.12-slim\nUSER 10001\n', 'plugin.mjs': plugin, '.dockerlintrc.json': '{"plugins": ["./plugin.mjs"]}\n' });
    const open = async (c: TestClient) => {
      const uri = c.uri('Dockerfile');
      const first = c.diagnostics(uri);
      await c.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: 'FROM python:3.12-slim\nUSER 10001\n' } });
      return { uri, diagnostics: await first };
    };
    client = await startClient(root);
    const without = await open(client);
    expect(rules(without.diagnostics)).toEqual([]);
    expect(client.logs.some((line) => line.includes('plugins not loaded'))).toBe(true);
    client.child.kill();

    client = await startClient(root, {}, { args: ['--allow-plugins'] });
    const c = client;
    const withPlugins = await open(c);
    // The rule's failure is the file's internal-error finding; its late throw is logged, and the server still lints.
    expect(withPlugins.diagnostics.find((d) => d.code === 'internal-error')?.message).toMatch(/team-boom.*boom/);
    const next = c.diagnostics(withPlugins.uri);
    await c.connection.sendNotification('textDocument/didChange', { textDocument: { uri: withPlugins.uri, version: 2 }, contentChanges: [{ text: 'FROM python:3.12-slim\nMAINTAINER me\nUSER 10001\n' }] });
    expect(rules(await next)).toContain('maintainer-deprecated');
    expect(c.logs.some((line) => line.includes('late boom'))).toBe(true);
  });

  it('offers a fix that creates a file as a workspace edit that creates it', async () => {
    const root = tempDir({ Dockerfile: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nUSER 10001\n', 'app.py': 'print(1)\n' });
    client = await startClient(root);
    const c = client;
    const uri = c.uri('Dockerfile');
    const first = c.diagnostics(uri, has('missing-dockerignore'));
    await c.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nUSER 10001\n' } });
    const finding = (await first).find((d) => d.code === 'missing-dockerignore')!;
    const actions = (await c.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: finding.range, context: { diagnostics: [finding] } })) as CodeAction[];
    const create = actions.find((a) => a.title.includes('(missing-dockerignore)'))!;
    expect(create.title).toMatch(/unsafe/);
    const changes = create.edit!.documentChanges!;
    expect(changes[0]).toEqual({ kind: 'create', uri: c.uri('.dockerignore'), options: { overwrite: false, ignoreIfExists: true } });
    expect(changes[1]).toMatchObject({ textDocument: { uri: c.uri('.dockerignore') }, edits: [{ newText: expect.stringContaining('missing-dockerignore') }] });
  });

  it('keeps nothing of closed documents, with many open at once', async () => {
    const count = 120;
    const root = tempDir(Object.fromEntries(Array.from({ length: count }, (_, i) => [`s${i}/Dockerfile`, 'FROM python:3.12-slim\n'])));
    client = await startClient(root);
    const c = client;
    const uris = Array.from({ length: count }, (_, i) => c.uri(`s${i}/Dockerfile`));
    const published = uris.map((uri) => c.diagnostics(uri, has('maintainer-deprecated')));
    for (const [i, uri] of uris.entries()) {
      await c.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: `FROM python:3.12-slim\nMAINTAINER n${i}\nUSER 10001\n` } });
    }
    await Promise.all(published);
    // Closing a document clears its diagnostics; the server still answers for what remains open.
    const cleared = uris.slice(1).map((uri) => c.diagnostics(uri, (d) => d.length === 0));
    for (const uri of uris.slice(1)) await c.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await Promise.all(cleared);
    const hover = (await c.connection.sendRequest('textDocument/hover', { textDocument: { uri: uris[0] }, position: { line: 1, character: 2 } })) as Hover;
    expect((hover.contents as { value: string }).value).toContain('**maintainer-deprecated**');
    const closed = await c.connection.sendRequest('textDocument/hover', { textDocument: { uri: uris[1] }, position: { line: 1, character: 2 } });
    expect(closed).toBeNull();
  });

  it('exits when its parent process is gone', async () => {
    // A process that has ended stands for an editor that crashed without shutting the server down.
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    client = await startClient(tempDir({ Dockerfile: 'FROM python:3.12-slim\n' }), {}, { processId: Number(gone.stdout) });
    expect(await client.exited).toBe(1);
  });
});
