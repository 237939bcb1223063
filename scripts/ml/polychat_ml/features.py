"""TF-IDF features whose vocabulary does not depend on the CPU.

scikit-learn's `max_features` keeps the most frequent terms with `argsort` (an unstable sort whose
SIMD implementation differs between CPUs), so terms tied at the cut-off were kept on one machine
and dropped on another and the shipped model could not be reproduced elsewhere. This vectorizer
picks the vocabulary itself — terms in at least `min_df` documents, most total occurrences first,
ties by the term — and hands it to TfidfVectorizer as a fixed vocabulary. Scoring is unchanged:
lower-cased ASCII tokens, raw counts, smoothed idf, L2 norm (what the TypeScript scorer does).
"""

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from .text import TOKEN_PATTERN


class StableTfidf(TransformerMixin, BaseEstimator):
    def __init__(self, min_df: int = 2, max_features: int = 20000):
        self.min_df = min_df
        self.max_features = max_features

    def fit(self, documents, y=None):  # noqa: ARG002 (scikit-learn's signature)
        counts = CountVectorizer(lowercase=True, token_pattern=TOKEN_PATTERN, min_df=self.min_df, dtype=np.int64)
        matrix = counts.fit_transform(documents)
        terms = counts.get_feature_names_out()  # sorted: ties below fall back to the term
        totals = np.asarray(matrix.sum(axis=0)).ravel()
        order = np.lexsort((np.arange(len(terms)), -totals))[: self.max_features]
        vocabulary = sorted(terms[i] for i in order)
        self.tfidf_ = TfidfVectorizer(
            lowercase=True,
            token_pattern=TOKEN_PATTERN,
            vocabulary={term: i for i, term in enumerate(vocabulary)},
            sublinear_tf=False,
            smooth_idf=True,
            norm="l2",
            dtype=np.float64,
        ).fit(documents)
        return self

    def transform(self, documents):
        return self.tfidf_.transform(documents)

    @property
    def vocabulary_(self) -> dict:
        return self.tfidf_.vocabulary_

    @property
    def idf_(self) -> np.ndarray:
        return self.tfidf_.idf_
