" cable markup: *.cable files, and .txt files that start like a cable.
autocmd BufRead,BufNewFile *.cable setfiletype cable
autocmd BufRead,BufNewFile *.txt lua require('cable_ls.detect').txt(vim.api.nvim_get_current_buf())
