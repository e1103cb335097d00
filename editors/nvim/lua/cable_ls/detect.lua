-- Recognises a .txt buffer holding a cable by its first lines: a VZCZC
-- start line, a classification banner, the partial-extract notice, or the
-- <code><pre> residue of the annotated flavour.
local M = {}

local patterns = {
  '^%s*VZCZC',
  '^%s*<code><pre>',
  '^This record is a partial extract of the original cable',
  '^%s*C O N F I D E N T I A L ',
  '^%s*S E C R E T ',
  '^%s*UNCLAS',
  '^%s*CONFIDENTIAL ',
  '^%s*SECRET ',
}

function M.is_cable(lines)
  for _, line in ipairs(lines) do
    for _, pattern in ipairs(patterns) do
      if line:find(pattern) then
        return true
      end
    end
  end
  return false
end

function M.txt(bufnr)
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, 60, false)
  if M.is_cable(lines) then
    vim.bo[bufnr].filetype = 'cable'
  end
end

return M
