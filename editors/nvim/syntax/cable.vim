" Syntax highlighting for cable markup.
if exists('b:current_syntax')
  finish
endif

syntax match cableStart /^\s*VZCZC\w*/
syntax match cableRouting /\<R[A-Z]\{3,7}\ze\//
syntax match cableKeyword /^\s*\(DE\|FM\|TO\|INFO\|BT\|NNNN\)\>/
syntax match cableDtg /^\s*[ZOPR]\( [ZOPR]\)\? \d\{6}Z \u\{3} \d\{2}/
syntax match cableZn /^\s*Z\u\u \u\{5} ZZH/
syntax match cableSecret /\<\(S E C R E T\|SECRET\|TOP SECRET\)\>/
syntax match cableConfidential /\<\(C O N F I D E N T I A L\|CONFIDENTIAL\)\>/
syntax match cableUnclassified /\<\(UNCLAS\(SIFIED\)\?\( E F T O\)\?\)\>/
syntax match cableField /\<\(SIPDIS\|E\.O\.\|EO\|TAGS\|SUBJECT\|REF\|CLASSIFIED BY\|Classified By\|REASONS\?\|DECL\)\>:\?/
syntax match cableRefId /\<\(\d\d \)\?[A-Z][A-Z ]*\s\d\{1,6}\>/ contained
syntax match cableParagraph /^\s*\(¶\|- \)\?\d\{1,3}[.)]/
syntax match cableMarkSecret /(\s*S\(\/\/\?[A-Z ,]*\)\?\s*)/
syntax match cableMarkConfidential /(\s*C\(\/\/\?[A-Z ,]*\)\?\s*)/
syntax match cableMarkUnclassified /(\s*\(U\|SBU\)\(\/\/\?[A-Z ,]*\)\?\s*)/
syntax match cableBlock /\(END \)\?\(SUMMARY\|COMMENT\|Summary\|Comment\)[:.]\|(NOTE:\|END NOTE/
syntax match cableEntityPer /\[PER [^\]]*\]/
syntax match cableEntityOrg /\[ORG [^\]]*\]/
syntax match cableEntityLoc /\[LOC [^\]]*\]/
syntax match cableEntityMisc /\[MISC [^\]]*\]/

highlight default link cableStart PreProc
highlight default link cableRouting Identifier
highlight default link cableKeyword Keyword
highlight default link cableDtg Number
highlight default link cableZn PreProc
highlight default link cableSecret ErrorMsg
highlight default link cableConfidential WarningMsg
highlight default link cableUnclassified Comment
highlight default link cableField Keyword
highlight default link cableParagraph Number
highlight default link cableMarkSecret ErrorMsg
highlight default link cableMarkConfidential WarningMsg
highlight default link cableMarkUnclassified Comment
highlight default link cableBlock Title
highlight default link cableEntityPer Function
highlight default link cableEntityOrg Type
highlight default link cableEntityLoc String
highlight default link cableEntityMisc Special

let b:current_syntax = 'cable'
