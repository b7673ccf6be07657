// Saving a versioned record from an edit form: a new one is created (POST); an existing one sends
// only the members that differ from the record as it was read, with its version in If-Match, so
// a colleague's change in between answers 412 instead of being overwritten.
import { api } from './api';
import { changedMembers } from './activities';

export async function saveVersioned<T extends { id: string; version: number }>(
  original: T | null,
  body: Record<string, unknown>,
  paths: { create: string; item: string },
): Promise<T> {
  if (!original) return api<T>('POST', paths.create, { body });
  const changes = changedMembers(body, original as unknown as Record<string, unknown>);
  if (Object.keys(changes).length === 0) return original;
  return api<T>('PATCH', `${paths.item}/${encodeURIComponent(original.id)}`, {
    body: changes,
    ifMatch: original.version,
  });
}
