-- Headless end-to-end test: open a sample cable with the plugin loaded,
-- wait for diagnostics, ask for hover, symbols, references and folds, edit, and
-- check the updated diagnostics. Run by tests/nvim.rs, with the plugin on the
-- runtime path, where this loads it and calls setup():
--   CABLE_LS=… CABLE_FILE=… nvim --headless --clean -u NONE \
--     --cmd 'set rtp+=editors/nvim' -c 'luafile editors/nvim/tests/e2e.lua'
-- or installed as a package (pack/*/start/ in 'packpath') with setup() in
-- init.lua, as README documents: then CABLE_LS_INSTALLED=1 says so, and this
-- loads nothing itself.
local failures = {}
local function check(ok, what)
  io.stdout:write((ok and 'ok   ' or 'FAIL ') .. what .. '\n')
  if not ok then
    table.insert(failures, what)
  end
end

if os.getenv('CABLE_LS_INSTALLED') then
  check(package.loaded['cable_ls'] ~= nil, 'init.lua set the installed plugin up')
else
  vim.cmd('filetype on')
  vim.cmd('runtime ftdetect/cable.vim')
  require('cable_ls').setup({ cmd = { os.getenv('CABLE_LS') } })
end
vim.cmd('edit ' .. os.getenv('CABLE_FILE'))
check(vim.bo.filetype == 'cable', 'filetype is cable')

local function diagnostics_with(code)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do
    local c = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    if c == code then
      table.insert(found, d)
    end
  end
  return found
end

local arrived = vim.wait(15000, function()
  return #diagnostics_with('paragraph/malformed-marking') > 0
end, 50)
check(arrived, 'diagnostics arrive')
local mark = diagnostics_with('paragraph/malformed-marking')[1]
check(mark ~= nil and mark.lnum == 79 and mark.col == 5, 'malformed mark at line 80, byte column 5')

local clients = (vim.lsp.get_clients or vim.lsp.get_active_clients)()
local client = clients[1]
check(client ~= nil and client.name == 'cable_ls', 'client attached')

local function request(method, params)
  local responses = vim.lsp.buf_request_sync(0, method, params, 10000) or {}
  for _, response in pairs(responses) do
    if response.result then
      return response.result
    end
  end
end

local at_tag = { textDocument = { uri = vim.uri_from_bufnr(0) }, position = { line = 43, character = 18 } }
local hover = request('textDocument/hover', at_tag)
check(hover ~= nil and hover.contents.value:find('PREL', 1, true) ~= nil, 'hover on a TAGS item')

local symbols = request('textDocument/documentSymbol', { textDocument = { uri = vim.uri_from_bufnr(0) } })
local names = {}
for _, s in ipairs(symbols and symbols[1] and symbols[1].children or {}) do
  names[s.name] = true
end
check(names['¶1 (C)'] ~= nil, 'outline lists the paragraphs')

local at_name = { textDocument = { uri = vim.uri_from_bufnr(0) }, position = { line = 57, character = 94 },
  context = { includeDeclaration = false } }
local refs = request('textDocument/references', at_name)
check(refs ~= nil and #refs >= 3, 'references to a name (' .. (refs and #refs or 'none') .. ')')

-- Folding: the transmission header (0-based line 2 on) folds as imports;
-- on 0.11+ Neovim folds by the server's ranges with vim.lsp.foldexpr().
local folds = request('textDocument/foldingRange', { textDocument = { uri = vim.uri_from_bufnr(0) } })
local header = folds and folds[1]
check(header ~= nil and header.startLine == 2 and header.kind == 'imports', 'the transmission header folds')
if vim.lsp.foldexpr then
  vim.wo.foldmethod = 'expr'
  vim.wo.foldexpr = 'v:lua.vim.lsp.foldexpr()'
  local folded = vim.wait(10000, function()
    vim.cmd('normal! zx')
    return vim.fn.foldlevel(5) > 0 and vim.fn.foldlevel(1) == 0
  end, 100)
  check(folded, 'vim.lsp.foldexpr() folds by the server\'s ranges')
end

-- Type the missing "(" and watch the diagnostic go.
vim.api.nvim_buf_set_text(0, 79, 4, 79, 4, { '(' })
local gone = vim.wait(15000, function()
  return #diagnostics_with('paragraph/malformed-marking') == 0
end, 50)
check(gone, 'an edit updates the diagnostics')

io.stdout:write(#failures == 0 and 'ALL PASSED\n' or ('FAILED: ' .. table.concat(failures, ', ') .. '\n'))
vim.cmd(#failures == 0 and 'qall!' or 'cquit! 1')
