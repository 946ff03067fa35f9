// Test-only entry: imports jest globals, so production code must never import it.
export { describeEventBusContract, type EventBusContractOptions } from './event-bus-contract';
export { captureLogger, type CapturedLog } from './capture-logger';
