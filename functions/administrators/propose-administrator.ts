import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { proposeAdministratorRoute } from '../../shared/routes/administrators.ts';
import { sessionAdministratorDeps } from '../../shared/runtime/administrators.ts';
import { type AdministratorDeps, addAdministrator } from '../../shared/services/administrators.ts';
import { originOf } from '../auth/origin.ts';

/**
 * POST /administrators: the principal administrator adds an administrator (generic password
 * e-mailed). With dual control on, the pipeline stores it as a pending change, and this runs
 * when another administrator approves it — recorded as that administrator's act.
 */
export const build = (deps: AdministratorDeps & { http: HttpOptions }) =>
  httpHandler(proposeAdministratorRoute, deps.http, async (request) => {
    const { company, user } = request.principal;
    return {
      body: await addAdministrator(deps, company.code, request.body, {
        actor: user.userCode,
        origin: originOf(request),
        transaction: request.transaction,
      }),
    };
  });

export const handler = onColdStart(() => build(sessionAdministratorDeps()));
