import { CfnOutput, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

/** Props of the mail sender. */
export interface MailProps {
  /** The verified SES domain identity (Easy DKIM). */
  readonly identityDomain: string;
  /** The only From address functions may send as. */
  readonly fromAddress: string;
  /** The public zone of the domain: the stack writes the DKIM records there. Else they are outputs. */
  readonly hostedZone?: { readonly id: string; readonly name: string };
}

/** How many DKIM CNAME records SES Easy DKIM asks for. */
export const dkimRecordCount = 3;

/**
 * SES v2 sending for generic passwords: the domain identity and a configuration set that
 * refuses to deliver over plain text (TLS required) and records reputation metrics.
 */
export class Mail extends Construct {
  /** The domain identity the From address belongs to. */
  readonly identity: ses.EmailIdentity;
  /** Applied to every message (functions pass its name as SES_CONFIGURATION_SET). */
  readonly configurationSet: ses.ConfigurationSet;
  /** The From address functions send as. */
  readonly fromAddress: string;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    this.fromAddress = props.fromAddress;
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      // Generic passwords must never cross the Internet unencrypted: no TLS, no delivery.
      tlsPolicy: ses.ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    // Sends, deliveries, bounces and complaints as CloudWatch metrics of this configuration set
    // (SES tags every message with `ses:configuration-set`), for the bounce and complaint alarms.
    this.configurationSet.addEventDestination('Metrics', {
      destination: ses.EventDestination.cloudWatchDimensions([
        {
          name: 'ses:configuration-set',
          source: ses.CloudWatchDimensionSource.MESSAGE_TAG,
          defaultValue: 'none',
        },
      ]),
      events: [
        ses.EmailSendingEvent.SEND,
        ses.EmailSendingEvent.DELIVERY,
        ses.EmailSendingEvent.BOUNCE,
        ses.EmailSendingEvent.COMPLAINT,
        ses.EmailSendingEvent.REJECT,
      ],
    });
    this.identity = new ses.EmailIdentity(this, 'Identity', {
      identity: ses.Identity.domain(props.identityDomain),
      configurationSet: this.configurationSet,
    });
    // SES verifies the domain (and signs with DKIM) once these three CNAME records resolve. With
    // the domain's zone, the stack writes them; the outputs always show them, for the operator
    // to publish elsewhere or to check (docs/deploy.md, step 4).
    for (const [index, record] of this.identity.dkimRecords.entries()) {
      const n = index + 1;
      if (props.hostedZone) {
        new route53.CfnRecordSet(this, `DkimRecord${n}`, {
          hostedZoneId: props.hostedZone.id,
          name: record.name,
          type: 'CNAME',
          ttl: '1800',
          resourceRecords: [record.value],
        });
      }
      new CfnOutput(this, `Dkim${n}`, {
        description: `DKIM record ${n} of ${dkimRecordCount} of ${props.identityDomain}: CNAME name, then value`,
        value: `${record.name} CNAME ${record.value}`,
      });
    }
  }

  /** The configuration set's ARN (the L2 construct does not expose one). */
  get configurationSetArn(): string {
    return Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });
  }

  /** Lets the function send e-mail from the configured address, through this identity and configuration set only. */
  grantSend(fn: iam.IGrantable): void {
    fn.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [this.identity.emailIdentityArn, this.configurationSetArn],
        conditions: { StringEquals: { 'ses:FromAddress': this.fromAddress } },
      }),
    );
  }
}
