import { inject, injectable } from 'inversify';
import { CHAT_BULK_STORE, type ChatBulkStore, type ImportedChat, type ImportedMessage } from './bulk-ports';

/** Streams every chat and every message in the shapes ImportChats and ImportMessages take back. */
@injectable()
export class ExportChats {
  constructor(@inject(CHAT_BULK_STORE) private readonly store: ChatBulkStore) {}

  chats(): AsyncIterable<ImportedChat> {
    return this.store.chats();
  }

  messages(): AsyncIterable<ImportedMessage> {
    return this.store.messages();
  }

  counts(): Promise<{ chats: number; messages: number }> {
    return this.store.counts();
  }
}
