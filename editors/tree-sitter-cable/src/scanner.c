// External scanner for cable markup: tokens the regular lexer cannot
// produce, or not cheaply.
//
// `_prose` is a run of plain words inside a line, `_line_prose` one that
// starts a line. Cable text is mostly prose, and one token per word made the
// parser spend most of its time on words that no query looks at (a 5 MB
// document took seconds; Helix gives up highlighting a document whose parse
// takes 500 ms). A run takes whitespace-separated chunks up to the end of the
// line, stopping before the first chunk where one of the grammar's special
// tokens could start: portion marks, entity tags, classifications,
// date-time groups, routing indicators, block and field keywords, TAGS items,
// and at the start of a line also paragraph numbers and the keywords that
// start header lines. That chunk is left to the regular lexer. The test is
// conservative: a chunk it stops at may still turn out to be a plain word.
//
// `tag` is a TAGS item: two or four capital letters standing alone (`PREL`,
// `TI`, the `PREL` of `[PREL](#)`). `valid_symbols` says where a TAGS item may
// stand, so runs elsewhere can take such words in.
//
// `_in_ref` is never produced: the grammar offers it where REF items may
// stand, so that runs are left out there (REF items are regular tokens).
//
// `_nul` is a run of NUL characters, which the regular lexer cannot take (it
// reads NUL as the end of the input), so that a damaged file is still text.

#include "tree_sitter/parser.h"

#include <stdbool.h>
#include <stdint.h>

enum TokenType { PROSE, LINE_PROSE, TAG, NUL, IN_REF, ERROR_SENTINEL };

void *tree_sitter_cable_external_scanner_create(void) { return NULL; }
void tree_sitter_cable_external_scanner_destroy(void *payload) { (void)payload; }
unsigned tree_sitter_cable_external_scanner_serialize(void *payload, char *buffer) {
  (void)payload;
  (void)buffer;
  return 0;
}
void tree_sitter_cable_external_scanner_deserialize(void *payload, const char *buffer,
                                                    unsigned length) {
  (void)payload;
  (void)buffer;
  (void)length;
}

// What a character does to a run.
enum Class {
  WORD,    // part of a word
  BLANK,   // white space that is not a line end: what the extras skip
  END,     // a line end
  OPENS,   // `(`, `[`, `<`: may open a special token, so the chunk is not plain
  SPLITS,  // `)`, `]`, `/`, `,`: the regular lexer splits words here, and a
           // special token may start right after
};

static inline enum Class class_of(int32_t c) {
  if (c < 0x80) {
    switch (c) {
      case ' ': case '\t': case '\f': case '\v':
        return BLANK;
      case '\n': case '\r':
        return END;
      case '(': case '[': case '<':
        return OPENS;
      case ')': case ']': case '/': case ',':
        return SPLITS;
      default:
        return WORD;
    }
  }
  switch (c) {
    case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029: case 0x202F:
    case 0x205F: case 0x3000:
      return BLANK;
    default:
      return c >= 0x2000 && c <= 0x200A ? BLANK : WORD;
  }
}

#define SEGMENT_CAP 16

// The start of a word (up to SEGMENT_CAP characters of it) and its length.
typedef struct {
  int32_t text[SEGMENT_CAP];
  unsigned length;
} Segment;

static bool is_upper(int32_t c) { return c >= 'A' && c <= 'Z'; }
static bool is_digit(int32_t c) { return c >= '0' && c <= '9'; }
static int32_t lower(int32_t c) { return is_upper(c) ? c + ('a' - 'A') : c; }

typedef struct {
  const char *text;
  unsigned length;
} Prefix;

#define PREFIX(s) {s, sizeof(s) - 1}
#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

static bool starts_with(const Segment *s, Prefix prefix, bool any_case) {
  if (s->length < prefix.length) return false;
  for (unsigned i = 0; i < prefix.length; i++) {
    int32_t c = any_case ? lower(s->text[i]) : s->text[i];
    if (c != (int32_t)(unsigned char)prefix.text[i]) return false;
  }
  return true;
}

// Words that may start a special token anywhere in a line, by their first
// letter: classifications, SUMMARY / COMMENT / NOTE blocks, header fields
// written inside a line. (`R` is handled on its own.)
static const Prefix INLINE_B[] = {PREFIX("BEGIN"), PREFIX("Begin")};
static const Prefix INLINE_C[] = {PREFIX("CONFIDENTIAL"), PREFIX("COMMENT"), PREFIX("Comment"),
                                  PREFIX("CLASSIFIED"), PREFIX("Classified")};
