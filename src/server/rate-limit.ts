// Request budgets per caller for the HTTP flow server: a token bucket per key (a caller's token
// digest, or its address for failed sign-ins), answered with 429 and Retry-After when empty.

export interface RateVerdict {
  ok: boolean;
  /** Whole seconds until one more request fits, when refused. */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Keys beyond this many are dropped oldest-first, so a flood of distinct keys cannot grow memory. */
const MAX_KEYS = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly refillPerMs: number;

  /** `perMinute` requests per minute per key, of which up to `burst` may come at once. */
  constructor(
    readonly perMinute: number,
    readonly burst: number = perMinute,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.refillPerMs = perMinute / 60_000;
  }

  /** Takes one request from the key's budget, if there is one left. */
  take(key: string): RateVerdict {
    const bucket = this.refreshed(key);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true, retryAfterSeconds: 0 };
    }
    return { ok: false, retryAfterSeconds: this.secondsUntilOne(bucket) };
  }

  /** Whether the key has budget left, without spending it (for checks before the costly part). */
  peek(key: string): RateVerdict {
    const bucket = this.refreshed(key);
    return bucket.tokens >= 1 ? { ok: true, retryAfterSeconds: 0 } : { ok: false, retryAfterSeconds: this.secondsUntilOne(bucket) };
  }

  private refreshed(key: string): Bucket {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: this.burst, updatedAt: now };
      if (this.buckets.size >= MAX_KEYS) this.buckets.delete(this.buckets.keys().next().value!);
    } else {
      bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.updatedAt) * this.refillPerMs);
      bucket.updatedAt = now;
      // Re-inserted so the Map's order stays least recently used first.
      this.buckets.delete(key);
    }
    this.buckets.set(key, bucket);
    return bucket;
  }

  private secondsUntilOne(bucket: Bucket): number {
    if (this.refillPerMs <= 0) return 60;
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.refillPerMs / 1000));
  }
}
