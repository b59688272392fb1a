/**
 * Network-shaped failures for resilience tests, drawn from a seeded PRNG so a
 * failing run can be replayed with the same seed. Each request draws once:
 * with probability `rate` it gets one of the enabled fault kinds.
 */
export type FaultKind = '500' | '429' | 'reset-before' | 'reset-after' | 'slow';

export const FAULT_KINDS: readonly FaultKind[] = ['500', '429', 'reset-before', 'reset-after', 'slow'];

export interface FaultSettings {
  /** Share of requests that fail, 0..1. */
  rate: number;
  seed: number;
  kinds: FaultKind[];
  /** Extra latency of a `slow` response. */
  slowMs: number;
}

/** mulberry32: tiny, fast and good enough to spread faults evenly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  private readonly random: () => number;
  constructor(readonly settings: FaultSettings) {
    this.random = seededRandom(settings.seed);
  }

  draw(): FaultKind | undefined {
    const { rate, kinds } = this.settings;
    if (rate <= 0 || kinds.length === 0) return undefined;
    const roll = this.random();
    const pick = this.random();
    if (roll >= rate) return undefined;
    return kinds[Math.floor(pick * kinds.length)];
  }
}

export function parseFaultKinds(value: string): FaultKind[] {
  const kinds = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = kinds.filter((k) => !(FAULT_KINDS as readonly string[]).includes(k));
  if (bad.length) throw new Error(`unknown fault kinds: ${bad.join(', ')} (known: ${FAULT_KINDS.join(', ')})`);
  return kinds as FaultKind[];
}

/** FC_SANDBOX_FAULTS=0.3, FC_SANDBOX_FAULT_SEED=42, FC_SANDBOX_FAULT_KINDS=500,429 */
export function faultsFromEnv(env: NodeJS.ProcessEnv): FaultSettings | undefined {
  const rate = Number(env.FC_SANDBOX_FAULTS ?? '');
  if (!env.FC_SANDBOX_FAULTS || !Number.isFinite(rate) || rate <= 0) return undefined;
  return {
    rate: Math.min(rate, 1),
    seed: Number(env.FC_SANDBOX_FAULT_SEED ?? 1) || 1,
    kinds: env.FC_SANDBOX_FAULT_KINDS ? parseFaultKinds(env.FC_SANDBOX_FAULT_KINDS) : [...FAULT_KINDS],
    slowMs: Number(env.FC_SANDBOX_FAULT_SLOW_MS ?? 1500) || 1500,
  };
}
