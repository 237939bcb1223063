import { ContainerModule } from 'inversify';
import { ExportDataset } from './application/export-dataset';
import { ImportDataset } from './application/import-dataset';
import { CHECKPOINT_STORE, DATASET_FILES, OPEN_REJECTS } from './application/ports';
import { SeedDataset } from './application/seed-dataset';
import { LocalDatasetFiles } from './data-access/jsonl-files';
import { MongoCheckpointStore } from './data-access/mongo-checkpoints';
import { openRejectsFile } from './data-access/rejects-file';

/**
 * Datasets: synthetic generation, import into the owner stores (through each module's import use
 * case) and export from them, in the JSONL format of docs/import-format.md. The CLI is its entry point.
 */
export const datasetsModule = new ContainerModule(({ bind }) => {
  bind(DATASET_FILES).to(LocalDatasetFiles);
  bind(CHECKPOINT_STORE).to(MongoCheckpointStore);
  bind(OPEN_REJECTS).toConstantValue(openRejectsFile);
  bind(ImportDataset).toSelf();
  bind(ExportDataset).toSelf();
  bind(SeedDataset).toSelf();
});
