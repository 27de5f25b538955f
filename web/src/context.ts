import type { TemplateResult } from 'lit-html';
import type { Api } from './api.ts';
import type { Lang } from './i18n.ts';
import type { MyToken, OptionsCatalog, SessionView, UserView } from './types.ts';
import type { Translate } from './ui/text.ts';

/** What every screen may use of the application. */
export interface AppContext {
  readonly lang: Lang;
  readonly t: Translate;
  readonly api: Api;
  /** The signed-in user's session, until it ends. */
  readonly session: SessionView | undefined;
  /** The signed-in user's profile (GET /me): options, limits, accounts. */
  readonly me: UserView | undefined;
  /** The options catalog (GET /catalog/options), grouped as on the screen. */
  readonly catalog: OptionsCatalog | undefined;
  /** The signed-in user's BOP Token state, as last read. */
  myToken: MyToken | undefined;
  /** A message for the next screen ("El usuario fue creado…"). */
  flash: string | undefined;
  /** Codes to fill in on the login screen (after a password change). */
  loginPrefill: { companyCode: string; userCode: string } | undefined;
  render(): void;
  navigate(hash: string): void;
  setLanguage(lang: Lang): void;
  beginSession(session: SessionView): Promise<void>;
  logout(): Promise<void>;
  /** Ends the session locally (after a password change, for instance) and shows the login. */
  endSessionToLogin(message?: string): void;
}

/** One screen of the portal: its title (the h1 and the document's title), its view, its data. */
export interface Screen {
  title(): string;
  view(): TemplateResult;
  /** Loads the screen's data once it is shown. */
  load?(): Promise<void>;
  dispose?(): void;
}
