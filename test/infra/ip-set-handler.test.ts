import {
  CreateIPSetCommand,
  DeleteIPSetCommand,
  GetIPSetCommand,
  UpdateIPSetCommand,
  WAFNonexistentItemException,
  WAFV2Client,
} from '@aws-sdk/client-wafv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { applyRequest, type CustomResourceEvent, respond } from '../../infra/custom-resources/ip-set.ts';

const waf = mockClient(WAFV2Client);
const client = new WAFV2Client({ region: 'us-east-1' });

const properties = {
  Name: 'corporate-banking-admin-prod-allowed-ipv4-1a2b3c4d',
  Scope: 'REGIONAL',
  IPAddressVersion: 'IPV4',
  Description: 'Bank-wide allowed IPV4 addresses',
  InitialAddresses: ['0.0.0.0/1', '128.0.0.0/1'],
} as const;

const event = (overrides: Partial<CustomResourceEvent>): CustomResourceEvent => ({
  RequestType: 'Create',
  ResponseURL: 'https://cloudformation-custom-resource-response.example/put',
  StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/CorporateBankingAdmin-prod/1a2b3c4d-0000',
  RequestId: 'request-1',
  LogicalResourceId: 'BankIpSetsAllowedIPV4',
  ResourceProperties: properties,
  ...overrides,
});

const physicalId = `${properties.Name}|set-id-1|REGIONAL`;
const arn = `arn:aws:wafv2:us-east-1:123456789012:regional/ipset/${properties.Name}/set-id-1`;

beforeEach(() => {
  waf.reset();
  waf.on(CreateIPSetCommand).resolves({ Summary: { Name: properties.Name, Id: 'set-id-1', ARN: arn } });
  waf.on(GetIPSetCommand).resolves({ IPSet: { ARN: arn } as never, LockToken: 'lock-1' });
});

describe('IP-set custom resource: the addresses are not under CloudFormation', () => {
  it('creates the set with its initial addresses, answering name|id|scope and the ARN', async () => {
    // Act
    const result = await applyRequest(client, event({}));

    // Assess
    expect(waf.commandCalls(CreateIPSetCommand)[0]?.args[0].input).toEqual({
      Name: properties.Name,
      Scope: 'REGIONAL',
      IPAddressVersion: 'IPV4',
      Description: properties.Description,
      Addresses: ['0.0.0.0/1', '128.0.0.0/1'],
    });
    expect(result).toEqual({
      physicalResourceId: physicalId,
      data: { Arn: arn, Id: 'set-id-1', Name: properties.Name },
    });
  });

  it('never writes the addresses on a stack update, even when the initial addresses or description change', async () => {
    // Act
    const result = await applyRequest(
      client,
      event({
        RequestType: 'Update',
        PhysicalResourceId: physicalId,
        ResourceProperties: { ...properties, Description: 'changed', InitialAddresses: [] },
        OldResourceProperties: properties,
      }),
    );

    // Assess
    expect(waf.commandCalls(UpdateIPSetCommand)).toEqual([]);
    expect(waf.commandCalls(CreateIPSetCommand)).toEqual([]);
    expect(result.physicalResourceId).toBe(physicalId);
    expect(result.data?.Arn).toBe(arn);
  });

  it('creates a new set when the name changes (CloudFormation then deletes the old one)', async () => {
    // Act
    await applyRequest(
      client,
      event({
        RequestType: 'Update',
        PhysicalResourceId: physicalId,
        ResourceProperties: { ...properties, Name: `${properties.Name}-2` },
        OldResourceProperties: properties,
      }),
    );

    // Assess
    expect(waf.commandCalls(CreateIPSetCommand)).toHaveLength(1);
    expect(waf.commandCalls(UpdateIPSetCommand)).toEqual([]);
  });

  it('deletes the set with its current lock token, and treats a set already gone as deleted', async () => {
    // Act
    await applyRequest(client, event({ RequestType: 'Delete', PhysicalResourceId: physicalId }));
    waf.on(GetIPSetCommand).rejects(new WAFNonexistentItemException({ message: 'gone', $metadata: {} }));
    const gone = applyRequest(client, event({ RequestType: 'Delete', PhysicalResourceId: physicalId }));

    // Assess
    expect(waf.commandCalls(DeleteIPSetCommand)[0]?.args[0].input).toEqual({
      Name: properties.Name,
      Id: 'set-id-1',
      Scope: 'REGIONAL',
      LockToken: 'lock-1',
    });
    await expect(gone).resolves.toEqual({ physicalResourceId: physicalId });
  });

  it('deletes nothing for a create that failed (its physical id is not a set)', async () => {
    // Act
    const result = await applyRequest(
      client,
      event({ RequestType: 'Delete', PhysicalResourceId: 'BankIpSetsAllowedIPV4' }),
    );

    // Assess
    expect(waf.calls()).toEqual([]);
    expect(result.physicalResourceId).toBe('BankIpSetsAllowedIPV4');
  });

  it('answers CloudFormation on the pre-signed URL, with the failure reason when it failed', async () => {
    // Arrange
    const sent: { url: string; body: Record<string, unknown> }[] = [];
    const put = (async (url: string, init: { body: string }) => {
      sent.push({ url, body: JSON.parse(init.body) });
      return new Response(null, { status: 200 });
    }) as unknown as typeof fetch;

    // Act
    await respond(event({}), { ok: false, reason: 'AccessDenied' }, put);

    // Assess
    expect(sent).toEqual([
      {
        url: 'https://cloudformation-custom-resource-response.example/put',
        body: expect.objectContaining({
          Status: 'FAILED',
          Reason: 'AccessDenied',
          PhysicalResourceId: 'BankIpSetsAllowedIPV4',
          RequestId: 'request-1',
        }),
      },
    ]);
  });
});
