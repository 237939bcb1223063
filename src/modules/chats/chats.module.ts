import { ContainerModule } from 'inversify';
import { HTTP_ROUTE } from '../../platform/http';
import { STREAM_HANDLER } from '../../platform/kafka';
import { WS_CONNECTION_LISTENER, WS_HANDLER, type WsHandler } from '../../platform/ws';
import { ChatLiveFeed } from './application/live-feed';
import { MONGO_CONNECTION } from '../../platform/mongo';
import {
  MONGO_OUTBOX_BATCH_RECOVERY,
  MONGO_OUTBOX_COLLECTION,
  MONGO_OUTBOX_WRITE_RECOVERY,
  type MongoOutboxCollection,
  type OutboxBatchRecovery,
  type OutboxWriteRecovery,
} from '../../platform/outbox';
import { REDIS, REDIS_LOCKS, type RedisLocks } from '../../platform/redis';
import { CHAT_LOCK, chatLockKey } from './data-access/mappers';
import { chatModels } from './data-access/models';
import { RedisChatHeads } from './data-access/redis-chat-heads';
import { ChatTyping } from './application/typing';
import { ChatWsHandlers, wsSchemas } from './entry-points/ws-handlers';
import { AddMembers } from './application/add-members';
import { KnownUsers } from './application/known-users';
import { CHAT_BULK_STORE } from './application/bulk-ports';
import { ExportChats } from './application/export-chats';
import { ImportChats } from './application/import-chats';
import { ImportMessages, RecoverImportedMessageEvents } from './application/import-messages';
import { ChangeRole } from './application/change-role';
import { CreateChat } from './application/create-chat';
import { DeleteMessage } from './application/delete-message';
import { EditMessage } from './application/edit-message';
import { MarkRead } from './application/mark-read';
import { MESSAGE_MODERATION, ModerateMessage } from './application/moderate-message';
import { CHAT_MEMBERSHIP } from './application/membership';
import { CHAT_COMMIT_LISTENER, CHAT_ROSTER, CHAT_STORE, MESSAGE_STORE, PROFILE_DIRECTORY } from './application/ports';
import { React } from './application/react';
import { ReadChats } from './application/read-chats';
import { RemoveMember } from './application/remove-member';
import { RenameChat } from './application/rename-chat';
import { SendMessage } from './application/send-message';
import { MongoChatBulkStore } from './data-access/mongo-chat-bulk-store';
import { MongoChatStore } from './data-access/mongo-chat-store';
import { MongoMembers } from './data-access/mongo-members';
import { MongoMessageStore, RecoverStrandedSends } from './data-access/mongo-message-store';
import { MongoUserProfiles } from './data-access/mongo-user-profiles';
import { CHAT_SNAPSHOTS, MESSAGE_SNAPSHOTS, USER_PROFILE_STATES } from './application/reconciliation-ports';
import { MongoOwnerSnapshots } from './data-access/mongo-owner-snapshots';
import { MongoUserProfileStates } from './data-access/mongo-user-profile-states';
import { ChatsRouter } from './entry-points/chats-router';
import { MessagesRouter } from './entry-points/messages-router';
import { ProjectUserProfileOnUserEvents } from './entry-points/project-user-profile-on-user-events';
import { RemoveMemberOnUserDeleted } from './entry-points/remove-member-on-user-deleted';

