export { CurrentModels } from './application/current-models';
export { SPAM_MODEL } from './application/screen-message';
export { MODEL_STORE, REVIEW_STORE, type ModelStore, type ReviewStore } from './application/ports';
export type { ReviewEntry } from './domain/review';
export { parseTextModel, SvmEnsembleModel, TfidfModel, type TextModel } from './domain/tfidf-model';
export { FileModelStore } from './data-access/file-model-store';
