import { z } from 'zod';

/**
 * Text models exported by scripts/ml, scored here exactly as scikit-learn scores them (the Python
 * tests and tfidf-model.test.ts pin the two to 1e-12):
 *
 * - `polychat.tfidf-logreg/1` (spam): lower-cased ASCII tokens `[a-z0-9]{2,}`, raw counts × idf,
 *   L2 norm, logistic regression.
 * - `polychat.tfidf-svm-ensemble/1` (abuse, exported from alt-profanity-check): lower-cased Unicode
 *   word tokens (Python's `(?u)\b\w\w+\b`: runs of 2+ letters, digits or `_`), the same TF-IDF, and
 *   the mean of sigmoid-calibrated linear SVMs.
 *
 * Scoring is built for the send path (docs/decisions/0043): the text is bounded to MAX_SCORED_CHARS,
 * tokens are found by a linear scan (no backtracking), each looked up once in a Map built at load,
 * and counts go into scratch arrays allocated once per model, so a score allocates only the
 * lower-cased text and its tokens.
 */

/** Messages are at most 4,000 characters (chats' MAX_BODY); longer texts are scored on their start. */
export const MAX_SCORED_CHARS = 4000;

const ASCII_TOKENS = '[a-z0-9]{2,}';
const UNICODE_WORDS = '(?u)\\b\\w\\w+\\b';
const thresholdsSchema = z.object({ flag: z.number().min(0).max(1), hold: z.number().min(0).max(1) });

export const tfidfModelSchema = z.object({
  name: z.string().min(1),
  version: z.string().min(1),
  format: z.literal('polychat.tfidf-logreg/1'),
  tokenPattern: z.literal(ASCII_TOKENS),
  lowercase: z.literal(true),
  terms: z.array(z.string()),
  idf: z.array(z.number()),
  coef: z.array(z.number()),
  intercept: z.number(),
  thresholds: thresholdsSchema,
});
export type TfidfModelFile = z.infer<typeof tfidfModelSchema>;

export const svmEnsembleSchema = z.object({
  name: z.string().min(1),
  version: z.string().min(1),
  format: z.literal('polychat.tfidf-svm-ensemble/1'),
  tokenPattern: z.literal(UNICODE_WORDS),
  lowercase: z.literal(true),
  terms: z.array(z.string()),
  idf: z.array(z.number()),
  members: z.array(z.object({ coef: z.array(z.number()), intercept: z.number(), a: z.number(), b: z.number() })).min(1),
  thresholds: thresholdsSchema,
});
export type SvmEnsembleFile = z.infer<typeof svmEnsembleSchema>;

/** A loaded text model: `score(text)` is the probability of the positive class (spam, abuse). */
export interface TextModel {
  readonly name: string;
  readonly version: string;
  readonly thresholds: { readonly flag: number; readonly hold: number };
  score(text: string): number;
}

const UNICODE_WORD = /[\p{L}\p{N}_]{2,}/gu;

/**
 * Term counts of a text as TF-IDF weights, in ascending term order (scipy's order, so sums match
 * to the last bit). Not re-entrant: the scratch arrays are reused by the next call, which is safe
 * because scoring is synchronous.
 */
class Vectorizer {
  private readonly index = new Map<string, number>();
  private readonly idf: Float64Array;
  private readonly counts: Float64Array;
  private readonly touched: Int32Array;
  private size = 0;

  constructor(
    terms: readonly string[],
    idf: readonly number[],
    private readonly ascii: boolean,
  ) {
    terms.forEach((term, i) => this.index.set(term, i));
    this.idf = Float64Array.from(idf);
    this.counts = new Float64Array(terms.length);
    this.touched = new Int32Array(terms.length);
  }

  /**
   * Calls `visit(term, weight)` for each known term of the text, ascending, with the L2-normalised
   * TF-IDF weight; returns false when no known term occurs.
   */
  forEach(text: string, visit: (term: number, weight: number) => void): boolean {
    const lower = (text.length > MAX_SCORED_CHARS ? text.slice(0, MAX_SCORED_CHARS) : text).toLowerCase();
    this.size = 0;
    if (this.ascii) this.scanAscii(lower);
    else for (const match of lower.matchAll(UNICODE_WORD)) this.count(match[0]);
    const terms = this.touched.subarray(0, this.size).sort();
    let squares = 0;
    for (const i of terms) squares += ((this.counts[i] ?? 0) * (this.idf[i] ?? 0)) ** 2;
    const norm = Math.sqrt(squares);
    if (squares > 0) for (const i of terms) visit(i, ((this.counts[i] ?? 0) * (this.idf[i] ?? 0)) / norm);
    for (const i of terms) this.counts[i] = 0;
    return squares > 0;
  }

