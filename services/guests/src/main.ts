import './tracing';
import { runStandalone } from '@qtable/runtime';
import { guestsService } from './service';

void runStandalone(guestsService);
