import { type HttpOptions, httpHandler, onColdStart } from '../../shared/http/middleware.ts';
import { removeAdministratorRoute } from '../../shared/routes/bank.ts';
import { bankAdministratorDeps } from '../../shared/runtime/administrators.ts';
import {
  type AdministratorDeps,
  bankAdministratorActor,
  removeAdministrator,
} from '../../shared/services/administrators.ts';
import { bankOrigin } from './origin.ts';

/** DELETE /bank/companies/{companyCode}/administrators/{userCode}: never the last one who administers. */
export const build = (deps: AdministratorDeps & { http: HttpOptions }) =>
  httpHandler(removeAdministratorRoute, deps.http, async (request) => ({
    body: await removeAdministrator(
      deps,
      request.path.companyCode,
      request.path.userCode,
      bankAdministratorActor(bankOrigin(request)),
    ),
  }));

export const handler = onColdStart(() => build(bankAdministratorDeps()));
