import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";

let jieba: Jieba | undefined;

function segmenter(): Jieba {
  // Loading the dictionary takes ~150 ms; do it once, on first use.
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

/** Function words that match almost every row and only slow queries down. */
const STOP_WORDS = new Set([
  "的",
  "了",
  "和",
  "与",
  "及",
  "等",
  "在",
  "是",
  "对",
  "为",
  "以",
  "将",
  "把",
  "并",
  "或",
  "之",
  "其",
  "于",
  "由",
]);

/** Most tokens are plain Chinese and need no normalisation. */
const PLAIN_CJK = /^[\u3400-\u9fff]+$/u;
/** A token carries a letter or digit; punctuation and spaces are not searchable. */
const SEARCHABLE = /[\p{L}\p{N}]/u;
/** Characters the text-search parser would split on or treat as operators; tokens never contain them. */
const SEPARATORS = /[\s&|!():*'<>\\,.;:，。；：、]+/gu;

function keep(token: string): string | undefined {
  if (PLAIN_CJK.test(token)) return STOP_WORDS.has(token) ? undefined : token;
  const t = token.normalize("NFKC").toLowerCase().replace(SEPARATORS, "");
  if (t === "" || !SEARCHABLE.test(t) || STOP_WORDS.has(t)) return undefined;
  return t;
}

/** A text cut into words (jieba precise mode, no HMM) with where each word starts. */
export interface Segmentation {
  words: string[];
  starts: number[];
}

/**
 * Cuts a text once; tokens for the whole text and for any span of it (a task) come from this.
 * Without HMM so that unknown words split the same way in every context.
 */
export function segment(text: string): Segmentation {
  return withStarts(text, segmenter().cut(text, false));
}

/**
 * `segment` with the cutting done on libuv's thread pool: only turning the words into strings is
 * left to the calling thread, about half of the work on a long text. An import's main thread is
 * its bottleneck, and the cut is the largest piece of work it can hand off without copying a
 * parse result between threads.
 */
export async function segmentAsync(text: string): Promise<Segmentation> {
  return withStarts(text, (await segmenter().cutAsync(text, false)) as string[]);
}

function withStarts(text: string, words: string[]): Segmentation {
  const starts = new Array<number>(words.length);
  let at = 0;
  for (let i = 0; i < words.length; i++) {
    starts[i] = at;
    at += words[i]!.length;
  }
  if (at === text.length) return { words, starts };
  // jieba returns the whole text in order, so the words' lengths add up to it. Had it dropped a
  // character, locate each word instead.
  at = 0;
  for (let i = 0; i < words.length; i++) {
    const found = text.indexOf(words[i]!, at);
    starts[i] = found < 0 ? at : found;
    at = starts[i]! + words[i]!.length;
  }
  return { words, starts };
}

/** Lexemes longer than this are dropped: PostgreSQL refuses lexemes over 2 KB, and none is a word. */
const MAX_TOKEN_CHARS = 64;

/**
 * One index token, interned: its quoted form is made once, and while a document's vector is being
 * built it collects its positions there (`build` says which build they belong to), so the
 * document's words need no map of their own.
 */
interface Lexeme {
  token: string;
  quoted: string;
  build: number;
  positions: number[];
}

const NO_LEXEMES: readonly Lexeme[] = [];
const NO_POSITIONS: number[] = [];
/** Words whose tokens are remembered; past it both caches start again (about 30 MB at most). */
const WORD_CACHE_LIMIT = 100_000;
const wordLexemes = new Map<string, readonly Lexeme[]>();
const lexemes = new Map<string, Lexeme>();
/** Vector builds so far; a lexeme whose `build` is older has no positions in the current one. */
let builds = 0;

function lexemeOf(token: string): Lexeme {
  let lexeme = lexemes.get(token);
  if (lexeme === undefined) {
    lexeme = { token, quoted: quoteLexeme(token), build: 0, positions: NO_POSITIONS };
    lexemes.set(token, lexeme);
  }
  return lexeme;
}

/**
 * Starts the caches again when they are full. Called only on entry to an exported function: a
 * build in progress holds lexemes, and clearing under it would split one token in two.
 */
function trimCaches(): void {
  if (wordLexemes.size < WORD_CACHE_LIMIT) return;
  wordLexemes.clear();
  lexemes.clear();
}

/**
 * Index tokens of one word: the word, plus for longer words its 2- and 3-character pieces, so that
 * a query for 交通 finds 交通运输 (what jieba's search mode does, without its dictionary check).
 * Cached: a document repeats its words many times, and a ledger its vocabulary.
 */
function lexemesOfWord(word: string): readonly Lexeme[] {
  const cached = wordLexemes.get(word);
  if (cached !== undefined) return cached;
  const t = keep(word);
  let out = NO_LEXEMES;
  if (t !== undefined && t.length <= MAX_TOKEN_CHARS) {
    const list = [lexemeOf(t)];
    if (t.length >= 3 && PLAIN_CJK.test(t)) {
      for (let k = 0; k + 2 <= t.length; k++) list.push(lexemeOf(t.slice(k, k + 2)));
      if (t.length >= 4) for (let k = 0; k + 3 <= t.length; k++) list.push(lexemeOf(t.slice(k, k + 3)));
    }
    out = list;
  }
  wordLexemes.set(word, out);
  return out;
}

/** Index tokens of words (see lexemesOfWord): normalised (NFKC, lower case), stop words dropped. */
export function tokensOfWords(words: readonly string[], from = 0, to = words.length): string[] {
  trimCaches();
  const out: string[] = [];
  for (let i = from; i < to; i++) for (const lexeme of lexemesOfWord(words[i]!)) out.push(lexeme.token);
  return out;
}

/** The words of a segmented text that overlap `[start, end)`, as the index range `[from, to)`. */
function wordsInRange(seg: Segmentation, start: number, end: number): { from: number; to: number } {
  let lo = 0;
  let hi = seg.starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (seg.starts[mid]! + seg.words[mid]!.length <= start) lo = mid + 1;
    else hi = mid;
  }
  let to = lo;
  while (to < seg.starts.length && seg.starts[to]! < end) to++;
  return { from: lo, to };
}

/** Index tokens of the words that overlap `[start, end)` of a segmented text. */
export function tokensInRange(seg: Segmentation, start: number, end: number): string[] {
  const { from, to } = wordsInRange(seg, start, end);
  return tokensOfWords(seg.words, from, to);
}

/** Index tokens of a text. */
export function indexTokens(text: string): string[] {
  return tokensOfWords(segmenter().cut(text, false));
}

/** Longest text whose tokens are remembered by shortTextTokens. */
const SHORT_TEXT_CHARS = 64;
const SHORT_TEXT_CACHE_LIMIT = 20_000;
const shortTexts = new Map<string, readonly string[]>();

/**
 * Index tokens of a short text that recurs (a heading path, a unit as written, an indicator's
 * name): remembered, so a ledger segments each such text once instead of once per task.
 */
export function shortTextTokens(text: string): readonly string[] {
  if (text.length > SHORT_TEXT_CHARS) return indexTokens(text);
  const cached = shortTexts.get(text);
  if (cached !== undefined) return cached;
  const tokens = indexTokens(text);
  if (shortTexts.size >= SHORT_TEXT_CACHE_LIMIT) shortTexts.clear();
  shortTexts.set(text, tokens);
  return tokens;
}

/** Adds the index tokens of the words of `seg` that overlap `[start, end)` to a set of lexemes. */
export function addTokensInRange(lexemes: Set<string>, seg: Segmentation, start: number, end: number): void {
  trimCaches();
  const { from, to } = wordsInRange(seg, start, end);
  for (let i = from; i < to; i++)
    for (const lexeme of lexemesOfWord(seg.words[i]!)) lexemes.add(lexeme.token);
}

/** The tsvector literal of a set of lexemes, without positions (see tsvectorLiteral). */
export function lexemeSetLiteral(lexemes: Iterable<string>): string {
  let out = "";
  for (const token of lexemes) out += out === "" ? quoteLexeme(token) : ` ${quoteLexeme(token)}`;
  return out;
}

/** Tokens of a search query: precise-mode words, normalised like the index, without duplicates. All must match. */
export function queryTokens(query: string): string[] {
  const seen = new Set<string>();
  for (const token of segmenter().cut(query, false)) {
    const t = keep(token);
    if (t !== undefined && t.length <= MAX_TOKEN_CHARS) seen.add(t);
  }
  return [...seen];
}

const NEEDS_ESCAPE = /['\\]/;

function quoteLexeme(token: string): string {
  // Index tokens never carry quotes or backslashes (keep() strips them); queries might.
  if (!NEEDS_ESCAPE.test(token)) return `'${token}'`;
  return `'${token.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}

/**
 * Positions kept per lexeme. PostgreSQL allows 256; ts_rank reads them as term frequency, which
 * stops telling documents apart long before that, and every position costs bytes on each write.
 */
const MAX_POSITIONS = 16;
const MAX_POSITION = 16383;
/** A tsvector must stay under 1 MB; past this many characters of literal, positions are thinned. */
const MAX_LITERAL_CHARS = 600_000;

/**
 * The tsvector literal of a token sequence: each distinct token once with its positions. Written
 * in TypeScript and cast with `::tsvector` instead of `to_tsvector('simple', …)`: PostgreSQL's
 * word parser is slow on Chinese (about three times the cost of reading the literal) and would
 * split some tokens its own way. The lexemes are exactly the jieba tokens, on both backends.
 * Without positions (short texts: tasks, indicators) the vector is several times smaller, so it
 * stays in the row and ranking many matches stays cheap; ts_rank then counts each word once.
 */
export function tsvectorLiteral(tokens: readonly string[], options: { positions?: boolean } = {}): string {
  if (options.positions === false) return lexemeSetLiteral(new Set(tokens));
  const positions = new Map<string, number[]>();
  for (let i = 0; i < tokens.length; i++) addPosition(positions, tokens[i]!, i + 1);
  return joinPositioned([...positions].map(([token, list]) => [quoteLexeme(token), list]));
}

function addPosition(positions: Map<string, number[]>, token: string, position: number): void {
  const list = positions.get(token);
  const at = Math.min(position, MAX_POSITION);
  if (!list) positions.set(token, [at]);
  else if (list.length < MAX_POSITIONS && list[list.length - 1] !== at) list.push(at);
}

/**
 * The tsvector literal, with positions, of the tokens of a text's head (its title and 文号) followed
 * by the tokens of `words[from, to)`: what `tsvectorLiteral([...head, ...tokensOfWords(words, from,
 * to)])` gives, without materialising the document's token list (tens of thousands of strings).
 */
export function documentVectorLiteral(
  head: readonly string[],
  words: readonly string[],
  from = 0,
  to = words.length,
): string {
  trimCaches();
  const build = ++builds;
  const order: Lexeme[] = [];
  let position = 0;
  const add = (lexeme: Lexeme) => {
    const at = Math.min(++position, MAX_POSITION);
    if (lexeme.build !== build) {
      lexeme.build = build;
      lexeme.positions = [at];
      order.push(lexeme);
    } else if (
      lexeme.positions.length < MAX_POSITIONS &&
      lexeme.positions[lexeme.positions.length - 1] !== at
    ) {
      lexeme.positions.push(at);
    }
  };
  for (const token of head) add(lexemeOf(token));
  for (let i = from; i < to; i++) for (const lexeme of lexemesOfWord(words[i]!)) add(lexeme);
  const literal = joinPositioned(order.map((l) => [l.quoted, l.positions]));
  for (const lexeme of order) lexeme.positions = NO_POSITIONS;
  return literal;
}

/**
 * The literal of lexemes (quoted) with their positions, in the order given. Past
 * MAX_LITERAL_CHARS the positions kept per lexeme are thinned until it fits.
 */
function joinPositioned(entries: readonly (readonly [string, readonly number[]])[]): string {
  for (let perLexeme = MAX_POSITIONS; ; perLexeme = Math.max(1, perLexeme >> 2)) {
    let out = "";
    for (const [quoted, list] of entries) {
      out += out === "" ? `${quoted}:${list[0]}` : ` ${quoted}:${list[0]}`;
      const n = Math.min(list.length, perLexeme);
      for (let k = 1; k < n; k++) out += `,${list[k]}`;
    }
    if (out.length < MAX_LITERAL_CHARS || perLexeme === 1) return out;
  }
}

/** A tsquery literal that needs every token (`'a' & 'b'`); operators in the query are just text. */
export function tsqueryLiteral(tokens: readonly string[]): string {
  return tokens.map(quoteLexeme).join(" & ");
}
