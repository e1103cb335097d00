-- Neovim 0.11+: vim.lsp.enable('cable_ls') finds this configuration.
return {
  cmd = { 'cable-ls' },
  filetypes = { 'cable' },
  root_markers = { '.git' },
}
