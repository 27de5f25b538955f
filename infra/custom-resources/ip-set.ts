import {
  CreateIPSetCommand,
  DeleteIPSetCommand,
  GetIPSetCommand,
  type IPAddressVersion,
  type Scope,
  WAFNonexistentItemException,
  WAFV2Client,
} from '@aws-sdk/client-wafv2';

/**
 * The CloudFormation custom resource that owns one bank-wide WAF IP set, without owning its
 * addresses: it creates the set with its initial addresses, and afterwards never writes them.
 * The bank routes replace the addresses at run time (shared/data/waf-ip-sets.ts); an
 * `AWS::WAFv2::IPSet` would write the template's addresses back on any update of its own
 * properties (a tag, a description), silently resetting the bank's lists.
 */

/** The resource's properties, as the template gives them (CloudFormation passes strings). */
export interface IpSetProperties {
  readonly Name: string;
  readonly Scope: Scope;
  readonly IPAddressVersion: IPAddressVersion;
  readonly Description: string;
  /** Written on creation only. */
  readonly InitialAddresses?: readonly string[];
}

/** The part of a CloudFormation custom-resource request this handler reads. */
export interface CustomResourceEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly ResponseURL: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: IpSetProperties & { readonly ServiceToken?: string };
  readonly OldResourceProperties?: IpSetProperties;
}

/** What the resource answers: its physical id (`name|id|scope`, the functions' reference) and attributes. */
export interface IpSetResult {
  readonly physicalResourceId: string;
  readonly data?: { readonly Arn: string; readonly Id: string; readonly Name: string };
}

/** `name|id|scope`, the reference shared/data/waf-ip-sets.ts parses. */
const physicalIdOf = (name: string, id: string, scope: string) => `${name}|${id}|${scope}`;

const parsePhysicalId = (
  physicalId: string | undefined,
): { name: string; id: string; scope: Scope } | undefined => {
  const [name, id, scope] = physicalId?.split('|') ?? [];
  return name && id && (scope === 'REGIONAL' || scope === 'CLOUDFRONT') ? { name, id, scope } : undefined;
};

/** The properties that identify the set: changing one creates a new set (CloudFormation deletes the old). */
const sameIdentity = (a: IpSetProperties, b: IpSetProperties | undefined) =>
  b !== undefined && a.Name === b.Name && a.Scope === b.Scope && a.IPAddressVersion === b.IPAddressVersion;

async function create(client: WAFV2Client, props: IpSetProperties): Promise<IpSetResult> {
  const created = await client.send(
    new CreateIPSetCommand({
      Name: props.Name,
      Scope: props.Scope,
      IPAddressVersion: props.IPAddressVersion,
      Description: props.Description,
      Addresses: [...(props.InitialAddresses ?? [])],
    }),
  );
  const summary = created.Summary;
  if (!summary?.Id || !summary.ARN || !summary.Name) throw new Error('CreateIPSet returned no summary');
  return {
    physicalResourceId: physicalIdOf(summary.Name, summary.Id, props.Scope),
    data: { Arn: summary.ARN, Id: summary.Id, Name: summary.Name },
  };
}

/** Applies one request to WAF; never writes the addresses of an existing set. */
export async function applyRequest(client: WAFV2Client, event: CustomResourceEvent): Promise<IpSetResult> {
  const props = event.ResourceProperties;
  if (event.RequestType === 'Create') return create(client, props);
  const existing = parsePhysicalId(event.PhysicalResourceId);
  if (event.RequestType === 'Update') {
    if (!existing || !sameIdentity(props, event.OldResourceProperties)) return create(client, props);
    // Same set: read it for its attributes, and leave its addresses (and description) as they are.
    const found = await client.send(
      new GetIPSetCommand({ Name: existing.name, Id: existing.id, Scope: existing.scope }),
    );
    const arn = found.IPSet?.ARN;
    if (!arn) throw new Error(`IP set ${existing.name} not found`);
    return {
      physicalResourceId: event.PhysicalResourceId as string,
      data: { Arn: arn, Id: existing.id, Name: existing.name },
    };
  }
  // Delete: a create that failed has no set to delete (its physical id is not ours).
  if (!existing) return { physicalResourceId: event.PhysicalResourceId ?? event.LogicalResourceId };
  try {
    const found = await client.send(
      new GetIPSetCommand({ Name: existing.name, Id: existing.id, Scope: existing.scope }),
    );
    await client.send(
      new DeleteIPSetCommand({
        Name: existing.name,
        Id: existing.id,
        Scope: existing.scope,
        LockToken: found.LockToken,
      }),
    );
  } catch (error) {
    if (!(error instanceof WAFNonexistentItemException)) throw error;
  }
  return { physicalResourceId: event.PhysicalResourceId as string };
}

/** Sends CloudFormation the outcome (a PUT to the pre-signed URL of the request). */
export async function respond(
  event: CustomResourceEvent,
  outcome: { ok: true; result: IpSetResult } | { ok: false; reason: string },
  put: typeof fetch = fetch,
): Promise<void> {
  const body = JSON.stringify({
    Status: outcome.ok ? 'SUCCESS' : 'FAILED',
    Reason: outcome.ok ? 'OK' : outcome.reason.slice(0, 1000),
    PhysicalResourceId: outcome.ok
      ? outcome.result.physicalResourceId
      : (event.PhysicalResourceId ?? event.LogicalResourceId),
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    ...(outcome.ok && outcome.result.data ? { Data: outcome.result.data } : {}),
  });
  const answer = await put(event.ResponseURL, {
    method: 'PUT',
    headers: { 'content-type': '', 'content-length': String(Buffer.byteLength(body)) },
    body,
  });
  if (!answer.ok) throw new Error(`CloudFormation refused the response: ${answer.status}`);
}

let client: WAFV2Client | undefined;

/** The Lambda entry point CloudFormation invokes. */
export async function handler(event: CustomResourceEvent): Promise<void> {
  client ??= new WAFV2Client({});
  try {
    const result = await applyRequest(client, event);
    await respond(event, { ok: true, result });
  } catch (error) {
    console.error(
      JSON.stringify({
        message: 'ip set request failed',
        requestType: event.RequestType,
        error: String(error),
      }),
    );
    await respond(event, { ok: false, reason: String(error) });
  }
}
