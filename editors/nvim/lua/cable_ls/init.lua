-- cable-ls for Neovim 0.7 and later: setup() starts `cable-ls` for cable
-- buffers. On 0.11+ it uses vim.lsp.config/vim.lsp.enable (see
-- lsp/cable_ls.lua), on 0.8-0.10 vim.lsp.start, on 0.7 vim.lsp.start_client.
local M = {}

M.defaults = {
  cmd = { 'cable-ls' },
  root_markers = { '.git' },
}

-- The folder holding a root marker above the buffer's file, else the
-- file's own folder.
function M.root(bufnr, markers)
  local file = vim.api.nvim_buf_get_name(bufnr)
  local dir = vim.fn.fnamemodify(file, ':p:h')
  for _, marker in ipairs(markers) do
    local found = vim.fn.finddir(marker, dir .. ';')
    if found == '' then
      found = vim.fn.findfile(marker, dir .. ';')
    end
    if found ~= '' then
      return vim.fn.fnamemodify(found, ':p:h:h')
    end
  end
  return dir
end

local clients = {}

function M.start(bufnr, opts)
  local root = M.root(bufnr, opts.root_markers)
  local config = {
    name = 'cable_ls',
    cmd = opts.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
  }
  if vim.lsp.start then
    return vim.lsp.start(config, { bufnr = bufnr })
  end
  local id = clients[root]
  if not id or not vim.lsp.get_client_by_id(id) then
    id = vim.lsp.start_client(config)
    clients[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return id
end

function M.setup(opts)
  opts = vim.tbl_deep_extend('force', M.defaults, opts or {})
  if vim.lsp.config and vim.lsp.enable then
    vim.lsp.config('cable_ls', { cmd = opts.cmd, root_markers = opts.root_markers })
    vim.lsp.enable('cable_ls')
    return
  end
  vim.api.nvim_create_autocmd('FileType', {
    pattern = 'cable',
    callback = function(args)
      M.start(args.buf, opts)
    end,
  })
  -- Buffers already open when setup() runs.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.bo[bufnr].filetype == 'cable' then
      M.start(bufnr, opts)
    end
  end
end

return M
