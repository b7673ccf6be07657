import { describe, expect, it } from 'vitest';
import {
  bandCentre,
  barRows,
  countAxis,
  figureText,
  labelEvery,
  linear,
  lineSegments,
  monthText,
  niceStep,
  percentText,
  progressGeometry,
  seriesGeometry,
} from './charts';

describe('axes and scales', () => {
  it('picks round steps of 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(0)).toBe(1);
    expect(niceStep(3)).toBe(1);
    expect(niceStep(7)).toBe(2);
    expect(niceStep(23)).toBe(5);
    expect(niceStep(120)).toBe(50);
    expect(niceStep(1000)).toBe(200);
    expect(niceStep(4, 2)).toBe(2);
  });

  it('makes an axis from 0 whose top reaches the maximum', () => {
    expect(countAxis(120)).toEqual({ step: 50, top: 150, ticks: [0, 50, 100, 150] });
    expect(countAxis(0)).toEqual({ step: 1, top: 1, ticks: [0, 1] });
    expect(countAxis(5).top).toBeGreaterThanOrEqual(5);
  });

  it('maps values onto pixels, upwards for a y axis', () => {
    const y = linear(100, 200, 0);
    expect(y(0)).toBe(200);
    expect(y(50)).toBe(100);
    expect(y(100)).toBe(0);
    expect(linear(0, 0, 10)(0)).toBe(0); // an empty axis does not divide by zero
  });

  it('puts each month in the middle of its band', () => {
    expect(bandCentre(0, 4, 40, 400)).toBe(90);
    expect(bandCentre(3, 4, 40, 400)).toBe(390);
    expect(bandCentre(0, 1, 0, 100)).toBe(50);
  });

  it('thins month labels so that they do not overlap', () => {
    expect(labelEvery(6, 600)).toBe(1);
    expect(labelEvery(24, 300)).toBe(5);
    expect(labelEvery(0, 300)).toBe(1);
  });
});

describe('the line of a series', () => {
  const x = (i: number) => i * 10;
  const y = (v: number) => 100 - v;

  it('is one path through known values', () => {
    expect(lineSegments([1, 2, 3], x, y)).toEqual(['M0 99 L10 98 L20 97']);
  });

  it('breaks where a value is hidden, and leaves lone points to dots', () => {
    expect(lineSegments([1, 2, null, 4, null, 6, 7], x, y)).toEqual([
      'M0 99 L10 98',
      'M50 94 L60 93',
    ]);
    expect(lineSegments([null, null], x, y)).toEqual([]);
  });

  it('lays out months, ticks, the target and the milestones of the months shown', () => {
    const g = seriesGeometry(
      [
        { month: '2026-01', value: 10 },
        { month: '2026-02', value: null },
        { month: '2026-03', value: 40 },
      ],
      100,
      [
        { on: '2026-03-31', value: 50 },
        { on: '2027-06-30', value: 100 }, // outside the period: not drawn
      ],
      320,
    );
    expect(g.points.map((p) => p.month)).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(g.points[1].y).toBeNull();
    expect(g.anyHidden).toBe(true);
    expect(g.segments).toEqual([]); // two lone points either side of the hidden month
    expect(g.milestones).toHaveLength(1);
    expect(g.milestones[0].x).toBe(g.points[2].x);
    expect(g.ticks[0]).toEqual({ value: 0, y: g.base });
    // The axis reaches the target; the target is above every value.
    expect(g.ticks[g.ticks.length - 1].value).toBeGreaterThanOrEqual(100);
    expect(g.target?.y).toBeLessThan(g.points[2].y as number);
    for (const p of g.points) {
      expect(p.x).toBeGreaterThan(g.left);
      expect(p.x).toBeLessThan(g.left + g.plotWidth);
    }
  });
});

describe('progress bars', () => {
  it('fill to value / target, full past the target', () => {
    expect(progressGeometry(30, 120, 5, 200)).toEqual({
      track: 200,
      filled: 50,
      stub: null,
      over: false,
    });
    expect(progressGeometry(150, 120, 5, 200)).toMatchObject({ filled: 200, over: true });
    expect(progressGeometry(0, 120, 5, 200)).toMatchObject({ filled: 0 });
  });

  it('draw a hidden value as a stub as long as k, whatever the hidden count', () => {
    const hidden = progressGeometry(null, 100, 5, 200);
    expect(hidden).toMatchObject({ filled: null, stub: 10 });
    // A small target: the stub is capped at the track, and never thinner than 6 px.
    expect(progressGeometry(null, 3, 5, 200)?.stub).toBe(200);
    expect(progressGeometry(null, 10_000, 5, 200)?.stub).toBe(6);
  });

  it('are not drawn without a target', () => {
    expect(progressGeometry(12, null, 5, 200)).toBeNull();
    expect(progressGeometry(12, 0, 5, 200)).toBeNull();
  });
});

describe('breakdown bars', () => {
  it('share one scale, the largest value filling the track', () => {
    const { rows, scale, height } = barRows(
      [
        { category: 'Feminine', value: 40 },
        { category: 'Masculine', value: 10 },
        { category: 'Unknown', value: 0 },
      ],
      5,
      200,
      30,
    );
    expect(scale).toBe(40);
    expect(rows.map((r) => r.width)).toEqual([200, 50, 0]);
    expect(rows.map((r) => r.y)).toEqual([0, 30, 60]);
    expect(height).toBe(90);
  });

  it('give a hidden cell a hatched stub as long as k, the scale reaching k', () => {
    const { rows, scale } = barRows(
      [
        { category: '0-14', value: null },
        { category: '18-24', value: 2 },
      ],
      5,
      100,
    );
    // 2 is published (zero and k or more are, and this one was not hidden); the scale reaches k.
    expect(scale).toBe(5);
    expect(rows[0]).toMatchObject({ hidden: true, width: 100 });
    expect(rows[1]).toMatchObject({ hidden: false, width: 40 });
  });
});

describe('words and numbers', () => {
  it('write a hidden figure as "<k" and a published one in the language', () => {
    expect(figureText(null, 5, 'en-GB')).toBe('<5');
    expect(figureText(null, 10, 'fr-FR')).toBe('<10');
    expect(figureText(0, 5, 'en-GB')).toBe('0');
    expect(figureText(12500, 5, 'en-GB')).toBe('12,500');
    expect(figureText(12500, 5, 'fr-FR').replace(/\s/g, ' ')).toBe('12 500');
  });

  it('write progress as a whole percentage', () => {
    expect(percentText(0.424, 'en-GB')).toBe('42%');
    expect(percentText(1.25, 'en-GB')).toBe('125%');
    expect(percentText(0.5, 'fr-FR').replace(/\s/g, ' ')).toBe('50 %');
  });

  it('name months', () => {
    expect(monthText('2026-03', 'en-GB')).toBe('Mar 2026');
    expect(monthText('2026-03', 'en-GB', 'long')).toBe('March 2026');
    expect(monthText('2026-03', 'fr-FR', 'long')).toBe('mars 2026');
    expect(monthText('bad', 'en-GB')).toBe('bad');
  });
});
