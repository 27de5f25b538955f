import { Aws, Duration, NestedStack, Stack, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import { tableGrants } from '../../shared/data/table-access.ts';
import { exportContentTypes } from '../../shared/export/index.ts';
import type { RouteDefinition, RouteId } from '../../shared/routes.ts';
import { functionEnvironment } from '../config/environment.ts';
import { keptResourcePolicy, resourceQualifier, type StageConfig } from '../config/stages.ts';
import type { BankIpSets } from './firewall.ts';
import type { Mail } from './mail.ts';
import { sendsMail } from './monitoring.ts';
import { addGatewayProblems } from './problems.ts';
import { RouteFunction } from './route-function.ts';
import type { MasterKey } from './secrets.ts';
import type { DataTable } from './table.ts';

/** Props of the API: the route table and what its functions may be granted. */
export interface ApiProps {
  readonly config: StageConfig;
  readonly routes: readonly RouteDefinition[];
  /** The repository root (route handlers are relative to it). */
  readonly projectRoot: string;
  readonly table: DataTable;
  readonly mail: Mail;
  readonly masterKey: MasterKey;
  /** The bank-wide WAF IP sets, for the routes that read or replace them. */
  readonly ipSets: BankIpSets;
  /**
   * The portal's origin (`https://<host>`), the only origin allowed by CORS: the preflight of
   * every browser route, the functions' `ALLOWED_ORIGINS` and the gateway's own error answers.
   * Undefined (no portal) allows no cross-origin call.
   */
  readonly portalOrigin?: string;
}

/** The request headers the portal sends to the API cross-origin (beyond the CORS-safelisted ones). */
export const corsAllowHeaders = [
  'Content-Type',
  'Authorization',
  'X-OTP',
  'Accept-Language',
  'X-Correlation-Id',
  'Idempotency-Key',
] as const;

/** The response headers the portal may read besides the CORS-safelisted ones. */
export const corsExposeHeaders = ['X-Correlation-Id', 'Content-Disposition'] as const;

/**
 * The CORS preflight of the browser routes: exactly the portal's origin (never `*`), the API's
 * methods and headers, no credentials (tokens travel in Authorization, never in cookies), and
 * browsers may cache the answer for 10 minutes.
 */
export const corsPreflight = (portalOrigin: string): apigateway.CorsOptions => ({
  allowOrigins: [portalOrigin],
  allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
  allowHeaders: [...corsAllowHeaders],
  exposeHeaders: [...corsExposeHeaders],
  allowCredentials: false,
  maxAge: Duration.minutes(10),
});

/**
 * Public routes whose handler uses the derived keys itself: login signs session and challenge
 * tokens, identify draws the keyed anti-phishing decoy. The other public routes (the password
 * rules, the image catalog) answer static content and get no key. Typed by route id, so a
 * renamed route is a compile error; a route-table field would say it where the route is
 * defined (proposed in the report of this change).
 */
export const publicRoutesUsingKeys: ReadonlySet<RouteId> = new Set<RouteId>(['identify', 'login']);

/**
 * Who may read the master key (shared/auth/secrets.ts derives the session-signing, decoy, cursor
 * and BOP Token keys from it): every route whose caller presents a session or challenge token
 * (verifying it needs the signing key), and the public routes that sign or draw with a key.
 * Bank back-office routes never: IAM authenticates the caller.
 */
export const usesDerivedKeys = (route: RouteDefinition): boolean =>
  route.access === 'public' ? publicRoutesUsingKeys.has(route.id as RouteId) : route.access !== 'bank';

/**
 * The media types API Gateway returns as binary when a handler answers base64 (a Buffer body,
 * shared/http/middleware.ts): the export formats, without parameters. API Gateway decides on the
 * request's first Accept type, so clients ask for exports with `Accept: <the format's type>`.
 */
export const binaryMediaTypes = [
  ...new Set(Object.values(exportContentTypes).map((type) => type.split(';')[0]?.trim() ?? type)),
];

/** The route credential stuffing targets, whose function gets the stage's reserved concurrency. */
export const loginRouteId: RouteId = 'login';

/**
 * The routes kept warm by the stage's provisioned concurrency: identify, the first call of every
 * login, and login itself. Their modules do all setup, the master key included, in the init
 * phase of a provisioned environment (`prepareWhenProvisioned` in shared/http/middleware.ts).
 */
export const provisionedRouteIds: ReadonlySet<RouteId> = new Set<RouteId>(['identify', 'login']);

/**
 * The routes only named principals may invoke, each prefix with its own list: the bank's back
 * office (`/bank/*`) and the bank's transactional modules (`/service/*`). The resource policy
 * denies each prefix to every principal not in its list.
 */
export const privilegedPaths = [
  { sid: 'BankRoutesOnlyBankInvokers', prefix: '/bank/', invokers: (c: StageConfig) => c.bankInvokers },
  {
    sid: 'ServiceRoutesOnlyServiceInvokers',
    prefix: '/service/',
    invokers: (c: StageConfig) => c.serviceInvokers,
  },
] as const;

/** Invoker ARNs as the policy names them: full ARNs as given, role names in the stage's account. */
const invokerArns = (invokers: readonly string[]): string[] =>
  invokers.map((invoker) =>
    invoker.startsWith('arn:') ? invoker : `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/${invoker}`,
  );

/**
 * The REST API's resource policy: anyone may call the API (the login routes are public, the
 * handlers verify tokens), but each privileged prefix only its own named invokers, whatever the
 * caller's own IAM policy says (an explicit deny wins over any allow). Without an invoker, no
 * one may call that prefix.
 */
export function apiResourcePolicy(config: StageConfig): iam.PolicyDocument {
  return new iam.PolicyDocument({
    statements: [
      new iam.PolicyStatement({
        sid: 'InvokeApi',
        principals: [new iam.AnyPrincipal()],
        actions: ['execute-api:Invoke'],
        resources: ['execute-api:/*'],
      }),
      ...privilegedPaths.map(({ sid, prefix, invokers }) => {
        const arns = invokerArns(invokers(config));
        return new iam.PolicyStatement({
          sid,
          effect: iam.Effect.DENY,
          principals: [new iam.AnyPrincipal()],
          actions: ['execute-api:Invoke'],
          resources: [`execute-api:/*/*${prefix}*`],
          ...(arns.length > 0 ? { conditions: { ArnNotLike: { 'aws:PrincipalArn': arns } } } : {}),
        });
      }),
    ],
  });
}

/** The nested stack of a route's functions: one per `functions/<area>/` folder. */
export const routeArea = (route: RouteDefinition): string => route.handler.split('/')[1] ?? 'routes';

/** `{companyCode}` placeholders of a path as API Gateway request parameters, all required. */
const pathParameters = (path: string): Record<string, boolean> =>
  Object.fromEntries(
    [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [`method.request.path.${name}`, true]),
  );

/**
 * A regional REST API (WAF attaches to REST APIs) with one Lambda function per route of the
 * route table. Bank routes require IAM (SigV4); the others are open at the gateway and the
 * handler verifies the session or challenge token itself.
 */
export class Api extends Construct {
  /** The REST API. */
  readonly restApi: apigateway.RestApi;
  /** Each route's function, by route id. */
  readonly functions: ReadonlyMap<string, RouteFunction>;
  /** The JSON access log of the stage. */
  readonly accessLogs: logs.LogGroup;
  /**
   * The base URL browsers call the API on, without a trailing slash: `https://<apiDomain>` (the
   * domain maps to the stage), else the stage's execute-api URL. Built from the REST API's id and
   * the stage's name, not from the stage resource (`restApi.url`): the portal uses it, the
   * functions use the portal's origin, and the stage depends on the functions.
   */
  readonly baseUrl: string;
  /** The origin (`https://<host>`) of {@link baseUrl}, for the portal's `connect-src`. */
  readonly origin: string;

  /** The stage's name (for the nested stacks' descriptions). */
  private readonly stage: string;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const { config } = props;
    this.stage = resourceQualifier(config);
    const removalPolicy = keptResourcePolicy(config);

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: config.logRetentionDays,
      removalPolicy,
    });
    this.accessLogs = accessLogs;

    this.restApi = new apigateway.RestApi(this, 'RestApi', {
      // A name unique to the stage: two stages in one account are told apart in the console.
      restApiName: `corporate-banking-admin-${resourceQualifier(config)}`,
      description: `Corporate banking administration (${resourceQualifier(config)})`,
      policy: apiResourcePolicy(config),
      endpointTypes: [apigateway.EndpointType.REGIONAL],
      binaryMediaTypes,
      // The account-wide API Gateway logging role is a regional singleton, which the stage's
      // baseline stack (infra/pipeline-stack.ts) owns; deploy that stack first.
      cloudWatchRole: false,
      domainName: config.apiDomain && {
        domainName: config.apiDomain.name,
        certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', config.apiDomain.certificateArn),
        endpointType: apigateway.EndpointType.REGIONAL,
        securityPolicy: apigateway.SecurityPolicy.TLS_1_2,
      },
      deployOptions: {
        stageName: config.stage,
        tracingEnabled: true,
        metricsEnabled: true,
        // Execution logs of failures only (never request or response bodies: they carry passwords).
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        throttlingRateLimit: config.throttling.rateLimit,
        throttlingBurstLimit: config.throttling.burstLimit,
        accessLogDestination: new apigateway.LogGroupLogDestination(accessLogs),
        // One JSON line per request: who (IP as API Gateway saw it, IAM caller), what, outcome
        // and why it failed. No headers or bodies: they carry passwords and tokens.
        accessLogFormat: apigateway.AccessLogFormat.custom(
          JSON.stringify({
            requestId: apigateway.AccessLogField.contextRequestId(),
            requestTime: apigateway.AccessLogField.contextRequestTime(),
            sourceIp: apigateway.AccessLogField.contextIdentitySourceIp(),
            userAgent: apigateway.AccessLogField.contextIdentityUserAgent(),
            caller: apigateway.AccessLogField.contextIdentityUserArn(),
            method: apigateway.AccessLogField.contextHttpMethod(),
            resourcePath: apigateway.AccessLogField.contextResourcePath(),
            path: apigateway.AccessLogField.contextPath(),
            status: apigateway.AccessLogField.contextStatus(),
            responseLength: apigateway.AccessLogField.contextResponseLength(),
            responseLatency: apigateway.AccessLogField.contextResponseLatency(),
            integrationStatus: apigateway.AccessLogField.contextIntegrationStatus(),
            integrationLatency: apigateway.AccessLogField.contextIntegrationLatency(),
            errorType: apigateway.AccessLogField.contextErrorResponseType(),
            errorMessage: apigateway.AccessLogField.contextErrorMessage(),
            integrationError: apigateway.AccessLogField.contextIntegrationErrorMessage(),
            wafResponse: apigateway.AccessLogField.contextWafResponseCode(),
            xrayTraceId: apigateway.AccessLogField.contextXrayTraceId(),
          }),
        ),
      },
    });

    // A change of the resource policy takes effect only with a new deployment.
    this.restApi.latestDeployment?.addToLogicalId({ policy: apiResourcePolicy(config).toJSON() });

    this.origin = config.apiDomain
      ? `https://${config.apiDomain.name}`
      : `https://${this.restApi.restApiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`;
    this.baseUrl = config.apiDomain ? this.origin : `${this.origin}/${config.stage}`;

    addGatewayProblems(this.restApi, props.portalOrigin);
    const zone = config.apiDomain?.hostedZone;
    if (zone && this.restApi.domainName) {
      new route53.ARecord(this, 'DomainRecord', {
        zone: route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', {
          hostedZoneId: zone.id,
          zoneName: zone.name,
        }),
        recordName: config.apiDomain?.name,
        target: route53.RecordTarget.fromAlias(new targets.ApiGatewayDomain(this.restApi.domainName)),
      });
    }

    // Bodies are validated by the handlers' zod schemas (the one source of truth); the gateway
    // rejects requests missing a declared parameter before a function is invoked.
    const validator = this.restApi.addRequestValidator('RequestValidator', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });

    const functions = new Map<string, RouteFunction>();
    const preflighted = new Set<apigateway.IResource>();
    for (const route of props.routes) {
      const routeFunction = this.addRouteFunction(route, props);
      functions.set(route.id, routeFunction);
      const resource = this.restApi.root.resourceForPath(route.path);
      // Browser routes only: bank routes are called by back-office systems with SigV4, never
      // from the portal, so they answer no preflight.
      if (props.portalOrigin && route.access !== 'bank' && !preflighted.has(resource)) {
        preflighted.add(resource);
        acknowledgePreflight(resource.addCorsPreflight(corsPreflight(props.portalOrigin)));
      }
      const method = resource.addMethod(
        route.method,
        new apigateway.AwsIntegration({
          proxy: true,
          service: 'lambda',
          path: `2015-03-31/functions/${routeFunction.invokable.functionArn}/invocations`,
        }),
        {
          operationName: route.id,
          authorizationType:
            route.access === 'bank' ? apigateway.AuthorizationType.IAM : apigateway.AuthorizationType.NONE,
          requestValidator: validator,
          requestParameters: pathParameters(route.path),
        },
      );
      acknowledgeAuthorization(method, route);
      // Only the deployed stage's method may invoke the function (no test invoke). The permission
      // lives beside the function, in its route area's nested stack.
      routeFunction.invokable.addPermission('ApiInvoke', {
        principal: new iam.ServicePrincipal('apigateway.amazonaws.com'),
        sourceArn: this.restApi.arnForExecuteApi(
          route.method,
          route.path.replace(/\{\w+\}/g, '*'),
          config.stage,
        ),
      });
    }
    this.functions = functions;
  }

  /**
   * The nested stack that holds a route's function, role, policy, log group, metric filters and
   * invoke permission: one per route area, so the routes' resources count against the nested
   * stacks' own 500-resource limits, not the stage stack's.
   */
  private routeScope(route: RouteDefinition): Construct {
    const area = routeArea(route);
    const id = `${area.charAt(0).toUpperCase()}${area.slice(1)}Routes`;
    const existing = this.node.tryFindChild(id);
    if (existing) return existing;
    return new NestedStack(this, id, {
      description: `Corporate banking administration, ${area} routes (${this.stage})`,
    });
  }

  private addRouteFunction(route: RouteDefinition, props: ApiProps): RouteFunction {
    const { config, table, mail, masterKey, ipSets } = props;
    const routeFunction = new RouteFunction(this.routeScope(route), route.id, {
      route,
      projectRoot: props.projectRoot,
      environment: functionEnvironment(config, {
        tableName: table.table.tableName,
        portalOrigin: props.portalOrigin,
        mail: sendsMail(route)
          ? {
              fromAddress: mail.fromAddress,
              configurationSetName: mail.configurationSet.configurationSetName,
            }
          : undefined,
        secretsArn: usesDerivedKeys(route) ? masterKey.secret.secretArn : undefined,
        wafIpSets: route.wafIpSets ? ipSets.refs : undefined,
      }),
      logRetention: config.logRetentionDays,
      removalPolicy: keptResourcePolicy(config),
      reservedConcurrency: route.id === loginRouteId ? config.loginReservedConcurrency : undefined,
      provisionedConcurrency: provisionedRouteIds.has(route.id as RouteId)
        ? config.loginProvisionedConcurrency
        : undefined,
      secretsExtension: usesDerivedKeys(route) ? masterKey.extension : undefined,
    });
    const fn = routeFunction.function;
    // A read-only session route still refreshes or ends the session (shared/data/table-access.ts).
    table.grantRoute(fn, tableGrants(route));
    if (sendsMail(route)) mail.grantSend(fn);
    if (usesDerivedKeys(route)) masterKey.grantRead(fn);
    if (route.wafIpSets) ipSets.grant(fn, route.wafIpSets);
    return routeFunction;
  }
}

