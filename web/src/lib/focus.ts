// Focus after navigation: the new page's <h1>. Screens that load their code or their record
// first show a placeholder, so wait (briefly) for the heading, and move focus again when the
// placeholder's heading is replaced by the page's own (focus would otherwise fall to <body>).

let stopWatching: (() => void) | null = null;

export function focusHeadingWhenShown(root: HTMLElement | undefined, timeoutMs = 5000): void {
  stopWatching?.();
  if (!root) return;
  let focused: HTMLElement | null = null;
  const attempt = () => {
    const heading = root.querySelector<HTMLElement>('h1');
    if (!heading || heading === focused) return;
    const active = document.activeElement;
    // Only take focus on arrival, or when the focused placeholder heading has gone.
    if (focused === null || active === null || active === document.body || !active.isConnected) {
      heading.focus();
      focused = heading;
    }
  };
  attempt();
  const observer = new MutationObserver(attempt);
  observer.observe(root, { childList: true, subtree: true });
  const timer = setTimeout(() => stop(), timeoutMs);
  const stop = () => {
    observer.disconnect();
    clearTimeout(timer);
    if (stopWatching === stop) stopWatching = null;
  };
  stopWatching = stop;
}
