import { ContainerModule } from 'inversify';
import { HTTP_ROUTE } from '../../platform/http';
import { STREAM_HANDLER } from '../../platform/kafka';
import { WS_CONNECTION_LISTENER, WS_HANDLER, type WsHandler } from '../../platform/ws';
import { ChatLiveFeed } from './application/live-feed';
import { LiveChatStore, LiveMessageStore } from './application/live-stores';
import { ChatTyping } from './application/typing';
import { ChatWsHandlers, wsSchemas } from './entry-points/ws-handlers';
import { AddMembers } from './application/add-members';
import { CHAT_BULK_STORE } from './application/bulk-ports';
import { ExportChats } from './application/export-chats';
import { ImportChats } from './application/import-chats';
import { ImportMessages } from './application/import-messages';
import { ChangeRole } from './application/change-role';
import { CreateChat } from './application/create-chat';
import { DeleteMessage } from './application/delete-message';
import { EditMessage } from './application/edit-message';
import { MarkRead } from './application/mark-read';
import { CHAT_MEMBERSHIP } from './application/membership';
import { CHAT_STORE, MESSAGE_STORE, PROFILE_DIRECTORY } from './application/ports';
import { React } from './application/react';
import { ReadChats } from './application/read-chats';
import { RemoveMember } from './application/remove-member';
import { RenameChat } from './application/rename-chat';
import { SendMessage } from './application/send-message';
import { MongoChatBulkStore } from './data-access/mongo-chat-bulk-store';
import { MongoChatStore } from './data-access/mongo-chat-store';
import { MongoMessageStore } from './data-access/mongo-message-store';
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
  bind(PROFILE_DIRECTORY).toService(MongoUserProfiles);
  bind(MongoChatStore).toSelf();
  bind(MongoMessageStore).toSelf();
  bind(ChatLiveFeed).toSelf();
  // Writers get the stores through the live decorators, so every committed change is pushed.
  bind(CHAT_STORE).toDynamicValue(
    (context) => new LiveChatStore(context.get(MongoChatStore), context.get(ChatLiveFeed)),
  );
  bind(MESSAGE_STORE).toDynamicValue(
    (context) => new LiveMessageStore(context.get(MongoMessageStore), context.get(ChatLiveFeed)),
  );
  bind(CHAT_MEMBERSHIP).toService(MongoChatStore);
  for (const useCase of [CreateChat, ReadChats, RenameChat, AddMembers, RemoveMember, ChangeRole, MarkRead] as const) {
    bind<object>(useCase).toSelf();
  }
  for (const useCase of [SendMessage, EditMessage, DeleteMessage, React] as const) bind<object>(useCase).toSelf();
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
