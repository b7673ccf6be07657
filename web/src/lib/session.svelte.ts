// Who is signed in, kept in memory only. Cleared on sign-out, on quick exit and on any 401.
import { api, ApiError, onUnauthorized, setCsrfToken, setApiLanguage } from './api';
import { i18n, isLang, setLang, type MessageKey } from '../i18n/index.svelte';
import type { Me, SessionState } from './types';

export type AppState = 'loading' | 'signed_out' | SessionState;

interface SessionStore {
  state: AppState;
  me: Me | null;
  /** Shown once, right after 2FA enrolment; never stored. */
  recoveryCodes: string[] | null;
  /** A message for the sign-in screen (e.g. "your session has ended"). */
  notice: MessageKey | null;
}

export const session = $state<SessionStore>({
  state: 'loading',
  me: null,
  recoveryCodes: null,
  notice: null,
});

export function hasPermission(permission: string): boolean {
  return session.me?.permissions.includes(permission) ?? false;
}

/** Forget everything about the signed-in user. */
export function clearSession(notice: MessageKey | null = null): void {
  session.me = null;
  session.recoveryCodes = null;
  session.notice = notice;
  session.state = 'signed_out';
  setCsrfToken(null);
}

onUnauthorized(() => {
  // While starting up, a 401 just means "not signed in yet": no message.
  if (session.state === 'loading') clearSession(null);
  else if (session.state !== 'signed_out') clearSession('login.sessionEnded');
});

export function applyMe(me: Me): void {
  session.me = me;
  if (me.csrf_token) setCsrfToken(me.csrf_token);
  session.state = me.session_state;
  session.notice = null;
  if (isLang(me.language) && me.language !== i18n.lang) {
    setLang(me.language);
    setApiLanguage(me.language);
  }
}

/** Ask the server who we are; 401 means signed out. */
export async function loadMe(): Promise<void> {
  try {
    applyMe(await api<Me>('GET', '/me', { expect401: true }));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      if (session.state !== 'signed_out')
        clearSession(session.state === 'loading' ? null : 'login.sessionEnded');
      return;
    }
    throw error;
  }
}

/** After the login answer: remember the CSRF token and move to the state it names. */
export async function afterLogin(state: SessionState, csrfToken: string): Promise<void> {
  setCsrfToken(csrfToken);
  session.notice = null;
  if (state === 'authenticated') await loadMe();
  else session.state = state;
}

export async function signOut(): Promise<void> {
  try {
    await api('POST', '/auth/logout', { expect401: true });
  } catch {
    /* the session is forgotten here whatever the server says */
  }
  clearSession('login.signedOut');
}
