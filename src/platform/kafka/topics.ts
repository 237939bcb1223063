/** Every topic of the event log, one per aggregate type (ARCHITECTURE.md); each has a `.dlq` twin. */
export const ALL_TOPICS = [
  'polychat.users.v1',
  'polychat.chats.v1',
  'polychat.messages.v1',
  'polychat.friendships.v1',
] as const;
