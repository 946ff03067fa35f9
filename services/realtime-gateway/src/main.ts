import './tracing';
import { runStandalone } from '@qtable/runtime';
import { realtimeGatewayService } from './service';

void runStandalone(realtimeGatewayService);
