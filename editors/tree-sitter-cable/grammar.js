/**
 * Tree-sitter grammar for cable markup: US diplomatic cables as published
 * (telegraphic cables with their ACP-127 transmission header, partial
 * extracts, the entity-annotated flavour). README.md beside this file says
 * what the tree holds and how it is built and tested.
 *
 * The grammar is deliberately forgiving: a cable is a sequence of lines, each
 * recognised by its first token (a transmission-header keyword, a banner, a
 * header-field keyword, a paragraph number, or anything else), and inside a
 * line a handful of inline tokens (portion marks, classifications, date-time
 * groups, routing indicators, entity tags, block keywords). Every input
 * parses: a line that fits no special kind is plain `text`, and no rule needs
 * a closing token, so real files give no error nodes. The tree is for
 * highlighting, text objects and folds; the language server does the checks.
 *
 * Lines end at `\n`, `\r\n` or `\r`. A paragraph or a multi-line header
 * field takes the lines that follow it up to a blank line or a line that
 * starts something else. The last line of a file may lack its line end, so
 * each block rule has a second form for the end of the file, aliased to the
 * same node.
 *
 * Plain words come from the external scanner (src/scanner.c) as runs, one
 * token for many words; the regular lexer takes everything else.
 */

/// Token precedences: a special token beats a plain word of the same length;
/// line-start keywords beat their inline forms; REF letters beat portion marks.
const P = {
  special: 1,
  line_start: 2,
  ref_letter: 2,
  paragraph_mark: 3,
};

const MONTH = 'JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC';
// A caveat after a classification: `//NOFORN`, `/REL TO USA, AUS`.
const MARK_CAVEAT = '([ \\t]*\\/\\/?[ \\t]*[A-Z][A-Z ,]{0,40})?';
const BANNER_CAVEAT = '([ \\t]*\\/\\/[ \\t]*[A-Z][A-Z\\/,]*)?';

function special(pattern, precedence = P.special) {
  return token(prec(precedence, pattern));
}

function re(source, flags) {
  return new RegExp(source, flags);
}

/**
 * A block of lines: a first line (`head`, without its line end) and the
 * lines that continue it (`cont`), each with its line end. Each block keeps
 * this in an inlined rule of its own, which `last` reuses.
 */
function lines($, head, cont) {
  return seq(head, $._eol, repeat(seq(cont, $._eol)));
}

/// The same block at the end of a file whose last line has no line end.
function last(head, lines, cont) {
  return choice(head, seq(lines, cont));
}

