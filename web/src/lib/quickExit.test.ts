import { describe, expect, it } from 'vitest';
import { NEUTRAL_URL, QuickExitDetector } from './quickExit';

const key = (k: string, repeat = false) => ({ key: k, repeat });

describe('QuickExitDetector', () => {
  it('triggers on Escape twice within one second', () => {
    const d = new QuickExitDetector();
    expect(d.press(key('Escape'), 0)).toBe(false);
    expect(d.press(key('Escape'), 900)).toBe(true);
  });

  it('does not trigger on Escape twice more than one second apart', () => {
    const d = new QuickExitDetector();
    expect(d.press(key('Escape'), 0)).toBe(false);
    expect(d.press(key('Escape'), 1000)).toBe(false);
    expect(d.press(key('Escape'), 1500)).toBe(true);
  });

  it('triggers on Shift three times within one second', () => {
    const d = new QuickExitDetector();
    expect(d.press(key('Shift'), 0)).toBe(false);
    expect(d.press(key('Shift'), 300)).toBe(false);
    expect(d.press(key('Shift'), 600)).toBe(true);
  });

  it('does not trigger when the three Shifts span more than one second', () => {
    const d = new QuickExitDetector();
    d.press(key('Shift'), 0);
    d.press(key('Shift'), 600);
    expect(d.press(key('Shift'), 1100)).toBe(false);
    expect(d.press(key('Shift'), 1200)).toBe(true);
  });

  it('is reset by any other key, so typing capitals does not trigger', () => {
    const d = new QuickExitDetector();
    d.press(key('Shift'), 0);
    d.press(key('A'), 50);
    d.press(key('Shift'), 100);
    d.press(key('B'), 150);
    expect(d.press(key('Shift'), 200)).toBe(false);
    d.press(key('Escape'), 300);
    d.press(key('x'), 350);
    expect(d.press(key('Escape'), 400)).toBe(false);
  });

  it('ignores auto-repeat of a held key', () => {
    const d = new QuickExitDetector();
    d.press(key('Shift'), 0);
    expect(d.press(key('Shift', true), 30)).toBe(false);
    expect(d.press(key('Shift', true), 60)).toBe(false);
    expect(d.press(key('Escape', true), 90)).toBe(false);
  });

  it('does not mix Escape and Shift presses', () => {
    const d = new QuickExitDetector();
    d.press(key('Shift'), 0);
    d.press(key('Shift'), 100);
    expect(d.press(key('Escape'), 200)).toBe(false);
    expect(d.press(key('Shift'), 300)).toBe(false);
  });

  it('starts again after triggering', () => {
    const d = new QuickExitDetector();
    d.press(key('Escape'), 0);
    expect(d.press(key('Escape'), 10)).toBe(true);
    expect(d.press(key('Escape'), 20)).toBe(false);
  });
});

describe('NEUTRAL_URL', () => {
  it('is an https URL that says nothing about the app', () => {
    expect(NEUTRAL_URL.startsWith('https://')).toBe(true);
    expect(NEUTRAL_URL.toLowerCase()).not.toContain('passerelle');
  });
});
