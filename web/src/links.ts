import { bank } from './tenant.ts';

/** The guide of its token product that the bank publishes (guide step 9), from its configuration. */
export const tokenGuideUrl = (): string => bank().token.guideUrl;

/** The option ids of the catalog that this module serves itself, and their screens. */
const ownScreens: Record<string, string> = {
  'services.requestToken': '#/services/token',
  'services.cancelToken': '#/services/token/cancel',
  'services.changePassword': '#/services/password',
};

/** Where a catalog option leads: this module's own screen, or the placeholder of another module's. */
export const optionHash = (optionId: string) =>
  ownScreens[optionId] ?? `#/option/${encodeURIComponent(optionId)}`;
