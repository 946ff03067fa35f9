/**
 * One Kafka topic per owning service (design.md). The deployment's prefix
 * (KAFKA_TOPIC_PREFIX) is put in front: `${prefix}.${topic}`.
 */
export const Topics = {
  AUTH: 'auth.events',
  FLOOR: 'floor.events',
  GUESTS: 'guests.events',
  RESERVATIONS: 'reservations.events',
} as const;
export type Topic = (typeof Topics)[keyof typeof Topics];