/** Chats, members and messages in MongoDB (their owner store), and the profiles chat views show. */
export const chatsModule = new ContainerModule(({ bind }) => {
  bind(MongoUserProfiles).toSelf();
  bind(KnownUsers).toSelf();
  bind(PROFILE_DIRECTORY).toService(MongoUserProfiles);
  bind(RedisChatHeads).toDynamicValue(
    (context) => new RedisChatHeads(context.get(REDIS), chatModels(context.get(MONGO_CONNECTION)).messages),
  );
  bind(MongoMembers).toDynamicValue(
    (context) =>
      new MongoMembers(
        chatModels(context.get(MONGO_CONNECTION)),
        context.get<RedisLocks>(REDIS_LOCKS),
        context.get(RedisChatHeads),
      ),
  );
  bind(CHAT_ROSTER).toService(MongoMembers);
  bind(MongoChatStore).toSelf();
  bind(MongoMessageStore).toSelf();
  // The stores tell the live feed about every change they commit, with the events they saved.
  bind(ChatLiveFeed).toSelf();
  bind(CHAT_COMMIT_LISTENER).toService(ChatLiveFeed);
  bind(CHAT_STORE).toService(MongoChatStore);
  bind(MESSAGE_STORE).toService(MongoMessageStore);
  // A send whose process died between its insert and its Redis transaction is queued by the relay's leader (0060).
  bind<OutboxWriteRecovery>(MONGO_OUTBOX_WRITE_RECOVERY).to(RecoverStrandedSends);
  // Chats, messages and members (read markers) carry their own outbox, keyed by chat: the relay
  // takes the writers' chat lock.
  for (const name of ['chats', 'messages', 'chat_members']) {
    bind<MongoOutboxCollection>(MONGO_OUTBOX_COLLECTION).toDynamicValue((context) => {
      const locks = context.get<RedisLocks>(REDIS_LOCKS);
      return { name, withWriteLock: (chatId, work) => locks.withLock(chatLockKey(chatId), CHAT_LOCK, work) };
    });
  }
  bind(CHAT_MEMBERSHIP).toService(MongoChatStore);
  for (const useCase of [CreateChat, ReadChats, RenameChat, AddMembers, RemoveMember, ChangeRole, MarkRead] as const) {
    bind<object>(useCase).toSelf();
  }
  for (const useCase of [SendMessage, EditMessage, DeleteMessage, React] as const) bind<object>(useCase).toSelf();
  // What the moderation module does after review; it binds MESSAGE_SCREEN (docs/decisions/0038).
  bind(ModerateMessage).toSelf();
  bind(MESSAGE_MODERATION).toService(ModerateMessage);
  bind(ChatTyping).toSelf();
  bind(WS_CONNECTION_LISTENER).toService(ChatTyping);
  bind(ChatWsHandlers).toSelf();
  for (const type of Object.keys(wsSchemas)) {
    bind<WsHandler>(WS_HANDLER).toDynamicValue((context) => {
      const handler = context
        .get(ChatWsHandlers)
        .all()
        .find((candidate) => candidate.type === type);
      if (!handler) throw new Error(`no chat ws handler for ${type}`);
      return handler;
    });
  }
  // Bulk import and export (datasets module).
  bind(CHAT_BULK_STORE).to(MongoChatBulkStore);
  for (const useCase of [ImportChats, ImportMessages, ExportChats] as const) bind<object>(useCase).toSelf();
  // Imported messages' events are published a batch at a time; a dead writer's batch is rebuilt from them (0035).
  bind<OutboxBatchRecovery>(MONGO_OUTBOX_BATCH_RECOVERY).to(RecoverImportedMessageEvents);
  // What backfill and reconcile read and mend (issue 7).
  bind(MongoOwnerSnapshots).toSelf();
  bind(CHAT_SNAPSHOTS).toDynamicValue((context) => context.get(MongoOwnerSnapshots).chats);
  bind(MESSAGE_SNAPSHOTS).toDynamicValue((context) => context.get(MongoOwnerSnapshots).messages);
  bind(USER_PROFILE_STATES).to(MongoUserProfileStates);
  bind(HTTP_ROUTE).to(ChatsRouter);
  bind(HTTP_ROUTE).to(MessagesRouter);
  bind(ProjectUserProfileOnUserEvents).toSelf();
  bind(STREAM_HANDLER).toService(ProjectUserProfileOnUserEvents);
  bind(RemoveMemberOnUserDeleted).toSelf();
  bind(STREAM_HANDLER).toService(RemoveMemberOnUserDeleted);
});
