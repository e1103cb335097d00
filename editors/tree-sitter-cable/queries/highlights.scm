; Cable markup: the elements the VS Code grammar colours, with capture names
; that Helix themes (and Neovim's) know.

; Transmission header
(start_of_message) @keyword.control
(header_keyword) @keyword.directive
(precedence) @keyword.directive
(routing_indicator) @constant
(dtg) @constant.numeric

; Classification, by level, in banners, portion marks and text. The diff
; scopes are the ones every theme colours red, amber or blue, and green.
(secret) @diff.minus
(confidential) @diff.delta
(unclassified) @diff.plus

; Header fields
(field_keyword) @keyword
(tag) @constant.builtin
(ref_id) @markup.link.url
(ref_letter) @constant.character

; Body
(paragraph_number) @constant.numeric
(block_keyword) @markup.heading
(markup) @punctuation.special

; Entity tags, by type
(person) @function
(organization) @type
(location) @string
(misc) @variable
