import { spawnSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import * as path from 'node:path';
import { AssetHashType, Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { RouteDefinition } from '../../shared/routes.ts';
import { findCachedBundle } from '../bundle-cache.ts';

/**
 * The runtime every function runs on (Node.js 22 support ends 2027-04-30). The bundle's syntax
 * target stays node22 (`infra/bundling.ts`), which Node.js 24 runs and so do the machines' Node 20.
 * Its `crypto.argon2` (from 24.7) hashes passwords with nothing native in the bundle
 * (`shared/domain/password-hash.ts`).
 */
export const functionRuntime = lambda.Runtime.NODEJS_24_X;

/** Sizing when the route table gives none (bench figures replace these per route). */
export const defaultMemoryMb = 512;
export const defaultTimeoutSeconds = 10;

/**
 * The handler bundled by the project's own bundler (`infra/bundling.ts`, the one
 * `npm run bench` measures: ESM for Node 24, minified, the AWS SDK inside, source maps, and
 * the esbuild plugin CDK's NodejsFunction could not run). It bundles locally, in a child
 * process (CDK bundles synchronously, esbuild plugins need its asynchronous API); the asset is
 * hashed from the bundle, so a change anywhere in the code a function bundles redeploys it.
 * A bundle the cache holds for the same content (`infra/bundle-cache.ts`) is copied instead.
 */
export function bundledCode(projectRoot: string, handler: string): lambda.Code {
  return lambda.Code.fromAsset(projectRoot, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      image: functionRuntime.bundlingImage,
      // Never run (there is no Docker bundling), but it names the entry: CDK caches bundles by
      // their options, and without it every function would get the first function's bundle.
      command: [
        'sh',
        '-c',
        `echo "bundle ${handler} where Node.js and the project are installed" >&2; exit 1`,
      ],
      local: {
        tryBundle(outputDir) {
          const cached = findCachedBundle(handler);
          if (cached) {
            cpSync(cached.dir, outputDir, { recursive: true });
            return true;
          }
          const bundled = spawnSync(
            process.execPath,
            ['--import', 'tsx', path.join(projectRoot, 'infra', 'bundle-function.ts'), handler, outputDir],
            { cwd: projectRoot, stdio: ['ignore', 'inherit', 'inherit'] },
          );
          if (bundled.status !== 0) throw new Error(`bundling ${handler} failed (exit ${bundled.status})`);
          return true;
        },
      },
    },
  });
}

/** Props of one route's function. */
export interface RouteFunctionProps {
  readonly route: RouteDefinition;
  /** The repository root: route handlers are relative to it. */
  readonly projectRoot: string;
  readonly environment: Record<string, string>;
  readonly logRetention: logs.RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  readonly reservedConcurrency?: number;
  /** Pre-initialized execution environments, served through a `live` alias that API Gateway invokes. */
  readonly provisionedConcurrency?: number;
  /** The Parameters and Secrets extension, for functions that read the master key. */
  readonly secretsExtension?: lambda.ParamsAndSecretsLayerVersion;
}

/**
 * One route's Lambda function: the handler module bundled by esbuild (ESM, minified, source
 * maps), ARM64, active tracing, its own log group and its own role, which may only write to
 * that log group and send traces until the API grants the rest from the route table.
 */
export class RouteFunction extends Construct {
  /** The function; grant to it, not to the role directly. */
  readonly function: lambda.Function;
  /** What API Gateway invokes: the `live` alias when provisioned concurrency is on, else the function. */
  readonly invokable: lambda.IFunction;
  /** The function's own log group (metric filters read it). */
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: RouteFunctionProps) {
    super(scope, id);
    const { route } = props;

    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.logGroup = logGroup;
    // Our own role instead of the default one with the AWS-managed AWSLambdaBasicExecutionRole,
    // whose log permissions cover every log group in the account.
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs ${route.method} ${route.path}`,
    });
    logGroup.grantWrite(role);

    this.function = new lambda.Function(this, 'Function', {
      code: bundledCode(props.projectRoot, route.handler),
      handler: 'index.handler',
      description: `${route.method} ${route.path} (${route.id})`,
      runtime: functionRuntime,
      architecture: lambda.Architecture.ARM_64,
      memorySize: route.memoryMb ?? defaultMemoryMb,
      timeout: Duration.seconds(route.timeoutSeconds ?? defaultTimeoutSeconds),
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      role,
      environment: props.environment,
      reservedConcurrentExecutions: props.reservedConcurrency,
      paramsAndSecrets: props.secretsExtension,
    });

    // Provisioned concurrency attaches to a version; the alias follows each deployment's new version.
    this.invokable = props.provisionedConcurrency
      ? new lambda.Alias(this, 'Live', {
          aliasName: 'live',
          version: this.function.currentVersion,
          provisionedConcurrentExecutions: props.provisionedConcurrency,
        })
      : this.function;

    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords do not support ' +
        'resource-level permissions, so AWS requires Resource "*". Every other statement names its resource.',
    });
    Validations.of(this.function).acknowledge(
      {
        id: 'AwsSolutions-L1',
        reason:
          'Node.js 24 is the runtime chosen for this release (`npm run bench` loads the bundles on a Node 24 ' +
          'binary); a newer runtime is a deliberate upgrade of `functionRuntime`, not a silent default.',
      },
      {
        id: 'Serverless-LambdaLatestVersion',
        reason:
          'Same as AwsSolutions-L1: Node.js 24 is the chosen runtime; an upgrade is a deliberate change.',
      },
      {
        id: 'Serverless-LambdaDLQ',
        reason:
          'API Gateway invokes the function synchronously and returns its error to the caller; a dead-letter ' +
          'queue only receives failed asynchronous invocations, which this function never gets.',
      },
    );
  }
}
