import { locale } from '../i18n/index.svelte';

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(
    date,
  );
}

/** A short, human description of a browser's user agent ("Chrome on Android"). */
export function describeUserAgent(ua: string): string {
  if (!ua) return '';
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua)
      ? 'Firefox'
      : /(Chrome|Chromium)\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : '';
  const os = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad|iOS/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X|Macintosh/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : '';
  if (browser && os) return `${browser} · ${os}`;
  return browser || os || ua.slice(0, 60);
}

/**
 * A local calendar day (yyyy-mm-dd from <input type=date>) as a UTC ISO 8601 instant, to the
 * second: its first second, or its last one (the filters are inclusive).
 */
export function dayBoundary(date: string, end: boolean): string {
  const local = new Date(`${date}T00:00:00`);
  if (end) {
    local.setDate(local.getDate() + 1);
    local.setSeconds(local.getSeconds() - 1);
  }
  return local.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A calendar day (yyyy-mm-dd) in words, e.g. "1 Dec 2026". */
export function formatDay(day: string | null | undefined): string {
  if (!day) return '';
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return day;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium' }).format(new Date(y, m - 1, d));
}

/** A task's due_at: a day alone, or an instant shown in local time. */
export function formatDue(due: string): string {
  return due.length === 10 ? formatDay(due) : formatDateTime(due);
}