/** Records, on a CORS preflight (OPTIONS, a mock integration), why it has no authorization. */
function acknowledgePreflight(method: apigateway.Method): void {
  const reason = 'CORS preflight carries no credentials and reaches no function.';
  Validations.of(method).acknowledge(
    { id: 'AwsSolutions-APIG4', reason },
    { id: 'AwsSolutions-COG4', reason },
  );
}

/** Records, on the method itself, why it has no Cognito (and, for non-bank routes, no gateway) authorizer. */
function acknowledgeAuthorization(method: apigateway.Method, route: RouteDefinition): void {
  Validations.of(method).acknowledge({
    id: 'AwsSolutions-COG4',
    reason:
      'Users are not in Cognito: bank routes use IAM (SigV4) authorization of back-office principals; ' +
      'company users log in with company code, user code and password against the table and receive a ' +
      'signed session token that the handler verifies.',
  });
  if (route.access !== 'bank') {
    Validations.of(method).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        `Access "${route.access}": ` +
        (route.access === 'public'
          ? 'a login-screen route, callable before authentication by design (rate limited by WAF).'
          : 'the handler verifies a signed, short-lived token (one algorithm, aud/iss/exp checked) and reads ' +
            'the session or challenge item for revocation and the idle timeout; it needs that item anyway, so a ' +
            'Lambda authorizer would only add a second invocation and a second read to every request.'),
    });
  }
}
