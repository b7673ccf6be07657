// Geometry of the dashboard's charts, drawn as inline SVG by the Chart* components (no chart
// library, no inline style: the CSP forbids it). Pure functions, tested in charts.test.ts. Charts
// are laid out at the width they are shown at, so that their words stay readable on a phone.
// Every chart is followed by its data table; a hidden figure (small-cell suppression) is drawn as
// a hatched stub that does not tell its size, and written "<k".
import type { Figure, Milestone } from './types';

/** A round step for an axis from 0 to at least `max`, with at most `maxTicks` steps. */
export function niceStep(max: number, maxTicks = 5): number {
  if (!(max > 0)) return 1;
  const raw = max / Math.max(1, maxTicks);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) {
    const step = m * magnitude;
    if (step >= raw) return Math.max(1, step);
  }
  return Math.max(1, 10 * magnitude);
}

export interface Axis {
  step: number;
  /** the axis' top value: a multiple of step, at least max */
  top: number;
  ticks: number[];
}

/** A value axis from 0 for whole counts. */
export function countAxis(max: number, maxTicks = 5): Axis {
  const step = niceStep(max, maxTicks);
  const top = Math.max(step, Math.ceil(Math.max(0, max) / step) * step);
  const ticks: number[] = [];
  for (let v = 0; v <= top; v += step) ticks.push(v);
  return { step, top, ticks };
}

/** Maps [0, top] onto [from, to] (to < from for a y axis that grows upwards). */
export function linear(top: number, from: number, to: number): (v: number) => number {
  const span = top > 0 ? top : 1;
  return (v) => from + ((to - from) * v) / span;
}

/** The centre of band `index` of `n` bands across [left, left + width]. */
export function bandCentre(index: number, n: number, left: number, width: number): number {
  return left + (width * (index + 0.5)) / Math.max(1, n);
}

const round = (v: number) => Math.round(v * 10) / 10;

/**
 * The line through the points, broken where a value is hidden: one SVG path ("M x y L x y …")
 * per unbroken run. A run of one point is a dot, drawn by the caller.
 */
export function lineSegments(
  values: readonly Figure[],
  x: (i: number) => number,
  y: (v: number) => number,
): string[] {
  const out: string[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length > 1) out.push(run.join(' '));
    run = [];
  };
  values.forEach((v, i) => {
    if (v === null || v === undefined) {
      flush();
      return;
    }
    run.push(`${run.length ? 'L' : 'M'}${round(x(i))} ${round(y(v))}`);
  });
  flush();
  return out;
}

/** Show one month label in `every`, so that labels of `labelWidth` px do not overlap. */
export function labelEvery(n: number, plotWidth: number, labelWidth = 56): number {
  if (n <= 0) return 1;
  const fits = Math.max(1, Math.floor(plotWidth / labelWidth));
  return Math.max(1, Math.ceil(n / fits));
}

export interface SeriesGeometry {
  width: number;
  height: number;
  left: number;
  top: number;
  plotWidth: number;
  plotHeight: number;
  /** y of the value 0 */
  base: number;
  ticks: { value: number; y: number }[];
  points: { month: string; value: Figure; x: number; y: number | null }[];
  segments: string[];
  target: { value: number; y: number } | null;
  milestones: { on: string; value: number; x: number; y: number }[];
  labels: { month: string; x: number }[];
  anyHidden: boolean;
}

/**
 * A cumulative series month by month: the value line (broken at hidden months), the target as a
 * dashed line, milestones as diamonds in their month.
 */
