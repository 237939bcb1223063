import { inject, injectable } from 'inversify';
import { ChatPolicies } from '../application/chat-policies';
import {
  ACCESS_TOKEN_VERIFIER,
  encodeOpaqueCursor,
  principalOf,
  RouteTable,
  type AccessTokenVerifier,
  type HttpRoute,
} from '../../../platform/http';
import { ClassifyText } from '../application/classify-text';
import { ReviewQueue } from '../application/review-queue';
import {
  actorOf,
  chatParams,
  classifyBody,
  classifyResponse,
  entryParams,
  policyBody,
  policyResponse,
  queueQuery,
  queueResponse,
  reviewEntryResponse,
} from './http-schemas';

const entry = { description: 'The entry, decided.', schema: reviewEntryResponse };
const DECISION_ERRORS = ['MODERATION.NOT_FOUND', 'MODERATION.CONFLICT', 'MESSAGE.NOT_FOUND', 'MESSAGE.CONFLICT'];

/** /v1/moderation (admin): classify a text, the review queue and its decisions. */
@injectable()
export class ModerationRouter implements HttpRoute {
  readonly path = '/v1/moderation';
  readonly routes: RouteTable;

  constructor(
    @inject(ACCESS_TOKEN_VERIFIER) verifier: AccessTokenVerifier,
    @inject(ClassifyText) classify: ClassifyText,
    @inject(ReviewQueue) queue: ReviewQueue,
  ) {
    this.routes = new RouteTable({ tag: 'Moderation', verifier, role: 'admin' })
      .post(
        '/classify',
        {
          summary: 'Score a text with the current models (admin; nothing is stored)',
          body: classifyBody,
          responses: { 200: { description: 'Scores, model versions and the verdict.', schema: classifyResponse } },
          errors: ['MODERATION.UNAVAILABLE'],
        },
        async ({ body }, _req, res) => {
          res.json(await classify.execute(body.text));
        },
      )
      .get(
        '/queue',
        {
          summary: 'Flagged and held messages awaiting review, oldest first (admin)',
          query: queueQuery,
          responses: { 200: { description: 'A page.', schema: queueResponse } },
        },
        async ({ query }, _req, res) => {
          const { items, more } = await queue.pending(query.cursor, query.limit);
          const last = items.at(-1);
          res.json({
            items,
            nextCursor: more && last ? encodeOpaqueCursor({ at: last.createdAt, id: last.id }) : null,
          });
        },
      )
      .post(
        '/queue/:id/approve',
        {
          summary: 'Approve: a held message is delivered; the decision becomes a "not spam" label (admin)',
          params: entryParams,
          responses: { 200: entry },
          errors: DECISION_ERRORS,
        },
        async ({ params }, _req, res) => {
          res.json(await queue.approve(actorOf(res), params.id));
        },
      )
      .post(
        '/queue/:id/reject',
        {
          summary: 'Reject: the message is removed; the decision becomes a "spam" label (admin)',
          params: entryParams,
          responses: { 200: entry },
          errors: DECISION_ERRORS,
        },
        async ({ params }, _req, res) => {
          res.json(await queue.reject(actorOf(res), params.id));
        },
      );
  }
}

/**
 * /v1/moderation/chats/:chatId/policy: a chat's policy, read and set by deployment admins and by
 * the chat's owners and admins (docs/decisions/0043).
 */
@injectable()
export class ChatPolicyRouter implements HttpRoute {
  readonly path = '/v1/moderation/chats';
  readonly routes: RouteTable;

  constructor(
    @inject(ACCESS_TOKEN_VERIFIER) verifier: AccessTokenVerifier,
    @inject(ChatPolicies) policies: ChatPolicies,
  ) {
    const errors = ['CHAT.NOT_FOUND', 'MODERATION.FORBIDDEN'];
    this.routes = new RouteTable({ tag: 'Moderation', verifier })
      .get(
        '/:chatId/policy',
        {
          summary: "The moderation policy in force for a chat (the chat's owners and admins, or a deployment admin)",
          description: 'Another member gets 403; anyone else 404, as for a chat that does not exist.',
          params: chatParams,
          errors,
          responses: { 200: { description: 'The policy.', schema: policyResponse } },
        },
        async ({ params }, _req, res) => {
          await policies.authorize(params.chatId, principalOf(res));
          res.json({ chatId: params.chatId, ...(await policies.effective(params.chatId)) });
        },
      )
      .put(
        '/:chatId/policy',
        {
          summary:
            "Override the deployment's policy for a chat, or remove the override with null (the chat's owners and admins, or a deployment admin)",
          description: 'Another member gets 403; anyone else 404, as for a chat that does not exist.',
          params: chatParams,
          body: policyBody,
          errors,
          responses: { 200: { description: 'The policy now.', schema: policyResponse } },
        },
        async ({ params, body }, _req, res) => {
          await policies.authorize(params.chatId, principalOf(res));
          res.json({ chatId: params.chatId, ...(await policies.set(params.chatId, body.mode, actorOf(res).actorId)) });
        },
      );
  }
}