static const Prefix INLINE_D[] = {PREFIX("DECL")};
static const Prefix INLINE_E[] = {PREFIX("END"), PREFIX("End"), PREFIX("E."), PREFIX("EO")};
static const Prefix INLINE_L[] = {PREFIX("LIMITED")};
static const Prefix INLINE_N[] = {PREFIX("NOTE"), PREFIX("NOFORN")};
static const Prefix INLINE_S[] = {PREFIX("SECRET"), PREFIX("SUMMARY"), PREFIX("Summary"),
                                  PREFIX("SIPDIS"), PREFIX("SUBJ")};
static const Prefix INLINE_T[] = {PREFIX("TOP"), PREFIX("TEXT"), PREFIX("TAGS")};
static const Prefix INLINE_U[] = {PREFIX("UNCLAS")};

// Words that may start a line of another kind: header-line keywords (as
// written), header-field keywords (in any case).
static const Prefix HEADER_PREFIXES[] = {
    PREFIX("VZCZC"), PREFIX("DE"), PREFIX("ZN"), PREFIX("FM"), PREFIX("TO"),
    PREFIX("INFO"),  PREFIX("XMT"), PREFIX("BT"), PREFIX("NNNN"),
};
static const Prefix FIELD_PREFIXES[] = {
    PREFIX("sipdis"), PREFIX("noforn"), PREFIX("e."),         PREFIX("eo"),
    PREFIX("tag"),    PREFIX("subj"),   PREFIX("ref"),        PREFIX("classified"),
    PREFIX("reason"),
};

static bool any_prefix(const Segment *s, const Prefix *prefixes, unsigned count,
                       bool any_case) {
  for (unsigned i = 0; i < count; i++) {
    if (starts_with(s, prefixes[i], any_case)) return true;
  }
  return false;
}

#define ANY_PREFIX(s, array) any_prefix(s, array, COUNT(array), false)

static bool is_precedence(int32_t c) { return c == 'Z' || c == 'O' || c == 'P' || c == 'R'; }

// Could a special token start at this word? `adjacent` says that no white
// space separates it from the token before (a paragraph number follows the
// anchor `<a …>¶</a>` directly); `line_start` that it starts a line.
static bool is_special(const Segment *s, bool adjacent, bool line_start) {
  if (s->length == 0) return false;
  int32_t first = s->text[0];
  if (line_start) {
    // paragraph numbers: `¶3.`, `3.`
    if (is_digit(first) || first == 0xB6) return true;
    if (any_prefix(s, FIELD_PREFIXES, COUNT(FIELD_PREFIXES), true)) return true;
    if (ANY_PREFIX(s, HEADER_PREFIXES)) return true;
    // precedence prosigns: `RR RUEHDBU`
    if (s->length >= 2 && is_precedence(first) && is_precedence(s->text[1])) return true;
  }
  if (is_digit(first)) {
    if (adjacent) return true;
    // a date-time group: `161223Z`
    if (s->length < 7) return false;
    for (unsigned i = 0; i < 6; i++) {
      if (!is_digit(s->text[i])) return false;
    }
    return s->text[6] == 'Z';
  }
  if (!is_upper(first)) return false;
  // `R 161223Z OCT 09`, `S E C R E T`, `C O N F I D E N T I A L`
  if (s->length == 1) {
    return first == 'Z' || first == 'O' || first == 'P' || first == 'R' || first == 'S' ||
           first == 'C' || first == 'U' || first == 'T';
  }
  switch (first) {
    // routing indicators (`RUEHC/`, `DE RUEHDBU`), REF:, REASON:, Reasons:
    case 'R': return is_upper(s->text[1]) || starts_with(s, (Prefix)PREFIX("Reason"), false);
    case 'B': return ANY_PREFIX(s, INLINE_B);
    case 'C': return ANY_PREFIX(s, INLINE_C);
    case 'D': return ANY_PREFIX(s, INLINE_D);
    case 'E': return ANY_PREFIX(s, INLINE_E);
    case 'L': return ANY_PREFIX(s, INLINE_L);
    case 'N': return ANY_PREFIX(s, INLINE_N);
    case 'S': return ANY_PREFIX(s, INLINE_S);
    case 'T': return ANY_PREFIX(s, INLINE_T);
    case 'U': return ANY_PREFIX(s, INLINE_U);
    default: return false;
  }
}

static bool is_tag(const Segment *s) {
  if (s->length != 2 && s->length != 4) return false;
  for (unsigned i = 0; i < s->length; i++) {
    if (!is_upper(s->text[i])) return false;
  }
  return true;
}

