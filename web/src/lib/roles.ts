import { t, type MessageKey } from '../i18n/index.svelte';
import { ROLES } from './types';

/** A role's name in the users' words ("Peer mediator"), or the raw name if unknown. */
export function roleLabel(role: string): string {
  return (ROLES as readonly string[]).includes(role) ? t(`role.${role}` as MessageKey) : role;
}

export function roleOptions(names: readonly string[] = ROLES) {
  return names.map((name) => ({ value: name, label: roleLabel(name) }));
}
