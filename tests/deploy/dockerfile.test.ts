import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expandGlobalArgs, isDockerIgnored, parseDockerfile, stages, words, type Instruction } from './support/dockerfile';
import { fromRoot } from './support/paths';

const dockerfile = readFileSync(fromRoot('docker', 'Dockerfile'), 'utf8');
const dockerignore = readFileSync(fromRoot('.dockerignore'), 'utf8');
const instructions = parseDockerfile(dockerfile);
const allStages = stages(instructions);
const final = allStages[allStages.length - 1];
const inFinal = (keyword: string) => final.instructions.filter((i) => i.keyword === keyword);

describe('Dockerfile parser (support)', () => {
  it('joins continuations, splits flags and knows stages', () => {
    const parsed = parseDockerfile('# c\nARG B=node:1\nFROM ${B} AS x\nRUN --mount=type=cache,target=/r \\\n  # skipped\n  npm ci\nCOPY --from=x /a /b\n');
    expect(parsed.map((i) => i.keyword)).toEqual(['ARG', 'FROM', 'RUN', 'COPY']);
    expect(parsed[2]).toMatchObject({ flags: { mount: 'type=cache,target=/r' }, args: 'npm ci' });
    expect(expandGlobalArgs('${B}', parsed)).toBe('node:1');
    expect(stages(parsed)[0]).toMatchObject({ from: '${B}', name: 'x' });
  });

  it('reads .dockerignore like Docker', () => {
    expect(isDockerIgnored('node_modules', '**/node_modules')).toBe(true);
    expect(isDockerIgnored('libs/x/node_modules/y', '**/node_modules')).toBe(true);
    expect(isDockerIgnored('libs/a.test.ts', '**/*.test.ts')).toBe(true);
    expect(isDockerIgnored('libs', '**/*.test.ts')).toBe(false);
    expect(isDockerIgnored('docs/x.md', 'docs\n!docs/x.md')).toBe(false);
  });
});

describe('docker/Dockerfile', () => {
  it('is multi-stage on node:20-bookworm-slim pinned to an exact release', () => {
    expect(allStages.length).toBeGreaterThanOrEqual(2);
    const names = new Set(allStages.map((s) => s.name).filter(Boolean));
    for (const stage of allStages) {
      const image = expandGlobalArgs(stage.from, instructions);
      if (names.has(image)) continue;
      expect(image).toMatch(/^node:20\.\d+\.\d+-bookworm-slim(@sha256:[a-f0-9]{64})?$/);
    }
  });

  it('installs production dependencies from the lockfile with npm ci --omit=dev', () => {
    const runs = instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
    expect(runs.some((r) => /\bnpm ci\b/.test(r) && /--omit=dev\b/.test(r))).toBe(true);
    expect(runs.some((r) => /\bnpm (install|i)\b/.test(r))).toBe(false);
  });

  it('runs as a numeric non-root user in the final stage', () => {
    const users = inFinal('USER');
    expect(users.length).toBeGreaterThan(0);
    const user = users[users.length - 1].args;
    // Numeric, so that Kubernetes' runAsNonRoot can verify it without reading /etc/passwd.
    expect(user).toMatch(/^[1-9]\d*(:\d+)?$/);
    // Nothing after USER runs as root again.
    const after = final.instructions.slice(final.instructions.indexOf(users[users.length - 1]) + 1);
    expect(after.filter((i) => i.keyword === 'RUN')).toEqual([]);
  });

  it('has a HEALTHCHECK that probes /health, and EXPOSEs the service port', () => {
    const [check] = inFinal('HEALTHCHECK');
    expect(check).toBeDefined();
    const command = words(check.args.replace(/^CMD\s+/, ''));
    const script = command.find((w) => w.endsWith('.js'));
    expect(script).toBeDefined();
    expect(readFileSync(fromRoot(script!), 'utf8')).toMatch(/\/health/);
    expect(inFinal('EXPOSE').map((i) => i.args)).toEqual(['3000']);
  });

  it('fetches nothing remote: no ADD of URLs, no curl/wget', () => {
    for (const ins of instructions.filter((i) => i.keyword === 'ADD')) {
      expect(ins.args).not.toMatch(/https?:\/\/|git@/);
    }
    expect(instructions.filter((i) => i.keyword === 'RUN' && /\b(curl|wget)\b/.test(i.args))).toEqual([]);
  });

  it('copies only paths that exist in the repository and that .dockerignore keeps', () => {
    const copies: Instruction[] = instructions.filter((i) => i.keyword === 'COPY' && !i.flags.from);
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) {
      const sources = words(copy.args).slice(0, -1);
      for (const source of sources) {
        expect([source, existsSync(fromRoot(source))]).toEqual([source, true]);
        expect([source, isDockerIgnored(source, dockerignore)]).toEqual([source, false]);
      }
    }
  });

  it('copies what `node --require tsx/cjs` needs at run time', () => {
    const copied = new Set(instructions.filter((i) => i.keyword === 'COPY' && !i.flags.from).flatMap((i) => words(i.args).slice(0, -1)));
    // tsx resolves the @qtable/* path aliases through tsconfig.json, which extends the base.
    for (const needed of ['package.json', 'tsconfig.json', 'tsconfig.base.json', 'libs', 'services']) expect(copied).toContain(needed);
    const tsconfig = JSON.parse(readFileSync(fromRoot('tsconfig.json'), 'utf8')) as { extends?: string };
    expect(copied).toContain(tsconfig.extends?.replace(/^\.\//, ''));
    // tsx must survive `npm ci --omit=dev`.
    const pkg = JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies.tsx).toBeDefined();
    const cmd = inFinal('CMD').map((i) => i.args).join(' ');
    expect(cmd).toMatch(/exec node --require tsx\/cjs/);
  });

  it('bakes in no secrets', () => {
    for (const ins of instructions.filter((i) => i.keyword === 'ENV' || i.keyword === 'ARG')) {
      expect(ins.args).not.toMatch(/PASSWORD|SECRET|PRIVATE_KEY|TOKEN|DATABASE_URL|REDIS_URL/i);
    }
  });

  it('.dockerignore keeps local state, dependencies and git history out of the context', () => {
    for (const path of ['node_modules', 'libs/http/node_modules', 'data', '.infra', 'tmp', '.git', '.nx', '.env', 'libs/http/src/health.test.ts']) {
      expect([path, isDockerIgnored(path, dockerignore)]).toEqual([path, true]);
    }
  });
});

describe('docker/healthcheck.js', () => {
  let server: Server;
  let status = 200;

  beforeAll(async () => {
    server = createServer((req, res) => {
      res.statusCode = req.url === '/health' ? status : 404;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const run = (port: number) =>
    new Promise<number>((resolve) => {
      const child = execFile('node', [fromRoot('docker', 'healthcheck.js')], { env: { ...process.env, PORT: String(port), HEALTHCHECK_TIMEOUT_MS: '2000' }, timeout: 10000 });
      child.on('exit', (code) => resolve(code ?? -1));
    });

  it('exits 0 when /health answers 2xx, 1 otherwise', async () => {
    const { port } = server.address() as AddressInfo;
    status = 200;
    expect(await run(port)).toBe(0);
    status = 503;
    expect(await run(port)).toBe(1);
  });

  it('exits 1 when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await run(port)).toBe(1);
  });
});