module.exports = grammar({
  name: 'cable',

  // Spaces and tabs (and other white space that is not a line end) separate
  // tokens; line ends are tokens of their own.
  extras: (_) => [/[^\S\r\n]/],

  word: ($) => $._word,

  // src/scanner.c: runs of plain words (inside a line, at its start), TAGS
  // items, NUL characters; `_in_ref` marks where REF items may stand.
  externals: ($) => [
    $._prose,
    $._line_prose,
    $.tag,
    $._nul,
    $._in_ref,
    $._error_sentinel,
  ],

  inline: ($) => [
    $._transmission_header_lines,
    $._tags_field_lines,
    $._subject_field_lines,
    $._ref_field_lines,
    $._classified_by_field_lines,
    $._paragraph_lines,
    $._first_inline,
    $._inline,
    $._tags_first,
    $._tags_inline,
    $._ref_first,
    $._ref_inline,
    $._punctuation,
  ],

  rules: {
    document: ($) => seq(repeat($._item), optional($._last_item)),

    _item: ($) =>
      choice(
        $._eol, // a blank line
        $.transmission_header,
        $.transmission_end,
        $.banner,
        $.caption,
        $.eo_field,
        $.reason_field,
        $.tags_field,
        $.subject_field,
        $.ref_field,
        $.classified_by_field,
        $.paragraph,
        seq($.text, $._eol),
      ),

    _last_item: ($) =>
      choice(
        alias($._transmission_header_last, $.transmission_header),
        alias($._transmission_end_line, $.transmission_end),
        alias($._banner_line, $.banner),
        alias($._caption_line, $.caption),
        alias($._eo_line, $.eo_field),
        alias($._reason_line, $.reason_field),
        alias($._tags_field_last, $.tags_field),
        alias($._subject_field_last, $.subject_field),
        alias($._ref_field_last, $.ref_field),
        alias($._classified_by_field_last, $.classified_by_field),
        alias($._paragraph_last, $.paragraph),
        $.text,
      ),

    // ---------------------------------------------------------------- lines

    _eol: (_) => /\r\n|\r|\n/,

    // Plain text: a line that starts nothing special, and the rest of a line
    // after its first token.
    text: ($) =>
      seq(choice($._line_prose, $._first_inline), repeat($._inline)),
    _rest: ($) => alias(repeat1($._inline), $.text),

    // ------------------------------------------------- transmission header

    // Blank lines inside the header are its own (`PP RUEHWEB`, a blank line,
    // then `DE …`), so it also takes those that follow it.
    transmission_header: ($) => prec.right($._transmission_header_lines),
    _transmission_header_lines: ($) =>
      seq(
        $._header_start,
        $._eol,
        repeat(choice(seq($._header_line, $._eol), $._eol)),
      ),
    _transmission_header_last: ($) =>
      last($._header_start, $._transmission_header_lines, $._header_line),

    _header_start: ($) => seq($.start_of_message, optional($._rest)),
    start_of_message: (_) => special(/VZCZC[A-Z0-9]*/),

    _header_line: ($) =>
      choice(
        $.precedence_line,
        $.routing_line,
        $.de_line,
        $.zn_line,
        $.dtg_line,
        $.fm_line,
        $.to_line,
        $.info_line,
        $.xmt_line,
      ),

    // `RR RUEHDBU`: the precedence prosign, then routing indicators.
    precedence_line: ($) =>
      seq(
        alias(special(/[ZOPR]{2}/), $.precedence),
        repeat($._bare_routing_indicator),
        optional($._rest),
      ),
    // `RUEHNL RUEHLN`, or `RUEHBUL/AMEMBASSY KABUL 0273` continuing an
    // addressee list.
    routing_line: ($) =>
      seq(
        choice($._bare_routing_indicator, $.routing_indicator),
        optional($._rest),
      ),
    de_line: ($) =>
      seq(
        alias('DE', $.header_keyword),
        optional($._bare_routing_indicator),
        optional($._rest),
      ),
    zn_line: ($) =>
      seq(alias(special(/ZN[A-Z]/), $.header_keyword), optional($._rest)),
    dtg_line: ($) => seq($.dtg, optional($._rest)),
    fm_line: ($) => seq(alias('FM', $.header_keyword), optional($._rest)),
    to_line: ($) => seq(alias('TO', $.header_keyword), optional($._rest)),
    info_line: ($) => seq(alias('INFO', $.header_keyword), optional($._rest)),
    xmt_line: ($) => seq(alias('XMT', $.header_keyword), optional($._rest)),

    _bare_routing_indicator: ($) =>
      alias(special(/R[A-Z]{3,7}/), $.routing_indicator),

    // `BT` and `NNNN`, which end the text and the message.
    transmission_end: ($) => seq($._transmission_end_line, $._eol),
    _transmission_end_line: ($) =>
      seq(
        alias(choice('BT', 'NNNN'), $.header_keyword),
        optional($._rest),
      ),

    // ------------------------------------------------------ cable header

    // A line that starts with a classification is a banner, unless it
    // continues a paragraph or a field (`SECRET POLICE …` in wrapped text).
    banner: ($) => seq($._banner_line, $._eol),
    _banner_line: ($) => prec(1, seq($.classification, repeat($._inline))),

    // `SIPDIS` (and `NOFORN`) on a line of their own, or leading one.
    caption: ($) => seq($._caption_line, $._eol),
    _caption_line: ($) =>
      seq(
        alias(special(/SIPDIS|NOFORN/i, P.line_start), $.field_keyword),
        optional($._rest),
      ),

    eo_field: ($) => seq($._eo_line, $._eol),
    _eo_line: ($) =>
      seq(
        alias(
          special(
            /E\.[ \t]?O\.?([ \t]*:?[ \t]*1\d{4})?[ \t]*:?|EO[ \t]*:?[ \t]*1\d{4}[ \t]*:?/i,
            P.line_start,
          ),
          $.field_keyword,
        ),
        optional($._rest),
      ),

    reason_field: ($) => seq($._reason_line, $._eol),
    _reason_line: ($) =>
      seq(
        alias(
          special(/REASONS?[ \t]*:?|Reasons?[ \t]*:/, P.line_start),
          $.field_keyword,
        ),
        optional($._rest),
      ),

    tags_field: ($) => prec.right($._tags_field_lines),
    _tags_field_lines: ($) => lines($, $._tags_head, $._tags_cont),
    _tags_field_last: ($) =>
      last($._tags_head, $._tags_field_lines, $._tags_cont),
    _tags_head: ($) =>
      seq(
        alias(special(/TAG(S|ES)?[ \t]*:?/i, P.line_start), $.field_keyword),
        repeat($._tags_inline),
      ),
    _tags_cont: ($) => seq($._tags_first, repeat($._tags_inline)),

    subject_field: ($) => prec.right($._subject_field_lines),
    _subject_field_lines: ($) => lines($, $._subject_head, $.text),
    _subject_field_last: ($) =>
      last($._subject_head, $._subject_field_lines, $.text),
    _subject_head: ($) =>
      seq(
        alias(special(/SUBJ(ECT)?[ \t]*:/i, P.line_start), $.field_keyword),
        optional($._rest),
      ),

    ref_field: ($) => prec.right($._ref_field_lines),
    _ref_field_lines: ($) => lines($, $._ref_head, $._ref_cont),
    _ref_field_last: ($) =>
      last($._ref_head, $._ref_field_lines, $._ref_cont),
    _ref_head: ($) =>
      seq(
        alias(special(/REF(S|TEL|TELS)?[ \t]*:/i, P.line_start), $.field_keyword),
        repeat($._ref_inline),
      ),
    _ref_cont: ($) => seq($._ref_first, repeat($._ref_inline)),

    classified_by_field: ($) => prec.right($._classified_by_field_lines),
    _classified_by_field_lines: ($) => lines($, $._classified_by_head, $.text),
    _classified_by_field_last: ($) =>
      last($._classified_by_head, $._classified_by_field_lines, $.text),
    _classified_by_head: ($) =>
      seq(
        alias(
          special(/CLASSIFIED[ \t]+BY[ \t]*:?/i, P.line_start),
          $.field_keyword,
        ),
        optional($._rest),
      ),

    // --------------------------------------------------------------- body

    paragraph: ($) => prec.right($._paragraph_lines),
    _paragraph_lines: ($) => lines($, $._paragraph_head, $.text),
    _paragraph_last: ($) =>
      last($._paragraph_head, $._paragraph_lines, $.text),
    // The mark after the number is the paragraph's own, not its text's.
    _paragraph_head: ($) =>
      prec(
        P.paragraph_mark,
        seq($.paragraph_number, optional($.portion_mark), optional($._rest)),
      ),
    // `¶3.`, `3.`, `3)`, `2.(C)` at the start of a line.
    paragraph_number: (_) =>
      special(/(¶[ \t]*)?\d{1,3}[ \t]?[.)]/, P.line_start),

    // ------------------------------------------------------------ inline

    // What may start a plain line: any inline token but those that start
    // a line of another kind (header-field keywords).
    _first_inline: ($) =>
      choice(
        $._word,
        $._nul,
        $.classification,
        $._punctuation,
        $.portion_mark,
        $.dtg,
        $.routing_indicator,
        $.entity,
        $.block_keyword,
        $.markup,
        $.anchor,
        alias($._decl_keyword, $.field_keyword),
      ),

    _inline: ($) =>
      choice(
        $._prose,
        $._first_inline,
        $.tags,
        alias($._inline_field_keyword, $.field_keyword),
      ),

    _tags_first: ($) => choice($.tag, $._first_inline),
    _tags_inline: ($) =>
      choice(
        $.tag,
        $._first_inline,
        alias($._inline_field_keyword, $.field_keyword),
      ),

    _ref_first: ($) =>
      choice($._in_ref, $.ref_id, $.ref_letter, $._first_inline),
    _ref_inline: ($) =>
      choice(
        $._in_ref,
        $.ref_id,
        $.ref_letter,
        $._first_inline,
        $.tags,
        alias($._inline_field_keyword, $.field_keyword),
      ),

    _word: (_) => /[^\s()\[\]<\/,]+/,
    _punctuation: (_) => choice('(', ')', '[', ']', '<', '/', ','),

    // Portion marks, by level: `(S)`, `(C//NF)`, `( U )`, `(SBU)`.
    portion_mark: ($) =>
      choice(
        alias(
          special(re(`\\([ \\t]*(TS|S)${MARK_CAVEAT}[ \\t]*\\)`)),
          $.secret,
        ),
        alias(
          special(re(`\\([ \\t]*C${MARK_CAVEAT}[ \\t]*\\)`)),
          $.confidential,
        ),
        alias(
          special(re(`\\([ \\t]*(U|SBU)${MARK_CAVEAT}[ \\t]*\\)`)),
          $.unclassified,
        ),
      ),

    // Banner classifications, by level, wherever they stand.
    classification: ($) =>
      choice(
        alias(
          special(
            re(
              `(T O P S E C R E T|S E C R E T|TOP SECRET|SECRET)${BANNER_CAVEAT}`,
            ),
          ),
          $.secret,
        ),
        alias(
          special(re(`(C O N F I D E N T I A L|CONFIDENTIAL)${BANNER_CAVEAT}`)),
          $.confidential,
        ),
        alias(
          special(
            re(
              `(U N C L A S S I F I E D|UNCLASSIFIED|UNCLAS([ \\t]+E F T O)?|LIMITED OFFICIAL USE)${BANNER_CAVEAT}`,
            ),
          ),
          $.unclassified,
        ),
      ),

    // `R 161223Z OCT 09`, `O P 101039Z MAY 06`, `161223Z OCT 09`.
    dtg: (_) =>
      special(
        re(
          `([ZOPR][ \\t]([ZOPR][ \\t])?)?\\d{6}Z[ \\t]?(${MONTH})[ \\t]?\\d{2,4}`,
        ),
      ),

    // `RUEHC/` in `RUEHC/SECSTATE WASHDC`.
    routing_indicator: (_) => special(/R[A-Z]{3,7}\//),

    // `[PER Emomali Rahmonov  ]`, by type.
    entity: ($) =>
      choice(
        alias(special(/\[PER[ \t][^\[\]\r\n]{0,200}\]/), $.person),
        alias(special(/\[ORG[ \t][^\[\]\r\n]{0,200}\]/), $.organization),
        alias(special(/\[LOC[ \t][^\[\]\r\n]{0,200}\]/), $.location),
        alias(special(/\[MISC[ \t][^\[\]\r\n]{0,200}\]/), $.misc),
      ),

    // SUMMARY / COMMENT / NOTE blocks: `SUMMARY:`, `END SUMMARY.`,
    // `(NOTE: … END NOTE.)`, `Comment:`.
    block_keyword: (_) =>
      choice(
        special(/((BEGIN|END)[ \t]+)?(SUMMARY|COMMENT|TEXT)([ \t]*[:.])?/),
        special(
          /(END|End)[ \t]+(NOTE|Note|SUMMARY|Summary|COMMENT|Comment)[ \t]*[.:]?/,
        ),
        special(/\([ \t]*(NOTE|Note)[ \t]*:|NOTE:/),
        special(/(Begin[ \t]+)?(Summary|Comment)[ \t]*[:.]/),
      ),

    // HTML residue of the annotated flavour.
    markup: (_) => special(/<\/?code>|<\/?pre>/),
    // `<a id='par1' href='#par1'>¶</a>1 .`: a paragraph number mid-line.
    anchor: ($) =>
      seq(
        alias(special(/<a id='par\d+' href='#par\d+'>¶<\/a>/), $.markup),
        optional(
          alias(token.immediate(/\d{1,3}([ \t]?\.)?/), $.paragraph_number),
        ),
      ),

    // Header-field keywords inside a line (the annotated flavour runs the
    // fields together): `SUBJECT:`, `E.O. 12958:`, `CLASSIFIED BY:`.
    _inline_field_keyword: (_) =>
      choice(
        special(/SIPDIS|NOFORN/),
        special(/E\.[ \t]?O\.|EO[ \t]1\d{4}/),
        special(/SUBJECT:|SUBJ:/),
        special(/REFS?:|REFTEL:/),
        special(/Classified By:|CLASSIFIED BY:/),
        special(/Reasons?:|REASONS?:?/),
      ),
    _decl_keyword: (_) => special(/DECL[ \t]*:/),

    // `TAGS PREL , PGOV` inside a line.
    tags: ($) =>
      prec.right(
        seq(
          alias(special(/TAGS:?/), $.field_keyword),
          repeat(choice($.tag, ',')),
        ),
      ),

    // REF items: `STATE 214783`, `05 MOSCOW 1234`, `06DUSHANBE862`, and
    // their letters `A.`, `B)`, `(C)`.
    ref_id: (_) =>
      choice(
        special(/\d{2}[A-Z][A-Z]+\d+/),
        special(/(\d{2}[ \t])?[A-Z][A-Z]+([ \t][A-Z]+){0,3}[ \t]\d{1,7}/),
      ),
    ref_letter: (_) => special(/[A-Z][.)]|\([A-Z]\)/, P.ref_letter),
  },
});
