import './tracing';
import { runStandalone } from '@qtable/runtime';
import { authService } from './service';

void runStandalone(authService);