export function seriesGeometry(
  byMonth: readonly { month: string; value: Figure }[],
  target: number | null,
  milestones: readonly Milestone[],
  width: number,
  height = 220,
): SeriesGeometry {
  const left = 44;
  const right = 12;
  const top = 12;
  const bottom = 28;
  const plotWidth = Math.max(40, width - left - right);
  const plotHeight = Math.max(40, height - top - bottom);
  const base = top + plotHeight;
  const n = byMonth.length;
  const months = byMonth.map((m) => m.month);
  const shown = milestones.filter((m) => months.includes(m.on.slice(0, 7)));
  const max = Math.max(
    1,
    ...byMonth.map((m) => m.value ?? 0),
    target ?? 0,
    ...shown.map((m) => m.value),
  );
  const axis = countAxis(max);
  const y = linear(axis.top, base, top);
  const x = (i: number) => bandCentre(i, n, left, plotWidth);
  const every = labelEvery(n, plotWidth);
  return {
    width,
    height,
    left,
    top,
    plotWidth,
    plotHeight,
    base,
    ticks: axis.ticks.map((value) => ({ value, y: round(y(value)) })),
    points: byMonth.map((m, i) => ({
      month: m.month,
      value: m.value,
      x: round(x(i)),
      y: m.value === null ? null : round(y(m.value)),
    })),
    segments: lineSegments(
      byMonth.map((m) => m.value),
      x,
      y,
    ),
    target: target === null ? null : { value: target, y: round(y(target)) },
    milestones: shown.map((m) => ({
      on: m.on,
      value: m.value,
      x: round(x(months.indexOf(m.on.slice(0, 7)))),
      y: round(y(m.value)),
    })),
    labels: byMonth
      .map((m, i) => ({ month: m.month, x: round(x(i)), i }))
      .filter((l) => l.i % every === 0)
      .map(({ month, x: lx }) => ({ month, x: lx })),
    anyHidden: byMonth.some((m) => m.value === null),
  };
}

export interface ProgressGeometry {
  track: number;
  /** the filled length, when the value is known */
  filled: number | null;
  /** a hatched stub when the value is hidden: as long as k would be, not the hidden count */
  stub: number | null;
  /** past the target */
  over: boolean;
}

/** A bar filled to value / target (full past the target). Null without a target. */
export function progressGeometry(
  value: Figure,
  target: number | null,
  k: number,
  track: number,
): ProgressGeometry | null {
  if (target === null || target <= 0) return null;
  if (value === null) {
    const stub = Math.max(6, Math.min(1, k / target) * track);
    return { track, filled: null, stub: round(stub), over: false };
  }
  const progress = Math.max(0, value / target);
  return { track, filled: round(Math.min(1, progress) * track), stub: null, over: progress > 1 };
}

export interface BarRow {
  category: string;
  value: Figure;
  y: number;
  width: number;
  hidden: boolean;
}

/**
 * Horizontal bars, one per category, on a common scale. A hidden cell gets a hatched stub as long
 * as k would be (the scale then reaches at least k), never a length that tells its count.
 */
export function barRows(
  cells: readonly { category: string; value: Figure }[],
  k: number,
  track: number,
  rowHeight = 32,
): { rows: BarRow[]; scale: number; height: number } {
  const anyHidden = cells.some((c) => c.value === null);
  const scale = Math.max(1, ...cells.map((c) => c.value ?? 0), anyHidden ? k : 0);
  const rows = cells.map((c, i) => {
    const hidden = c.value === null;
    const w = hidden
      ? Math.max(6, (track * k) / scale)
      : (track * Math.max(0, c.value ?? 0)) / scale;
    return { category: c.category, value: c.value, y: i * rowHeight, width: round(w), hidden };
  });
  return { rows, scale, height: cells.length * rowHeight };
}

// ---- Words and numbers ---------------------------------------------------------------------

/** A published count, or "<k" when it is hidden. */
export function figureText(value: Figure, k: number, locale: string): string {
  if (value === null || value === undefined) return `<${k}`;
  return new Intl.NumberFormat(locale).format(value);
}

/** Progress as a whole percentage: 0.42 → "42 %" / "42%". */
export function percentText(progress: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(
    progress,
  );
}

/** "2026-03" → "Mar 2026" / "mars 2026". */
export function monthText(month: string, locale: string, style: 'short' | 'long' = 'short') {
  const [y, m] = month.split('-').map(Number);
  if (!y || !m) return month;
  return new Intl.DateTimeFormat(locale, { month: style, year: 'numeric' }).format(
    new Date(y, m - 1, 1),
  );
}