// A TAGS code as a TAGS line continued on the next line spells it:
// `AU-I`, `KPKO` (a capital and 1-9 capitals, digits or hyphens).
static bool is_tag_like(const Segment *s) {
  if (s->length < 2 || s->length > 10 || !is_upper(s->text[0])) return false;
  for (unsigned i = 1; i < s->length; i++) {
    int32_t c = s->text[i];
    if (!is_upper(c) && !is_digit(c) && c != '-') return false;
  }
  return true;
}

static inline void advance(TSLexer *lexer) { lexer->advance(lexer, false); }

// The lookahead is 0 at the end of the file (and on a NUL character).
static inline bool at_eof(TSLexer *lexer) { return lexer->lookahead == 0 && lexer->eof(lexer); }

// What the lookahead does to a run (the end of the file ends a line).
static inline enum Class next_class(TSLexer *lexer) {
  return at_eof(lexer) ? END : class_of(lexer->lookahead);
}

// Reads a word up to the next white space, line end, end of file or
// opening or splitting character, keeping its start.
static void read_segment(TSLexer *lexer, Segment *s) {
  s->length = 0;
  while (next_class(lexer) == WORD) {
    if (s->length < SEGMENT_CAP) s->text[s->length] = lexer->lookahead;
    s->length++;
    advance(lexer);
  }
}

typedef struct {
  bool tags;        // a TAGS item may stand here: stop before one
  bool adjacent;    // the chunk touches the token before
  bool line_start;  // the chunk starts the line
} Context;

// Reads one whitespace-separated chunk, the first word of which is already
// read into `s`, and says whether it is plain. Stops at the chunk's end when
// it is plain, anywhere inside it when it is not.
static bool chunk_is_plain(TSLexer *lexer, Segment *s, Context context) {
  if (is_special(s, context.adjacent, context.line_start) || (context.tags && is_tag(s))) {
    return false;
  }
  for (;;) {
    switch (next_class(lexer)) {
      case BLANK:
      case END:
        return true;
      case OPENS:
        return false;
      default:
        // a splitting character, then the next word of the chunk
        advance(lexer);
        read_segment(lexer, s);
        if (is_special(s, false, false) || (context.tags && is_tag(s))) return false;
    }
  }
}

bool tree_sitter_cable_external_scanner_scan(void *payload, TSLexer *lexer,
                                             const bool *valid_symbols) {
  (void)payload;
  // Error recovery offers every token; leave that to the regular lexer.
  if (valid_symbols[ERROR_SENTINEL]) return false;
  bool prose = (valid_symbols[PROSE] || valid_symbols[LINE_PROSE]) && !valid_symbols[IN_REF];
  Context context = {
      .tags = valid_symbols[TAG],
      .adjacent = true,
      .line_start = valid_symbols[LINE_PROSE],
  };
  if (!prose && !context.tags && !valid_symbols[NUL]) return false;

  while (next_class(lexer) == BLANK) {
    lexer->advance(lexer, true);
    context.adjacent = false;
  }
  if (lexer->lookahead == 0 && !lexer->eof(lexer)) {
    if (!valid_symbols[NUL]) return false;
    while (lexer->lookahead == 0 && !lexer->eof(lexer)) advance(lexer);
    lexer->mark_end(lexer);
    lexer->result_symbol = NUL;
    return true;
  }
  enum Class first = next_class(lexer);
  if (first == END || first == OPENS) return false;
  // Where TAGS items may stand, their commas are the grammar's.
  if (first == SPLITS && context.tags) return false;

  Segment segment;
  read_segment(lexer, &segment);

  if (context.tags && is_tag(&segment)) {
    lexer->mark_end(lexer);
    lexer->result_symbol = TAG;
    return true;
  }
  if (!prose) return false;
  // A line that may continue a TAGS field does so when it starts with a
  // code; a run here would end the field.
  if (context.tags && context.line_start && is_tag_like(&segment)) {
    enum Class after = next_class(lexer);
    if (after != WORD && after != OPENS) return false;
  }

  bool taken = false;
  for (;;) {
    if (!chunk_is_plain(lexer, &segment, context)) break;
    lexer->mark_end(lexer);
    taken = true;
    // white space, then the next chunk on the same line
    while (next_class(lexer) == BLANK) advance(lexer);
    enum Class next = next_class(lexer);
    if (next == END || next == OPENS) break;
    read_segment(lexer, &segment);
    context.adjacent = false;
    context.line_start = false;
  }
  if (!taken) return false;
  lexer->result_symbol = valid_symbols[LINE_PROSE] ? LINE_PROSE : PROSE;
  return true;
}
