import './tracing';
import { runStandalone } from '@qtable/runtime';
import { floorService } from './service';

void runStandalone(floorService);
