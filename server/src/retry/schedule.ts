// The retry schedule a rule produces: when Exim tries again after a temporary failure, and when
// it gives up.  A pure function of the rule's items, following Exim's retry_update():
//
// - the item used for an attempt is the first one whose cutoff has not yet passed (time since the
//   first failure <= cutoff); when every cutoff has passed, that attempt fails the address;
// - F waits its interval; G multiplies the previous gap (the smaller of the predicted and the
//   actual one) by its multiplier, but never waits less than its initial interval; H waits the
//   initial interval plus a random share of the growth, so it gives a range;
// - no wait is longer than retry_interval_max.
//
// Assumptions (the same as Exim's own worked example): every attempt happens exactly when it is
// due and fails the same way, the message arrived at the first failure, and the hints record does
// not expire.  Runs of equal gaps are counted arithmetically, so even `F,4w,1s` is instant.

export interface ScheduleItem {
  letter: 'F' | 'G' | 'H';
  /** Seconds after the first failure up to which this item applies. */
  cutoff: number;
  /** F: the interval; G/H: the initial interval (seconds). */
  interval: number;
  /** G/H: the multiplier times 1000 (1.5 is 1500). */
  multiplier?: number;
}

export interface Attempt {
  /** 1 for the first delivery attempt (the first failure). */
  n: number;
  /** Seconds since the first failure. */
  offset: number;
  /** Seconds since the previous attempt (undefined for the first). */
  gap?: number;
  /** Index of the item that set the next retry time, or -1 for the attempt that fails the address. */
  item: number;
}

/** A run of attempts made under one item. */
export interface Phase {
  item: number;
  /** Number (n) of the first attempt of the run, and how many attempts it has. */
  first: number;
  count: number;
  /** Offset of the first and of the last attempt of the run. */
  start: number;
  end: number;
  /** Gaps set by this run's attempts (the smallest and the largest). */
  minGap: number;
  maxGap: number;
  /** Some gaps were cut down to retry_interval_max. */
  capped: boolean;
}

export interface Schedule {
  /** Attempts in all, counting the first failure and the attempt that fails the address. */
  count: number;
  /** Seconds after the first failure at which the address fails (bounces). */
  bounce: number;
  phases: Phase[];
  /** The multiplier overflowed Exim's 32-bit arithmetic somewhere (its real behaviour is erratic). */
  overflow: boolean;
  /** Every attempt, expanded from the phases (beware: there may be millions). */
  attempts(): Generator<Attempt>;
}

export interface ScheduleOptions {
  /** retry_interval_max in seconds (Exim's default 24h, and never more than 24h). */
  maxInterval?: number;
  /** For H items: take the random part at its smallest or at its largest. */
  random?: 'min' | 'max';
}

export const DEFAULT_RETRY_INTERVAL_MAX = 24 * 3600;
/** Exim reduces a larger retry_interval_max to this. */
export const RETRY_INTERVAL_MAX_LIMIT = 24 * 3600;

/** Bound on attempts simulated one by one (runs of equal gaps do not count). */
const STEP_LIMIT = 200_000;

/** Attempts made at a steady gap under one item (a single attempt is a run of one). */
interface Run {
  item: number;
  first: number;
  count: number;
  start: number;
  /** The gap each attempt of the run sets before the next attempt. */
  gap: number;
  capped: boolean;
}

export function computeSchedule(items: readonly ScheduleItem[], options: ScheduleOptions = {}): Schedule {
  const max = Math.min(options.maxInterval ?? DEFAULT_RETRY_INTERVAL_MAX, RETRY_INTERVAL_MAX_LIMIT);
  const random = options.random ?? 'min';
  const runs: Run[] = [];
  let overflow = false;

  // The retry record: last_try and next_try (first_failed is 0).
  let t = 0;
  let lastTry = 0;
  let nextTry = 0;
  let n = 1;
  let steps = 0;

  const gapFor = (item: ScheduleItem): { gap: number; capped: boolean } => {
    let gap: number;
    if (item.letter === 'F') {
      gap = item.interval;
    } else {
      const lastGap = Math.min(nextTry - lastTry, t - lastTry);
      const product = lastGap * (item.multiplier ?? 1000);
      if (product > 0x7fffffff) overflow = true;
      const nextGap = Math.trunc(product / 1000);
      if (item.letter === 'G') {
        gap = lastGap < item.interval ? item.interval : nextGap;
      } else {
        gap = item.interval;
        if (nextGap > item.interval) {
          const span = nextGap - item.interval;
          const randomPart = random === 'min' ? 0 : span - 1;
          gap += Math.floor(randomPart / 2) + Math.floor(span / 2);
        }
      }
    }
    if (gap > max) return { gap: max, capped: true };
    return { gap: Math.max(gap, 1), capped: false };
  };

  for (;;) {
    const k = items.findIndex((it) => t <= it.cutoff);
    if (k < 0 || steps > STEP_LIMIT) break;
    const item = items[k];
    const { gap, capped } = gapFor(item);
    // Will the gap stay the same from here to the cutoff?  F: always.  G and H set each gap from
    // the previous one alone, so once a gap repeats it repeats for good; G held at
    // retry_interval_max stays there (its multiplier is at least 1).
    const previousGap = t > 0 ? t - lastTry : -1;
    const steady = item.letter === 'F' || gap === previousGap || (capped && item.letter === 'G');
    const count = steady ? Math.floor((item.cutoff - t) / gap) + 1 : 1;
    const last = runs[runs.length - 1];
    if (last && last.item === k && last.gap === gap && last.capped === capped) last.count += count;
    else runs.push({ item: k, first: n, count, start: t, gap, capped });
    n += count;
    lastTry = t + (count - 1) * gap;
    nextTry = lastTry + gap;
    t = nextTry;
    if (!steady) steps++;
  }

  const phases: Phase[] = [];
  for (const r of runs) {
    const end = r.start + (r.count - 1) * r.gap;
    const p = phases[phases.length - 1];
    if (p && p.item === r.item) {
      p.count += r.count;
      p.end = end;
      p.minGap = Math.min(p.minGap, r.gap);
      p.maxGap = Math.max(p.maxGap, r.gap);
      p.capped ||= r.capped;
    } else {
      phases.push({ item: r.item, first: r.first, count: r.count, start: r.start, end, minGap: r.gap, maxGap: r.gap, capped: r.capped });
    }
  }

  const count = n;
  const bounce = t;
  return {
    count,
    bounce,
    phases,
    overflow,
    *attempts(): Generator<Attempt> {
      let previous: number | undefined;
      for (const r of runs) {
        for (let i = 0; i < r.count; i++) {
          const offset = r.start + i * r.gap;
          yield { n: r.first + i, offset, gap: previous === undefined ? undefined : offset - previous, item: r.item };
          previous = offset;
        }
      }
      yield { n: count, offset: bounce, gap: previous === undefined ? undefined : bounce - previous, item: -1 };
    },
  };
}

/** Both ends of the schedule for rules with H items (identical when there are none). */
export function scheduleRange(items: readonly ScheduleItem[], maxInterval?: number): { min: Schedule; max: Schedule; random: boolean } {
  const random = items.some((i) => i.letter === 'H');
  const min = computeSchedule(items, { maxInterval, random: 'min' });
  return { min, max: random ? computeSchedule(items, { maxInterval, random: 'max' }) : min, random };
}
