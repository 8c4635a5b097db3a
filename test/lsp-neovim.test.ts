/**
 * A real editor: Neovim, headless, with `dockerlint lsp --stdio` configured through its built-in LSP client. It opens a
 * Dockerfile with known problems, reads the diagnostics (`vim.diagnostic.get()`), applies the quick fix of one, and
 * writes what it saw to a JSON file that the test reads.
 *
 * Written for Neovim 0.7 (Debian bookworm's package, which `.ci/run` installs): `vim.lsp.start_client` and
 * `buf_attach_client` (0.8 added `vim.lsp.start`), and `apply_workspace_edit` with its offset encoding. They still work
 * in later versions.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, tempDir } from './support/cli-process.js';
import { titleUnlessMissing } from './support/skip.js';

const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const missing = nvim.status === 0 ? undefined : 'Neovim is not installed (apt-get install neovim; .ci/run installs it)';

const DOCKERFILE = 'from python:3.12-slim\nMAINTAINER someone@example.com\nUSER 10001\n';

/** The Lua config: start the server, attach it to the buffer, wait for its diagnostics, apply a quick fix. */
function initLua(dockerfile: string, out: string): string {
  const lua = (value: string) => JSON.stringify(value);
  return `
local out = ${lua(out)}
local result = {}
local function finish()
  local f = io.open(out, 'w')
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qall!')
end
local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(${lua(dockerfile)}))
  local bufnr = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = 'dockerlint',
    cmd = { ${lua(process.execPath)}, ${lua(bin)}, 'lsp', '--stdio' },
    root_dir = vim.fn.fnamemodify(${lua(dockerfile)}, ':h'),
  })
  vim.lsp.buf_attach_client(bufnr, client_id)
  vim.wait(20000, function() return #vim.diagnostic.get(bufnr) >= 2 end, 50)
  result.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(result.diagnostics, { code = d.user_data and d.user_data.lsp and d.user_data.lsp.code or d.code, lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col, severity = d.severity, source = d.source })
  end
  -- The quick fix of the instruction-casing finding on line 1, as the code action menu would apply it.
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = { line = 0, character = 0 }, ['end'] = { line = 0, character = 4 } },
    -- (get_line_diagnostics is 0.7's; later versions deprecate it, and the server reads the range anyway.)
    context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics and vim.lsp.diagnostic.get_line_diagnostics(bufnr, 0) or {} },
  }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 20000)
  result.titles = {}
  for _, response in pairs(responses or {}) do
    for _, action in ipairs(response.result or {}) do
      table.insert(result.titles, action.title)
      if action.kind == 'quickfix' and action.title:find('(instruction-casing)', 1, true) and action.edit then
        vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
      end
    end
  end
  result.lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
end)
if not ok then result.error = tostring(err) end
finish()
`;
}

describe.skipIf(missing !== undefined)(titleUnlessMissing('Neovim with dockerlint lsp', missing), () => {
  it('shows the diagnostics at their places and applies a quick fix', () => {
    const dir = tempDir({ Dockerfile: DOCKERFILE, 'init.lua': '' });
    const out = join(dir, 'result.json');
    writeFileSync(join(dir, 'init.lua'), initLua(join(dir, 'Dockerfile'), out));
    const run = spawnSync('nvim', ['--headless', '--clean', '-u', join(dir, 'init.lua')], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(run.error).toBeUndefined();
    const result = JSON.parse(readFileSync(out, 'utf8')) as {
      error?: string;
      diagnostics: { code: string; lnum: number; col: number; end_lnum: number; end_col: number; source: string }[];
      titles: string[];
      lines: string[];
    };
    expect(result.error).toBeUndefined();
    expect(result.diagnostics.every((d) => d.source === 'dockerlint')).toBe(true);
    const byCode = (code: string) => result.diagnostics.find((d) => d.code === code);
    expect(byCode('instruction-casing')).toMatchObject({ lnum: 0, col: 0, end_lnum: 0, end_col: 4, source: 'dockerlint' });
    expect(byCode('maintainer-deprecated')).toMatchObject({ lnum: 1, col: 0, source: 'dockerlint' });
    expect(result.titles).toContain('Ignore instruction-casing in this file');
    expect(result.lines).toEqual(['FROM python:3.12-slim', 'MAINTAINER someone@example.com', 'USER 10001']);
  });
});
