import { authService } from '@qtable/service-auth';
import { floorService } from '@qtable/service-floor';
import { guestsService } from '@qtable/service-guests';
import { realtimeGatewayService } from '@qtable/service-realtime-gateway';
import { reservationsService } from '@qtable/service-reservations';
import type { ServiceDefinition } from '@qtable/runtime';

/** Every domain service the one process runs, in start order. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const embeddedServices: ServiceDefinition<any>[] = [authService, floorService, guestsService, reservationsService, realtimeGatewayService];
