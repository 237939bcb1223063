export {
  consumerGroupId,
  ConsumerRunner,
  dlqTopic,
  type ConsumerRunnerOptions,
  type ProjectionObserver,
} from './consumer-runner';
export { ConsumerLagReader, type DlqSize, type KafkaBacklog, type TopicLag, type WatchedGroup } from './consumer-lag';
export { DeadLetters, type DeadLetter, type RedriveResult } from './dead-letters';
export {
  createEnvelope,
  decodeEnvelope,
  eventEnvelopeSchema,
  isImported,
  type EnvelopeMetadata,
  type EventEnvelope,
} from './envelope';
export { KafkaPlatform, type KafkaOptions } from './kafka';
export { LogReader, parseLogStart, type LogPosition, type LogStart, type PartitionRange } from './log-reader';
export { replayLog, type ReplayOptions, type ReplayResult } from './log-replay';
export { ALL_TOPICS } from './topics';
export {
  CONSUMER_RUNNER,
  EVENT_PUBLISHER,
  KAFKA_PLATFORM,
  STREAM_HANDLER,
  TOPIC_ADMIN,
  type DeliveryMeta,
  type EventPublisher,
  type OutgoingRecord,
  type StreamHandler,
  type TopicAdmin,
} from './ports';
