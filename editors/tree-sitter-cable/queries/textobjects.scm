; Text objects (Helix): a numbered paragraph is a "function" (`maf`, `mif`,
; `]f`), a header field an "entry" (`mae`, `mie`, `]e`).

(paragraph) @function.around
(paragraph
  (text)+ @function.inside)

[
  (banner)
  (caption)
  (eo_field)
  (tags_field)
  (subject_field)
  (ref_field)
  (classified_by_field)
  (reason_field)
] @entry.around

(subject_field
  (text)+ @entry.inside)
(classified_by_field
  (text)+ @entry.inside)
(eo_field
  (text) @entry.inside)
(reason_field
  (text) @entry.inside)
(tags_field
  (tag)+ @entry.inside)
(ref_field
  [
    (ref_id)
    (ref_letter)
  ]+ @entry.inside)
