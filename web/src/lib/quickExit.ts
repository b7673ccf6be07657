// Quick exit: a visible button, Esc twice or Shift three times within one second.
// The page is blanked at once, the session is ended (best effort) and the tab is sent to a
// neutral page with location.replace, so that Back does not return to the app.

/** The one place that says where quick exit goes. */
export const NEUTRAL_URL = 'https://www.google.com/search?q=weather';

export const QUICK_EXIT_WINDOW_MS = 1000;

interface KeyLike {
  key: string;
  repeat?: boolean;
}

/**
 * Pure key-sequence detector: feed it every keydown with its time, it answers true when the
 * sequence for quick exit is complete. Any other key in between resets the count, so typing
 * capital letters with Shift does not trigger it; auto-repeat of a held key is ignored.
 */
export class QuickExitDetector {
  private key = '';
  private times: number[] = [];

  constructor(private readonly windowMs = QUICK_EXIT_WINDOW_MS) {}

  press(event: KeyLike, now: number): boolean {
    if (event.repeat) return false;
    const needed = event.key === 'Escape' ? 2 : event.key === 'Shift' ? 3 : 0;
    if (needed === 0) {
      this.reset();
      return false;
    }
    if (event.key !== this.key) {
      this.key = event.key;
      this.times = [];
    }
    this.times = this.times.filter((t) => now - t < this.windowMs);
    this.times.push(now);
    if (this.times.length >= needed) {
      this.reset();
      return true;
    }
    return false;
  }

  reset(): void {
    this.key = '';
    this.times = [];
  }
}

let leaving = false;

/** Blank the page, end the session without waiting, and leave. */
export function quickExit(csrfToken: string | null, onClear?: () => void): void {
  if (leaving) return;
  leaving = true;
  try {
    document.title = '';
    document.body.replaceChildren();
  } catch {
    /* keep going: leaving matters more than blanking */
  }
  try {
    onClear?.();
  } catch {
    /* ignore */
  }
  try {
    const headers: Record<string, string> = {};
    if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
    fetch('/api/v1/auth/logout', {
      method: 'POST',
      keepalive: true,
      credentials: 'same-origin',
      headers,
    }).catch(() => {});
  } catch {
    /* ignore */
  }
  location.replace(NEUTRAL_URL);
}

/** Listen for the keyboard shortcuts on the whole window (capture phase, before any widget). */
export function installQuickExitKeys(trigger: () => void): () => void {
  const detector = new QuickExitDetector();
  const onKeyDown = (event: KeyboardEvent) => {
    if (detector.press(event, performance.now())) {
      event.preventDefault();
      trigger();
    }
  };
  window.addEventListener('keydown', onKeyDown, true);
  return () => window.removeEventListener('keydown', onKeyDown, true);
}
