import { context, propagation, trace } from '@opentelemetry/api';
import { startTracing, type TracingHandle } from './tracing';

describe('startTracing without an OTLP endpoint', () => {
  let handle: TracingHandle;
  beforeAll(() => {
    handle = startTracing({ serviceName: 'tracing-test' });
  });
  afterAll(() => handle.shutdown());

  it('records nothing, yet every span has ids that logs and downstream calls carry', () => {
    const tracer = trace.getTracer('test');
    const parent = tracer.startSpan('request');
    expect(parent.isRecording()).toBe(false);
    expect(trace.isSpanContextValid(parent.spanContext())).toBe(true);

    context.with(trace.setSpan(context.active(), parent), () => {
      const child = tracer.startSpan('query');
      expect(child.spanContext().traceId).toBe(parent.spanContext().traceId);
      const headers: Record<string, string> = {};
      propagation.inject(context.active(), headers);
      expect(headers.traceparent).toContain(parent.spanContext().traceId);
      child.end();
    });
    parent.end();
  });
});
