/** The BOP Token guide the bank publishes (guide step 9). */
export const TOKEN_GUIDE_URL =
  'https://www.bancoccidente.com.pa/bancodeoccidente-panama/docs/fto-ser-294-guia-bop-token.pdf';

/** The option ids of the catalog that this module serves itself, and their screens. */
const ownScreens: Record<string, string> = {
  'services.requestToken': '#/services/token',
  'services.cancelToken': '#/services/token/cancel',
  'services.changePassword': '#/services/password',
};

/** Where a catalog option leads: this module's own screen, or the placeholder of another module's. */
export const optionHash = (optionId: string) =>
  ownScreens[optionId] ?? `#/option/${encodeURIComponent(optionId)}`;
