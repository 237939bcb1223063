import { AppError } from '../../../platform/errors';

const invalid = (field: string, reason: string): AppError =>
  new AppError('VALIDATION.FAILED', 'the request is invalid', { fields: [{ field, reason }] });

/** Friend-graph failures. Codes end in suffixes the HTTP table maps (NOT_FOUND, ALREADY_EXISTS, FORBIDDEN, BLOCKED). */
export const FriendErrors = {
  /** 422 naming the field: the target is the caller. */
  selfTarget: (reason: string) => invalid('userId', reason),
  badCursor: () => invalid('cursor', 'not a cursor of this listing'),
  badDepth: (max: number) => invalid('maxDepth', `an integer from 1 to ${max}`),
  userNotFound: () =>
    new AppError('USER.NOT_FOUND', 'no such user', { fields: [{ field: 'userId', reason: 'no such user' }] }),
  /** The caller's own node has not reached the graph yet (just registered): retry shortly. */
  callerNotInGraph: () =>
    new AppError('FRIEND.UNAVAILABLE', 'your account is not in the friend graph yet; try again in a moment'),
  blocked: () => new AppError('FRIEND.BLOCKED', 'a block stands between these users'),
  alreadyFriends: () => new AppError('FRIENDSHIP.ALREADY_EXISTS', 'you are already friends'),
  friendshipNotFound: () => new AppError('FRIENDSHIP.NOT_FOUND', 'you are not friends with this user'),
  requestNotFound: () => new AppError('FRIEND_REQUEST.NOT_FOUND', 'no such pending friend request'),
  requestForbidden: (why: string) => new AppError('FRIEND_REQUEST.FORBIDDEN', why),
  blockNotFound: () => new AppError('BLOCK.NOT_FOUND', 'you have not blocked this user'),
};
