export { floorService } from './service';
export { floorConfigSchema, type FloorConfig } from './config';
export { createFloorInstance } from './service';
