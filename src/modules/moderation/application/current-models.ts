import { inject, injectable } from 'inversify';
import { LOGGER, type Logger } from '../../../platform/logger';
import { parseTextModel, type TextModel } from '../domain/tfidf-model';
import { MODEL_STORE, type ModelStore } from './ports';

/** How often a process looks at CURRENT again (ML_RELOAD_MS). */
export const MODEL_RELOAD_MS = Symbol.for('polychat.moderation.ModelReloadMs');

/**
 * The promoted version of each model, loaded on first use and swapped when `polychat ml promote`
 * rewrites CURRENT: at most every reloadMs a use starts a check in the background (CURRENT is a few
 * bytes; the model file is read only when the version in it changed), and the next use gets the
 * new version. No restart,
 * in any role; a broken new version is logged and the old one stays in use; a removed CURRENT
 * withdraws the model.
 */
/** A model as loaded: whatever its format, it knows its version. */
export interface VersionedModel {
  readonly version: string;
}
/** Reads a model.json text into a loaded model (and checks it). */
export type ModelParser<T extends VersionedModel> = (text: string) => T;

@injectable()
export class CurrentModels {
  private readonly loaded = new Map<string, VersionedModel>();
  /** The parser each name was first asked with (parseTextModel for the moderation models). */
  private readonly parsers = new Map<string, ModelParser<VersionedModel>>();
  private readonly checkedAt = new Map<string, number>();
  private readonly checking = new Map<string, Promise<void>>();

  constructor(
    @inject(MODEL_STORE) private readonly store: ModelStore,
    @inject(MODEL_RELOAD_MS) private readonly reloadMs: number,
    @inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The text model in use (spam, abuse), or undefined when none is promoted. */
  get(name: string): Promise<TextModel | undefined> {
    return this.getAs(name, parseTextModel);
  }

  /** The model in use read by `parse` (one parser per name), or undefined when none is promoted. */
  async getAs<T extends VersionedModel>(name: string, parse: ModelParser<T>): Promise<T | undefined> {
    if (!this.parsers.has(name)) this.parsers.set(name, parse);
    const loaded = this.loaded.get(name) as T | undefined;
    if (!loaded) {
      await this.check(name);
      return this.loaded.get(name) as T | undefined;
    }
    if (Date.now() - (this.checkedAt.get(name) ?? 0) >= this.reloadMs) void this.check(name);
    return loaded;
  }

  /** Looks at CURRENT now (once at a time per model) and loads a changed version. */
  check(name: string): Promise<void> {
    const running = this.checking.get(name);
    if (running) return running;
    const work = this.reload(name)
      .catch((error: unknown) => {
        this.logger.error('model reload failed; the loaded version stays', { name, error });
      })
      .finally(() => {
        this.checkedAt.set(name, Date.now());
        this.checking.delete(name);
      });
    this.checking.set(name, work);
    return work;
  }

  private async reload(name: string): Promise<void> {
    const loaded = this.loaded.get(name);
    const current = await this.store.current(name);
    if (!current) {
      // CURRENT removed: the model is withdrawn (spam: not screened; links: the formula ranks).
      if (loaded) this.logger.info('model withdrawn', { name, previous: loaded.version });
      this.loaded.delete(name);
      return;
    }
    if (current.version === loaded?.version) return;
    const parse = this.parsers.get(name) ?? parseTextModel;
    const model = parse(await this.store.read(name, current.version));
    if (model.version !== current.version)
      throw new Error(`${name}/${current.version}/model.json says ${model.version}`);
    this.loaded.set(name, model);
    this.logger.info('model loaded', { name, version: model.version, previous: loaded?.version ?? null });
  }
}
