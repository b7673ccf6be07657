// The audit API filters by actor id; people think in usernames. Resolve one to the other.
import { api } from './api';
import type { Page, User } from './types';

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function looksLikeId(text: string): boolean {
  return ID.test(text);
}

/**
 * The id for a username or id typed in a filter: from ids already seen in the log, then from
 * the users list when the signed-in person may read it. null when nobody matches.
 */
export async function resolveActor(
  text: string,
  known: Map<string, string>,
  canListUsers: boolean,
): Promise<string | null> {
  const wanted = text.trim();
  if (looksLikeId(wanted)) return wanted;
  const seen = known.get(wanted.toLowerCase());
  if (seen) return seen;
  if (!canListUsers) return null;
  let after: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const query = new URLSearchParams({ limit: '100' });
    if (after) query.set('after', after);
    let page: Page<User>;
    try {
      page = await api<Page<User>>('GET', `/users?${query}`);
    } catch {
      return null;
    }
    const match = page.items.find((u) => u.username.toLowerCase() === wanted.toLowerCase());
    if (match) return match.id;
    if (!page.next) return null;
    after = page.next;
  }
  return null;
}
