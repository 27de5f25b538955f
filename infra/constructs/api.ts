import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { RouteDefinition, RouteId } from '../../shared/routes.ts';
import { functionEnvironment } from '../config/environment.ts';
import type { StageConfig } from '../config/stages.ts';
import type { Mail } from './mail.ts';
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
}

/**
 * Bank back-office routes need no derived keys (IAM authenticates the caller); every other
 * route either issues or verifies session/challenge tokens or uses the anti-phishing decoy key.
 */
const usesDerivedKeys = (route: RouteDefinition) => route.access !== 'bank';

/** Routes whose caller is authenticated by a session, whose last-seen time every request refreshes. */
const refreshesSession = (route: RouteDefinition) =>
  route.access === 'session' || route.access === 'companyAdmin';

/** The route credential stuffing targets, whose function gets the stage's reserved concurrency. */
export const loginRouteId: RouteId = 'login';

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

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const { config } = props;
    const removalPolicy = config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: config.logRetentionDays,
      removalPolicy,
    });

    this.restApi = new apigateway.RestApi(this, 'RestApi', {
      description: `Corporate banking administration (${config.stage})`,
      endpointTypes: [apigateway.EndpointType.REGIONAL],
      // The account-wide API Gateway logging role is a regional singleton; an application
      // stack must not own it (see the APIG6 acknowledgement below).
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

    // Bodies are validated by the handlers' zod schemas (the one source of truth); the gateway
    // rejects requests missing a declared parameter before a function is invoked.
    const validator = this.restApi.addRequestValidator('RequestValidator', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });

    const functions = new Map<string, RouteFunction>();
    for (const route of props.routes) {
      const routeFunction = this.addRouteFunction(route, props);
      functions.set(route.id, routeFunction);
      const method = this.restApi.root.resourceForPath(route.path).addMethod(
        route.method,
        // No test-invoke permission: only the deployed stage may invoke the function.
        new apigateway.LambdaIntegration(routeFunction.function, { proxy: true, allowTestInvoke: false }),
        {
          operationName: route.id,
          authorizationType:
            route.access === 'bank' ? apigateway.AuthorizationType.IAM : apigateway.AuthorizationType.NONE,
          requestValidator: validator,
          requestParameters: pathParameters(route.path),
        },
      );
      acknowledgeAuthorization(method, route);
    }
    this.functions = functions;

    Validations.of(this.restApi.deploymentStage).acknowledge(
      {
        id: 'AwsSolutions-APIG3',
        reason:
          'The WAFv2 web ACL (managed rule groups, rate limits from the stage configuration, bank IP rules) ' +
          'is the firewall construct of the next issue; the API is REGIONAL so that it can attach to this stage.',
      },
      {
        id: 'AwsSolutions-APIG6',
        reason:
          'Execution logging needs the account-wide API Gateway CloudWatch role, a regional singleton owned ' +
          'by the account baseline, not by an application stack (@aws-cdk/aws-apigateway:disableCloudWatchRole). ' +
          'Every request is logged by the JSON access log, including gateway and integration error messages.',
      },
    );
  }

  private addRouteFunction(route: RouteDefinition, props: ApiProps): RouteFunction {
    const { config, table, mail, masterKey } = props;
    const routeFunction = new RouteFunction(this, route.id, {
      route,
      projectRoot: props.projectRoot,
      environment: functionEnvironment(config, {
        tableName: table.table.tableName,
        mail: route.sendsMail
          ? {
              fromAddress: mail.fromAddress,
              configurationSetName: mail.configurationSet.configurationSetName,
            }
          : undefined,
        secretsArn: usesDerivedKeys(route) ? masterKey.secret.secretArn : undefined,
      }),
      logRetention: config.logRetentionDays,
      removalPolicy: config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      reservedConcurrency: route.id === loginRouteId ? config.loginReservedConcurrency : undefined,
      secretsExtension: usesDerivedKeys(route) ? masterKey.extension : undefined,
    });
    const fn = routeFunction.function;
    if (route.table === 'write') table.grantWrite(fn);
    else table.grantRead(fn);
    // A read-only route still writes the session's last-seen time (shared/auth/authenticate.ts).
    if (route.table === 'read' && refreshesSession(route)) table.grantSessionTouch(fn);
    if (route.sendsMail) mail.grantSend(fn);
    if (usesDerivedKeys(route)) masterKey.grantRead(fn);
    return routeFunction;
  }
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
