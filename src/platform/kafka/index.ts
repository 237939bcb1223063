export { ConsumerRunner, dlqTopic, type ConsumerRunnerOptions } from './consumer-runner';
export { DeadLetters, type DeadLetter, type RedriveResult } from './dead-letters';
export { createEnvelope, decodeEnvelope, eventEnvelopeSchema, type EventEnvelope } from './envelope';
export { KafkaPlatform, type KafkaOptions } from './kafka';
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
