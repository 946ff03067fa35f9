import { execFileSync } from 'node:child_process';
import { describeWithHelm, ofKind, renderedObjects } from './support/helm';
import { fromRoot } from './support/paths';
import { pathOf, ROUTED, UNROUTED } from './support/samples';

const SERVICES = ['auth', 'floor', 'guests', 'reservations', 'realtime-gateway'];

function render(args: string[] = []): string {
  return execFileSync('node', [fromRoot('scripts', 'render-nginx-routes.js'), ...args], { encoding: 'utf8' });
}

interface Location {
  regex: string;
  upstream: string;
  body: string;
}

/** The `location ~* "^…" { … }` blocks of the server part. */
function locations(text: string): Location[] {
  const found: Location[] = [];
  const re = /^location ~\* "\^([^"]+)" \{\n([\s\S]*?)^\}/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const upstream = /proxy_pass http:\/\/([A-Za-z0-9_]+);/.exec(m[2]);
    found.push({ regex: m[1], upstream: upstream ? upstream[1] : '', body: m[2] });
  }
  return found;
}

const upstreamOf = (service: string) => `qtable_${service.replace(/-/g, '_')}`;
// nginx `~*`: case-insensitive regex on the path without the query string.
const matching = (locs: Location[], url: string) => locs.filter((l) => new RegExp(`^${l.regex}`, 'i').test(pathOf(url)));

describe('scripts/render-nginx-routes.js', () => {
  const server = render();
  const locs = locations(server);

  it('renders one location per route of the table', () => {
    expect(locs.length).toBeGreaterThanOrEqual(20);
    expect((server.match(/^location /gm) ?? []).length).toBe(locs.length);
  });

  it.each(ROUTED)('routes %s to %s, and only there', (url, service) => {
    expect(matching(locs, url).map((l) => l.upstream)).toEqual([upstreamOf(service)]);
  });

  it.each(UNROUTED)('does not route %s', (url) => {
    expect(matching(locs, url)).toEqual([]);
  });

  it('proxies WebSocket upgrades with long timeouts on the gateway routes only', () => {
    for (const l of locs) {
      const gateway = l.upstream === upstreamOf('realtime-gateway');
      expect([l.regex, /proxy_set_header Upgrade \$http_upgrade;/.test(l.body)]).toEqual([l.regex, gateway]);
      expect([l.regex, /proxy_set_header Connection \$connection_upgrade;/.test(l.body)]).toEqual([l.regex, gateway]);
      expect([l.regex, /proxy_read_timeout 3600s;/.test(l.body)]).toEqual([l.regex, gateway]);
    }
  });

  it('renders the http part: the upgrade map and one upstream per service, sticky for the gateway', () => {
    const upstreamArgs = SERVICES.flatMap((s, i) => ['--upstream', `${s}=127.0.0.1:${3001 + i}${s === 'realtime-gateway' ? ',127.0.0.1:3006' : ''}`]);
    const http = render(['--part', 'http', ...upstreamArgs]);
    expect(http).toMatch(/map \$http_upgrade \$connection_upgrade \{/);
    for (const s of SERVICES) expect(http).toContain(`upstream ${upstreamOf(s)} {`);
    expect(http).toMatch(/upstream qtable_realtime_gateway \{\n {4}hash \$remote_addr consistent;\n {4}server 127\.0\.0\.1:3005;\n {4}server 127\.0\.0\.1:3006;/);
  });

  it('fails clearly when an upstream is missing or an option is unknown', () => {
    expect(() => execFileSync('node', [fromRoot('scripts', 'render-nginx-routes.js'), '--part', 'http'], { stdio: 'pipe' })).toThrow(/--upstream auth=HOST:PORT is required/);
    expect(() => execFileSync('node', [fromRoot('scripts', 'render-nginx-routes.js'), '--bogus'], { stdio: 'pipe' })).toThrow(/unknown option --bogus/);
  });
});

describeWithHelm('nginx and the Helm Ingress', () => {
  it('carry the same routes to the same services (one route table)', () => {
    const fromNginx = locations(render()).map((l) => `${l.regex} -> ${l.upstream}`).sort();
    const fromIngress = ofKind(renderedObjects('default'), 'Ingress')
      .flatMap((i) => i.spec.rules[0].http.paths)
      .map((p: { path: string; backend: { service: { name: string } } }) => `${p.path} -> ${upstreamOf(p.backend.service.name.replace(/^qtable-/, ''))}`)
      .sort();
    expect(fromNginx).toEqual(fromIngress);
  });
});
