import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { Writable } from 'node:stream';
import { createLogger } from './logger';
import { requestContext } from './request-context';

function capture(): { lines: Record<string, unknown>[]; stream: Writable } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { lines, stream };
}

describe('createLogger', () => {
  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(new BasicTracerProvider());
  });

  it('writes JSON lines naming the service, the request id and the trace id', async () => {
    const { lines, stream } = capture();
    const logger = createLogger({ service: 'guests', level: 'info', destination: stream });
    const tracer = trace.getTracer('test');
    let traceId = '';
    await tracer.startActiveSpan('request', async (span) => {
      traceId = span.spanContext().traceId;
      await requestContext.run({ requestId: 'req-42' }, async () => {
        logger.info({ password: 'hunter2', headers: { authorization: 'Bearer x' } }, 'seated');
      });
      span.end();
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ service: 'guests', requestId: 'req-42', traceId, msg: 'seated', level: 'info' });
    expect(JSON.stringify(lines[0])).not.toContain('hunter2');
    expect(JSON.stringify(lines[0])).not.toContain('Bearer x');
  });
});
