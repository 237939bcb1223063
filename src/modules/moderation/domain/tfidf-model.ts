import { z } from 'zod';

/**
 * A TF-IDF + logistic regression model exported by scripts/ml (format polychat.tfidf-logreg/1),
 * scored here exactly as scikit-learn scores it: lower-cased ASCII tokens `[a-z0-9]{2,}`, raw
 * counts times idf, L2 norm, dot product with the coefficients plus the intercept, logistic.
 * No native dependency; the Python tests and tfidf-model.test.ts pin the two to 1e-12.
 */
export const tfidfModelSchema = z.object({
  name: z.string().min(1),
  version: z.string().min(1),
  format: z.literal('polychat.tfidf-logreg/1'),
  tokenPattern: z.literal('[a-z0-9]{2,}'),
  lowercase: z.literal(true),
  terms: z.array(z.string()),
  idf: z.array(z.number()),
  coef: z.array(z.number()),
  intercept: z.number(),
  thresholds: z.object({ flag: z.number().min(0).max(1), hold: z.number().min(0).max(1) }),
});

export type TfidfModelFile = z.infer<typeof tfidfModelSchema>;

/** A loaded model: `score(text)` is the probability of the positive class (spam). */
export class TfidfModel {
  readonly name: string;
  readonly version: string;
  readonly thresholds: { readonly flag: number; readonly hold: number };
  private readonly index = new Map<string, number>();
  private readonly idf: Float64Array;
  private readonly coef: Float64Array;
  private readonly intercept: number;

  constructor(file: TfidfModelFile) {
    if (file.idf.length !== file.terms.length || file.coef.length !== file.terms.length)
      throw new Error(`model ${file.name}/${file.version}: terms, idf and coef differ in length`);
    this.name = file.name;
    this.version = file.version;
    this.thresholds = file.thresholds;
    file.terms.forEach((term, i) => this.index.set(term, i));
    this.idf = Float64Array.from(file.idf);
    this.coef = Float64Array.from(file.coef);
    this.intercept = file.intercept;
  }

  /** Parses and checks a model.json text. */
  static readonly parse = (text: string): TfidfModel => new TfidfModel(tfidfModelSchema.parse(JSON.parse(text)));

  score(text: string): number {
    const counts = new Map<number, number>();
    for (const token of text.toLowerCase().match(/[a-z0-9]{2,}/g) ?? []) {
      const i = this.index.get(token);
      if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1);
    }
    // Summed in ascending term order, as scipy's sparse dot product does.
    const terms = [...counts.keys()].sort((a, b) => a - b);
    let squares = 0;
    for (const i of terms) squares += ((counts.get(i) ?? 0) * (this.idf[i] ?? 0)) ** 2;
    let z = this.intercept;
    if (squares > 0) {
      const norm = Math.sqrt(squares);
      let dot = 0;
      for (const i of terms) dot += (((counts.get(i) ?? 0) * (this.idf[i] ?? 0)) / norm) * (this.coef[i] ?? 0);
      z += dot;
    }
    return 1 / (1 + Math.exp(-z));
  }
}
