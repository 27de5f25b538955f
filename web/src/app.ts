import { html, render } from 'lit-html';
import { type Api, ApiError, createApi, type Problem } from './api.ts';
import type { AppContext, Screen } from './context.ts';
import {
  errorText,
  formatCountdown,
  hasRememberedLanguage,
  type Lang,
  type MessageKey,
  rememberedLanguage,
  rememberLanguage,
  translate,
} from './i18n.ts';
import { resolveScreen } from './navigation.ts';
import { EndedScreen } from './screens/ended.ts';
import { LoginScreen } from './screens/login.ts';
import { SessionTimer } from './session-timer.ts';
import type { MyToken, OptionsCatalog, SessionView, UserView } from './types.ts';
import { closeModals, type Modal, openMessageDialog, openOtpDialog, updateModals } from './ui/dialog.ts';
import { privateShell, publicShell } from './ui/layout.ts';

const SESSION_KEY = 'bop.session';
/** How often typing tells the API the session is in use: its own record of activity is per minute. */
const TYPING_TOUCH_MS = 60_000;

/** The session saved in this tab, if it is well formed. */
function readSavedSession(): { session: SessionView; lastActivity: number } | undefined {
  try {
    const text = sessionStorage.getItem(SESSION_KEY);
    if (!text) return undefined;
    const saved = JSON.parse(text) as { session?: SessionView; lastActivity?: unknown };
    const s = saved.session;
    if (
      !s ||
      typeof s.token !== 'string' ||
      typeof s.expiresAt !== 'string' ||
      typeof s.idleTimeoutSeconds !== 'number' ||
      typeof s.user?.userCode !== 'string' ||
      typeof saved.lastActivity !== 'number'
    ) {
      forgetSavedSession();
      return undefined;
    }
    return { session: s, lastActivity: saved.lastActivity };
  } catch {
    return undefined;
  }
}

function forgetSavedSession(): void {
  try {
    sessionStorage.removeItem(SESSION_KEY);
  } catch {
    // Nothing saved.
  }
}

/**
 * The portal: the language, the session and its clock, the current screen, and the
 * hash router (`#/admin/users`) — hash routes need no server rewrite, so the static files
 * and the API can share one origin without a catch-all that would hide the API's 404s.
 */
export class App implements AppContext {
  lang: Lang = rememberedLanguage();
  session: SessionView | undefined;
  me: UserView | undefined;
  catalog: OptionsCatalog | undefined;
  myToken: MyToken | undefined;
  flash: string | undefined;
  loginPrefill: { companyCode: string; userCode: string } | undefined;
  readonly api: Api;
  private screen: Screen;
  private timer: SessionTimer | undefined;
  private idleDialog: Modal | undefined;
  private countdown: number | undefined;

  constructor(private readonly root: HTMLElement) {
    this.api = createApi({
      language: () => this.lang,
      sessionToken: () => this.session?.token,
      openOtpPrompt: () => openOtpDialog(this.t),
      sessionLost: (problem) => this.endSession(problem),
      activity: () => {
        this.timer?.activity();
        this.saveSession();
      },
      networkProblem: () => ({
        title: this.t('app.networkError'),
        detail: '',
        status: 0,
        code: 'NETWORK_ERROR',
      }),
    });
    this.screen = new LoginScreen(this);
  }

  readonly t = (key: MessageKey, params?: Record<string, unknown>): string =>
    translate(this.lang, key, params);

  start(): void {
    window.addEventListener('hashchange', () => this.route());
    // Typing in a form is activity: the API is told, at most once a minute.
    document.addEventListener('input', () => this.typing(), true);
    const saved = readSavedSession();
    if (saved) {
      void this.resumeSession(saved.session, saved.lastActivity);
      return;
    }
    this.route();
  }

  /**
   * Input in a form counts as activity: a half-filled form is not lost to the idle timeout.
   * The API's clock is the one that matters, so it is told with a request of the session — at
   * most once a minute (its own granularity), and never once the idle warning is showing,
   * which asks the user to choose.
   */
  private typing(): void {
    if (!this.session || !this.timer || this.idleDialog) return;
    if (Date.now() - this.timer.lastActivityAt < TYPING_TOUCH_MS) return;
    this.timer.activity();
    void this.api.call('getMe').catch(() => undefined);
  }

  /** The session in this tab's sessionStorage, so a reload (F5) keeps it; the API still ends it when it must. */
  private saveSession(): void {
    if (!this.session) return;
    try {
      sessionStorage.setItem(
        SESSION_KEY,
        JSON.stringify({ session: this.session, lastActivity: this.timer?.lastActivityAt ?? Date.now() }),
      );
    } catch {
      // Storage disabled: a reload ends the session, as before.
    }
  }

  /**
   * A reload with a session in this tab: its clock resumes from the last activity the portal
   * saw (so neither the idle nor the absolute end moves), and the API confirms it is alive —
   * a session it ended (idle, absolute, logout elsewhere) answers 401 and the screens end.
   */
  private async resumeSession(session: SessionView, lastActivity: number): Promise<void> {
    const idleEnd = lastActivity + session.idleTimeoutSeconds * 1000;
    if (Date.now() >= Math.min(idleEnd, Date.parse(session.expiresAt))) {
      forgetSavedSession();
      this.route();
      return;
    }
    await this.beginSession(session, { lastActivity, keepScreen: true });
  }

  navigate(hash: string): void {
    if (location.hash === hash) this.route();
    else location.hash = hash;
  }

