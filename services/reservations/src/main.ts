import './tracing';
import { runStandalone } from '@qtable/runtime';
import { reservationsService } from './service';

void runStandalone(reservationsService);
