export { defineService, type ServiceDefinition, type ServiceContext, type ServiceInstance } from './service-definition';
export { startServices, schemaOf, type RunningServices, type RunningService, type StartServicesOptions } from './start-services';
export { runStandalone, standaloneConfig } from './run-standalone';
export { serveHttp } from './serve-http';
export { onShutdownSignal } from './graceful-shutdown';