  setLanguage(lang: Lang): void {
    this.lang = lang;
    rememberLanguage(lang);
    this.render();
    updateModals();
  }

  render(): void {
    document.documentElement.lang = this.lang;
    document.title = this.t('app.documentTitle', { screen: this.screen.title() });
    const content = this.screen.view();
    render(this.session ? privateShell(this, content) : publicShell(this, content), this.root);
  }

  private route(): void {
    const hash = location.hash || '#/';
    if (!this.session) {
      if (hash === '#/ended' && this.screen instanceof EndedScreen) {
        this.render();
        return;
      }
      if (!(this.screen instanceof LoginScreen)) this.show(new LoginScreen(this));
      else this.render();
      if (hash !== '#/login' && hash !== '#/ended') history.replaceState(null, '', '#/login');
      return;
    }
    const screen = resolveScreen(this, hash);
    if (screen) this.show(screen);
    else this.navigate('#/home');
  }

  private show(screen: Screen): void {
    this.screen.dispose?.();
    this.screen = screen;
    this.render();
    // Each screen change moves focus to its heading, so keyboard and screen-reader users start there.
    requestAnimationFrame(() => document.querySelector<HTMLElement>('main h1')?.focus());
    screen
      .load?.()
      .catch((error: unknown) => {
        if (!(error instanceof ApiError)) console.error(error);
      })
      .finally(() => {
        if (this.screen === screen) this.render();
      });
  }

  async beginSession(
    session: SessionView,
    resumed: { lastActivity: number; keepScreen: boolean } | undefined = undefined,
  ): Promise<void> {
    this.session = session;
    if (!hasRememberedLanguage()) this.lang = session.user.language;
    this.timer = new SessionTimer({
      idleSeconds: session.idleTimeoutSeconds,
      absoluteEnd: Date.parse(session.expiresAt),
      onWarn: (endsAt) => this.warnIdle(endsAt),
      onEnd: (reason) => this.expire(reason),
      ...(resumed ? { lastActivity: resumed.lastActivity } : {}),
    });
    this.saveSession();
    try {
      const [me, catalog] = await Promise.all([
        this.api.call<UserView>('getMe'),
        this.api.call<OptionsCatalog>('optionsCatalog'),
      ]);
      this.me = me;
      this.catalog = catalog;
      this.myToken = await this.api.call<MyToken>('getMyToken').catch(() => undefined);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (!this.session) return;
    }
    if (resumed?.keepScreen || location.hash === '#/home') this.route();
    else this.navigate('#/home');
  }

  async logout(): Promise<void> {
    const problem = {
      code: 'LOGGED_OUT',
      title: this.t('ended.loggedOutTitle'),
      detail: this.t('ended.loggedOut'),
      status: 200,
    };
    await this.api.call('logout').catch(() => undefined);
    this.endSession(problem);
  }

  endSessionToLogin(message?: string): void {
    const prefill = this.session
      ? { companyCode: this.session.user.companyCode, userCode: this.session.user.userCode }
      : undefined;
    this.clearSession();
    this.loginPrefill = prefill;
    this.flash = message;
    this.show(new LoginScreen(this));
    history.replaceState(null, '', '#/login');
  }

  /**
   * The session is over (logout, expiry, the user disabled, the connection rules): every
   * screen and every piece of the user's data goes, and one screen says why.
   */
  private endSession(problem: Problem): void {
    if (!this.session && this.screen instanceof EndedScreen) return;
    this.clearSession();
    this.show(new EndedScreen(this, problem));
    history.replaceState(null, '', '#/ended');
  }

  private clearSession(): void {
    forgetSavedSession();
    this.timer?.stop();
    this.timer = undefined;
    window.clearInterval(this.countdown);
    this.idleDialog = undefined;
    closeModals();
    this.session = undefined;
    this.me = undefined;
    this.catalog = undefined;
    this.myToken = undefined;
    this.loginPrefill = undefined;
  }

  private warnIdle(endsAt: number): void {
    if (this.idleDialog || !this.session) return;
    const remaining = () => formatCountdown((endsAt - Date.now()) / 1000);
    const close = () => {
      window.clearInterval(this.countdown);
      this.idleDialog?.close();
      this.idleDialog = undefined;
    };
    this.idleDialog = openMessageDialog({
      id: 'idle',
      role: 'alertdialog',
      title: () => this.t('idle.title'),
      body: () => html`<p>${this.t('idle.text', { time: remaining() })}</p>`,
      actions: [
        {
          label: () => this.t('idle.logout'),
          secondary: true,
          run: () => {
            close();
            void this.logout();
          },
        },
        {
          label: () => this.t('idle.continue'),
          run: () => {
            close();
            // Any request of the session counts as activity for the API.
            void this.api.call('getMe').catch(() => undefined);
          },
        },
      ],
      onEscape: () => {
        close();
        void this.api.call('getMe').catch(() => undefined);
      },
    });
    this.countdown = window.setInterval(() => this.idleDialog?.update(), 1000);
  }

  private expire(reason: 'idle' | 'absolute'): void {
    if (!this.session) return;
    const code = 'SESSION_EXPIRED';
    const text = errorText(this.lang, code);
    // The API would refuse the session now or in a moment; revoke it for sure, and clear the screens.
    void this.api.call('logout').catch(() => undefined);
    this.endSession({ code, status: 401, title: text?.title ?? code, detail: text?.detail ?? reason });
  }
}