  /** `[a-z0-9]{2,}` by a scan of char codes: maximal runs of two or more. */
  private scanAscii(lower: string): void {
    let start = -1;
    for (let i = 0; i <= lower.length; i++) {
      const c = i < lower.length ? lower.charCodeAt(i) : 0;
      const token = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
      if (token) {
        if (start < 0) start = i;
      } else if (start >= 0) {
        if (i - start >= 2) this.count(lower.slice(start, i));
        start = -1;
      }
    }
  }

  private count(token: string): void {
    const i = this.index.get(token);
    if (i === undefined) return;
    if (this.counts[i] === 0) this.touched[this.size++] = i;
    this.counts[i] = (this.counts[i] ?? 0) + 1;
  }
}

/** TF-IDF + logistic regression (spam). */
export class TfidfModel implements TextModel {
  readonly name: string;
  readonly version: string;
  readonly thresholds: { readonly flag: number; readonly hold: number };
  private readonly vectorizer: Vectorizer;
  private readonly coef: Float64Array;
  private readonly intercept: number;

  constructor(file: TfidfModelFile) {
    if (file.idf.length !== file.terms.length || file.coef.length !== file.terms.length)
      throw new Error(`model ${file.name}/${file.version}: terms, idf and coef differ in length`);
    this.name = file.name;
    this.version = file.version;
    this.thresholds = file.thresholds;
    this.vectorizer = new Vectorizer(file.terms, file.idf, true);
    this.coef = Float64Array.from(file.coef);
    this.intercept = file.intercept;
  }

  /** Parses and checks a model.json text. */
  static readonly parse = (text: string): TfidfModel => new TfidfModel(tfidfModelSchema.parse(JSON.parse(text)));

  score(text: string): number {
    let dot = 0;
    const known = this.vectorizer.forEach(text, (i, weight) => (dot += weight * (this.coef[i] ?? 0)));
    const z = known ? this.intercept + dot : this.intercept;
    return 1 / (1 + Math.exp(-z));
  }
}

/** TF-IDF + the mean of sigmoid-calibrated linear SVMs (abuse, exported from alt-profanity-check). */
export class SvmEnsembleModel implements TextModel {
  readonly name: string;
  readonly version: string;
  readonly thresholds: { readonly flag: number; readonly hold: number };
  private readonly vectorizer: Vectorizer;
  private readonly members: { coef: Float64Array; intercept: number; a: number; b: number }[];
  private readonly decisions: Float64Array;

  constructor(file: SvmEnsembleFile) {
    if (file.idf.length !== file.terms.length || file.members.some((m) => m.coef.length !== file.terms.length))
      throw new Error(`model ${file.name}/${file.version}: terms, idf and coef differ in length`);
    this.name = file.name;
    this.version = file.version;
    this.thresholds = file.thresholds;
    this.vectorizer = new Vectorizer(file.terms, file.idf, false);
    this.members = file.members.map((m) => ({ ...m, coef: Float64Array.from(m.coef) }));
    this.decisions = new Float64Array(this.members.length);
  }

  static readonly parse = (text: string): SvmEnsembleModel =>
    new SvmEnsembleModel(svmEnsembleSchema.parse(JSON.parse(text)));

  score(text: string): number {
    const decisions = this.decisions.fill(0);
    const members = this.members;
    this.vectorizer.forEach(text, (i, weight) => {
      for (let k = 0; k < members.length; k++) decisions[k] = (decisions[k] ?? 0) + weight * (members[k]?.coef[i] ?? 0);
    });
    let total = 0;
    members.forEach((m, k) => (total += 1 / (1 + Math.exp(m.a * ((decisions[k] ?? 0) + m.intercept) + m.b))));
    return total / members.length;
  }
}

/** Reads a text model of either format. */
export function parseTextModel(text: string): TextModel {
  const file = JSON.parse(text) as { format?: unknown };
  return file.format === 'polychat.tfidf-svm-ensemble/1'
    ? new SvmEnsembleModel(svmEnsembleSchema.parse(file))
    : new TfidfModel(tfidfModelSchema.parse(file));
}
