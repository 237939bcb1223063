import { z } from 'zod';

/** The pair features the learned ranker scores, in the order scripts/ml/polychat_ml/links.py writes them. */
export const LINK_FEATURES = [
  'mutual',
  'sharedChats',
  'degreeU',
  'degreeV',
  'adamicAdar',
  'resourceAllocation',
  'jaccard',
  'logPrefAttach',
] as const;
export type LinkFeature = (typeof LINK_FEATURES)[number];

/**
 * A link-prediction model exported by `polychat ml train links` (format polychat.link-logreg/1):
 * a logistic regression on standardised pair features (docs/decisions/0039, 0041).
 */
export const linkModelSchema = z.object({
  name: z.literal('links'),
  version: z.string().min(1),
  format: z.literal('polychat.link-logreg/1'),
  features: z
    .array(z.string())
    .refine((features) => features.join() === LINK_FEATURES.join(), `features must be ${LINK_FEATURES.join(', ')}`),
  means: z.array(z.number()).length(LINK_FEATURES.length),
  scales: z.array(z.number().refine((scale) => scale !== 0, 'a scale of 0')).length(LINK_FEATURES.length),
  coef: z.array(z.number()).length(LINK_FEATURES.length),
  intercept: z.number(),
});
export type LinkModelFile = z.infer<typeof linkModelSchema>;

/**
 * A loaded link model, folded for a query: standardisation and coefficients become one weight per
 * raw feature plus an intercept, so `intercept + Σ weight × feature` is the model's logit (ordering
 * by it orders by the probability).
 */
export class LinkModel {
  readonly name = 'links';
  readonly version: string;
  readonly weights: Readonly<Record<LinkFeature, number>>;
  readonly intercept: number;

  constructor(file: LinkModelFile) {
    this.version = file.version;
    const weights = {} as Record<LinkFeature, number>;
    let intercept = file.intercept;
    LINK_FEATURES.forEach((feature, i) => {
      const weight = (file.coef[i] ?? 0) / (file.scales[i] ?? 1);
      weights[feature] = weight;
      intercept -= weight * (file.means[i] ?? 0);
    });
    this.weights = weights;
    this.intercept = intercept;
  }

  static readonly parse = (text: string): LinkModel => new LinkModel(linkModelSchema.parse(JSON.parse(text)));

  /** The probability for raw features (what the Cypher computes; used by tests and tools). */
  score(features: Readonly<Record<LinkFeature, number>>): number {
    let z = this.intercept;
    for (const feature of LINK_FEATURES) z += this.weights[feature] * features[feature];
    return 1 / (1 + Math.exp(-z));
  }
}
