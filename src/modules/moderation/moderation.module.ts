import path from 'node:path';
import { ContainerModule } from 'inversify';
import { CONFIG, repoRoot, type Config } from '../../config';
import { HTTP_ROUTE } from '../../platform/http';
import { STREAM_HANDLER } from '../../platform/kafka';
import { METRICS, type Metrics } from '../../platform/metrics';
import { MESSAGE_SCREEN } from '../chats';
import { LINK_MODELS } from '../friends';
import { CurrentLinkModel } from './application/current-link-model';
import { ChatPolicies, MODERATION_SETTINGS, type ModerationSettings } from './application/chat-policies';
import { ClassifyText } from './application/classify-text';
import { CurrentModels, MODEL_RELOAD_MS } from './application/current-models';
import { CHAT_POLICY_STORE, CHAT_ROLE_STORE, MODEL_STORE, MODERATION_METRICS, REVIEW_STORE } from './application/ports';
import { ReviewQueue } from './application/review-queue';
import { ScreenMessage } from './application/screen-message';
import { FileModelStore } from './data-access/file-model-store';
import { MongoChatPolicyStore } from './data-access/mongo-chat-policy-store';
import { MongoChatRoleStore } from './data-access/mongo-chat-role-store';
import { MongoReviewStore } from './data-access/mongo-review-store';
import { PromModerationMetrics } from './data-access/prom-moderation-metrics';
import { ChatPolicyRouter, ModerationRouter } from './entry-points/moderation-router';
import { ProjectChatRolesOnChatEvents } from './entry-points/project-chat-roles-on-chat-events';
import { QueueForReviewOnMessageEvents } from './entry-points/queue-for-review-on-message-events';

/**
 * Moderation (docs/decisions/0037, 0038, 0041): the current trained models scored in-process (and
 * the friends module's link model, served from the same registry), the
 * chats module's MessageScreen, the review queue built from the message log, per-chat policies,
 * the admin routes and the inference metrics.
 */
export const moderationModule = new ContainerModule(({ bind }) => {
  bind(MODEL_STORE).toDynamicValue(
    (context) => new FileModelStore(path.resolve(repoRoot, context.get<Config>(CONFIG).ML_MODELS_DIR)),
  );
  bind(MODEL_RELOAD_MS).toDynamicValue((context) => context.get<Config>(CONFIG).ML_RELOAD_MS);
  bind<ModerationSettings>(MODERATION_SETTINGS).toDynamicValue((context) => {
    const config = context.get<Config>(CONFIG);
    return { policy: config.MODERATION_POLICY, policyCacheMs: config.MODERATION_POLICY_CACHE_MS };
  });
  bind(MODERATION_METRICS).toDynamicValue(
    (context) => new PromModerationMetrics(context.get<Metrics>(METRICS).registry),
  );
  bind(REVIEW_STORE).to(MongoReviewStore);
  bind(CHAT_POLICY_STORE).to(MongoChatPolicyStore);
  bind(CHAT_ROLE_STORE).to(MongoChatRoleStore);
  // Singletons (the container's default scope): they hold the loaded models and the policy cache.
  bind(CurrentModels).toSelf();
  bind(ChatPolicies).toSelf();
  bind(ScreenMessage).toSelf();
  bind(MESSAGE_SCREEN).toService(ScreenMessage);
  bind(CurrentLinkModel).toSelf();
  bind(LINK_MODELS).toService(CurrentLinkModel);
  bind(ClassifyText).toSelf();
  bind(ReviewQueue).toSelf();
  bind(QueueForReviewOnMessageEvents).toSelf();
  bind(STREAM_HANDLER).toService(QueueForReviewOnMessageEvents);
  bind(ProjectChatRolesOnChatEvents).toSelf();
  bind(STREAM_HANDLER).toService(ProjectChatRolesOnChatEvents);
  bind(HTTP_ROUTE).to(ModerationRouter);
  bind(HTTP_ROUTE).to(ChatPolicyRouter);
});
