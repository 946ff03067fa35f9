export { createLogger, type Logger } from './logger';
export { requestContext, currentRequestId, type RequestContext } from './request-context';
export { startTracing, type TracingHandle } from './tracing';
export { createMetrics, type Metrics } from './metrics';
