import type { SessionPrincipal } from '../../shared/http/authenticate.ts';
import { endUserOrThrow } from '../../shared/services/users.ts';
import { namedUser } from '../auth/origin.ts';

/** The end user that an administrator's route names in its path; 404 when none, 403 for an administrator. */
export const namedEndUser = (request: { principal: SessionPrincipal; path: { userCode: string } }) =>
  endUserOrThrow(namedUser(request), request.path.userCode);
