import { defineService } from '@qtable/runtime';
import { gatewayConfigSchema } from './config';
import { createGateway } from './create-gateway';

/**
 * Pushes every restaurant's domain events to its devices: Socket.IO rooms and the iOS
 * app's plain WebSocket, across replicas, each message with a cursor to resume from. Owns
 * no tables; its fact is the per-restaurant realtime log (cursors).
 */
export const realtimeGatewayService = defineService({
  name: 'realtime-gateway',
  entities: [],
  migrations: [],
  configSchema: gatewayConfigSchema,
  create: (ctx) => createGateway(ctx),
});
