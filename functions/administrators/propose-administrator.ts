import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { proposeAdministratorRoute } from '../../shared/routes/administrators.ts';
import { administratorDeps } from '../../shared/runtime/administrators.ts';
import { type SessionRuntime, sessionRuntime } from '../../shared/runtime/base.ts';
import { withMail } from '../../shared/runtime/mail.ts';
import type { Mailing } from '../../shared/runtime/mailing.ts';
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

/** This function's dependencies on a runtime: Lambda's (below), the tests' or the bench's. */
export const wire = (runtime: SessionRuntime & Mailing) => build(administratorDeps(runtime));

export const handler = onColdStart(() => wire(withMail(sessionRuntime())));
