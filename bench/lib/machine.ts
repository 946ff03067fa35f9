import { cpus, loadavg, totalmem } from 'node:os';

/** One line naming the machine a benchmark ran on, for docs/benchmarks.md. */
export function describeMachine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${process.platform}`;
}

/** Other work on the machine skews results; say how busy it was. */
export const loadNote = () => `load average ${loadavg().map((l) => l.toFixed(2)).join(' / ')} (1/5/15 min) when the run ended`;

export const today = () => new Date().toISOString().slice(0, 10);
