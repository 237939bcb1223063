import { inject, injectable } from 'inversify';
import {
  ACCESS_TOKEN_VERIFIER,
  encodeOpaqueCursor,
  RouteTable,
  type AccessTokenVerifier,
  type HttpRoute,
} from '../../../platform/http';
import { ChatPolicies } from '../application/chat-policies';
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

/** /v1/moderation (admin): classify a text, the review queue and its decisions, per-chat policies. */
@injectable()
export class ModerationRouter implements HttpRoute {
  readonly path = '/v1/moderation';
  readonly routes: RouteTable;

  constructor(
    @inject(ACCESS_TOKEN_VERIFIER) verifier: AccessTokenVerifier,
    @inject(ClassifyText) classify: ClassifyText,
    @inject(ReviewQueue) queue: ReviewQueue,
    @inject(ChatPolicies) policies: ChatPolicies,
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
      )
      .get(
        '/chats/:chatId/policy',
        {
          summary: 'The moderation policy in force for a chat (admin)',
          params: chatParams,
          responses: { 200: { description: 'The policy.', schema: policyResponse } },
        },
        async ({ params }, _req, res) => {
          res.json({ chatId: params.chatId, ...(await policies.effective(params.chatId)) });
        },
      )
      .put(
        '/chats/:chatId/policy',
        {
          summary: 'Override the deployment’s policy for a chat, or remove the override with null (admin)',
          params: chatParams,
          body: policyBody,
          responses: { 200: { description: 'The policy now.', schema: policyResponse } },
        },
        async ({ params, body }, _req, res) => {
          res.json({ chatId: params.chatId, ...(await policies.set(params.chatId, body.mode, actorOf(res).actorId)) });
        },
      );
  }
}
