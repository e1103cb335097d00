; Folds (Neovim and other editors that read folds.scm; Helix does not fold).

[
  (transmission_header)
  (subject_field)
  (ref_field)
  (tags_field)
  (classified_by_field)
  (paragraph)
] @fold
