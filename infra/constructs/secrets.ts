import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/** Props of the master-key secret. */
export interface MasterKeyProps {
  /** Keep the secret and its key when the stack is deleted. */
  readonly retainData: boolean;
}

/**
 * The master key from which shared/auth/secrets.ts derives the session-signing, decoy and
 * soft-token encryption keys. Secrets Manager generates it at deploy time, so it never exists
 * in code, the repository, the template or an environment variable; functions receive only
 * the secret's ARN and read it through the Parameters and Secrets Lambda extension.
 */
export class MasterKey extends Construct {
  /** The secret, a JSON object `{ "masterKey": "<64 random characters>" }`. */
  readonly secret: secretsmanager.Secret;
  /** The customer-managed key that encrypts the secret. */
  readonly key: kms.Key;
  /** The extension layer (ARM64, cached) that serves the secret to functions over localhost. */
  readonly extension: lambda.ParamsAndSecretsLayerVersion;

  constructor(scope: Construct, id: string, props: MasterKeyProps) {
    super(scope, id);
    const removalPolicy = props.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    this.key = new kms.Key(this, 'Key', {
      description: 'Encrypts the corporate banking administration master-key secret',
      enableKeyRotation: true,
      removalPolicy,
      pendingWindow: Duration.days(props.retainData ? 30 : 7),
    });
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description: 'Master key of the corporate banking administration module (HKDF input)',
      encryptionKey: this.key,
      removalPolicy,
      generateSecretString: {
        // The field name is the one shared/auth/secrets.ts reads.
        secretStringTemplate: '{}',
        generateStringKey: 'masterKey',
        passwordLength: 64,
        excludePunctuation: true,
      },
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'No automatic rotation: the soft-token secrets stored in the table are encrypted with a key derived ' +
        'from this master key, and sessions are signed with another, so replacing it would make the stored ' +
        'token secrets undecryptable and end every session. Rotation first needs key versions and a ' +
        're-encryption step, which do not exist yet.',
    });
    this.extension = lambda.ParamsAndSecretsLayerVersion.fromVersion(
      lambda.ParamsAndSecretsVersions.V1_0_103,
      {
        cacheEnabled: true,
        cacheSize: 10,
        secretsManagerTtl: Duration.minutes(5),
      },
    );
  }

  /** Lets the function read the master key (and decrypt it, through Secrets Manager only). */
  grantRead(fn: iam.IGrantable): void {
    fn.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [this.secret.secretArn],
      }),
    );
    fn.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [this.key.keyArn],
        conditions: {
          StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com` },
        },
      }),
    );
  }
}
