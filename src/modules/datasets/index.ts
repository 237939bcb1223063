export { ImportDataset, type ImportOptions, type ImportReport } from './application/import-dataset';
export { ExportDataset, type ExportOptions } from './application/export-dataset';
export { SeedDataset, type SeedOptions } from './application/seed-dataset';
export type { ProgressFactory, ProgressTicker } from './application/ports';
export type { StepReport } from './application/step-runner';
export { ENTITIES, fileNameOf, type DatasetManifest, type Entity } from './domain/records';
export type { Reject, RejectReason } from './domain/reject';
