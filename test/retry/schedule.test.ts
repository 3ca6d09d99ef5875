import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { schedulePreview, scheduleRows } from '../../server/src/retry/describe';
import { computeSchedule, scheduleRange, type ScheduleItem } from '../../server/src/retry/schedule';
import { formatDuration } from '../../server/src/retry/time';

const h = 3600;
const d = 86400;
const worked: ScheduleItem[] = [
  { letter: 'F', cutoff: 2 * h, interval: 15 * 60 },
  { letter: 'G', cutoff: 16 * h, interval: h, multiplier: 1500 },
  { letter: 'F', cutoff: 4 * d, interval: 6 * h },
];

test("Exim's worked example: 29 attempts, G gaps, bounce at 4d5h1m52s", () => {
  const s = computeSchedule(worked);
  assert.equal(s.count, 29);
  assert.equal(s.bounce, 363712);
  assert.equal(formatDuration(s.bounce), '4d5h1m52s');
  const attempts = [...s.attempts()];
  assert.equal(attempts.length, 29);
  assert.deepEqual(
    attempts.slice(0, 10).map((a) => a.offset),
    [0, 900, 1800, 2700, 3600, 4500, 5400, 6300, 7200, 8100],
  );
  // The gaps set by the G item: 1h, 1h30m, 2h15m, 3h22m30s, 5h3m45s, 7h35m37s (truncated).
  const gGaps = attempts.filter((a) => a.item === 1).map((a) => attempts[a.n]?.offset - a.offset);
  assert.deepEqual(gGaps.map(formatDuration), ['1h', '1h30m', '2h15m', '3h22m30s', '5h3m45s', '7h35m37s']);
  assert.equal(attempts[15].offset, 82912, 'first attempt of the last F item at 23h1m52s');
  assert.equal(attempts[28].item, -1, 'the last attempt fails the address');
  assert.equal(attempts[28].offset, 363712);
});

test('the phases and the preview of the worked example', () => {
  const s = computeSchedule(worked);
  assert.deepEqual(
    s.phases.map((p) => [p.item, p.count]),
    [
      [0, 9],
      [1, 6],
      [2, 13],
    ],
  );
  assert.equal(schedulePreview(worked), 'bounce ≈ 4d 5h after 29 attempts: 9× every 15m to 2h · 6× 1h growing ×1.5 to 16h · 13× every 6h to 4d');
});

test('G gaps are held at retry_interval_max', () => {
  const items: ScheduleItem[] = [{ letter: 'G', cutoff: 10 * d, interval: h, multiplier: 2000 }];
  const capped = computeSchedule(items, { maxInterval: 8 * h });
  const gaps = [...capped.attempts()].map((a) => a.gap).filter((g): g is number => g !== undefined);
  assert.equal(Math.max(...gaps), 8 * h);
  assert.deepEqual(gaps.slice(0, 5), [h, 2 * h, 4 * h, 8 * h, 8 * h]);
  assert.ok(capped.phases[0].capped);
  // Exim never goes above 24h, whatever retry_interval_max says.
  const big = computeSchedule(items, { maxInterval: 7 * d });
  assert.equal(Math.max(...[...big.attempts()].map((a) => a.gap ?? 0)), 24 * h);
});

test('H gives a range: the earliest and latest times of each attempt', () => {
  const items: ScheduleItem[] = [
    { letter: 'F', cutoff: 2 * h, interval: 15 * 60 },
    { letter: 'H', cutoff: 16 * h, interval: h, multiplier: 1500 },
    { letter: 'F', cutoff: 4 * d, interval: 6 * h },
  ];
  const { min, max, random } = scheduleRange(items);
  assert.ok(random);
  // From the facts: with the random part at its smallest and at its largest.
  const minOffsets = [...min.attempts()].filter((a) => a.item === 1 || a.n <= 11).map((a) => formatDuration(a.offset));
  assert.deepEqual(minOffsets.slice(9, 18), ['2h15m', '3h15m', '4h30m', '5h56m15s', '7h30m56s', '9h11m56s', '10h57m41s', '12h46m59s', '14h38m57s']);
  const maxOffsets = [...max.attempts()].map((a) => formatDuration(a.offset));
  assert.deepEqual(maxOffsets.slice(9, 15), ['2h15m', '3h15m', '4h44m59s', '6h59m56s', '10h22m20s', '15h25m55s']);
  const rows = scheduleRows(items).rows;
  assert.equal(rows[11].offset, 4 * h + 30 * 60);
  assert.equal(rows[11].offsetMax, 4 * h + 44 * 60 + 59);
  assert.match(schedulePreview(items), /growing randomly ×1\.5/);
});

test('a rule with no items bounces at the first failure', () => {
  const s = computeSchedule([]);
  assert.equal(s.count, 1);
  assert.equal(s.bounce, 0);
  assert.deepEqual([...s.attempts()], [{ n: 1, offset: 0, gap: undefined, item: -1 }]);
  assert.equal(schedulePreview([]), 'no retry items: bounces at the first temporary failure');
});

test('huge numbers of attempts are counted, not simulated one by one', () => {
  const t0 = Date.now();
  const s = computeSchedule([{ letter: 'F', cutoff: 28 * d, interval: 1 }]);
  assert.equal(s.count, 28 * d + 2);
  assert.ok(Date.now() - t0 < 200);
  const g1 = computeSchedule([{ letter: 'G', cutoff: 28 * d, interval: 60, multiplier: 1000 }]);
  assert.equal(g1.count, Math.floor((28 * d) / 60) + 2);
});

test('an item whose cutoff has already passed is skipped', () => {
  const s = computeSchedule([
    { letter: 'F', cutoff: 4 * h, interval: h },
    { letter: 'F', cutoff: 2 * h, interval: 10 * 60 },
  ]);
  assert.deepEqual(
    s.phases.map((p) => p.item),
    [0],
  );
  assert.equal(s.bounce, 5 * h);
});
