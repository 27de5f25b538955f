import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { addAdministratorRoute } from '../../shared/routes/bank.ts';
import { bankAdministratorDeps } from '../../shared/runtime/administrators.ts';
import {
  type AdministratorDeps,
  addAdministrator,
  bankAdministratorActor,
} from '../../shared/services/administrators.ts';
import { bankOrigin } from './origin.ts';

/** POST /bank/companies/{companyCode}/administrators: one more administrator, with their generic password e-mailed. */
export const build = (deps: AdministratorDeps & { http: HttpOptions }) =>
  httpHandler(addAdministratorRoute, deps.http, async (request) => ({
    body: await addAdministrator(
      deps,
      request.path.companyCode,
      request.body,
      bankAdministratorActor(bankOrigin(request)),
    ),
  }));

export const handler = onColdStart(() => build(bankAdministratorDeps()));
