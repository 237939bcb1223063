import { ContainerModule } from 'inversify';
import { HTTP_ROUTE } from '../../platform/http';
import { STREAM_HANDLER } from '../../platform/kafka';
import { AddMembers } from './application/add-members';
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
import { MongoChatStore } from './data-access/mongo-chat-store';
import { MongoMessageStore } from './data-access/mongo-message-store';
import { MongoUserProfiles } from './data-access/mongo-user-profiles';
import { ChatsRouter } from './entry-points/chats-router';
import { MessagesRouter } from './entry-points/messages-router';
import { ProjectUserProfileOnUserEvents } from './entry-points/project-user-profile-on-user-events';
import { RemoveMemberOnUserDeleted } from './entry-points/remove-member-on-user-deleted';

/** Chats, members and messages in MongoDB (their owner store), and the profiles chat views show. */
export const chatsModule = new ContainerModule(({ bind }) => {
  bind(MongoUserProfiles).toSelf();
  bind(PROFILE_DIRECTORY).toService(MongoUserProfiles);
  bind(MongoChatStore).toSelf();
  bind(CHAT_STORE).toService(MongoChatStore);
  bind(MESSAGE_STORE).to(MongoMessageStore);
  bind(CHAT_MEMBERSHIP).toService(MongoChatStore);
  for (const useCase of [CreateChat, ReadChats, RenameChat, AddMembers, RemoveMember, ChangeRole, MarkRead] as const) {
    bind<object>(useCase).toSelf();
  }
  for (const useCase of [SendMessage, EditMessage, DeleteMessage, React] as const) bind<object>(useCase).toSelf();
  bind(HTTP_ROUTE).to(ChatsRouter);
  bind(HTTP_ROUTE).to(MessagesRouter);
  bind(ProjectUserProfileOnUserEvents).toSelf();
  bind(STREAM_HANDLER).toService(ProjectUserProfileOnUserEvents);
  bind(RemoveMemberOnUserDeleted).toSelf();
  bind(STREAM_HANDLER).toService(RemoveMemberOnUserDeleted);
});
