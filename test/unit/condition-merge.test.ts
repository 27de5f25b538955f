import { describe, expect, it } from 'vitest';
import { foldConfirmationChecks } from '../../shared/data/condition-merge.ts';

const userKey = { pk: 'COMPANY#C', sk: 'USER#U' };
const versionCheck = {
  ConditionCheck: {
    TableName: 't',
    Key: userKey,
    ConditionExpression: '#version = :version',
    ExpressionAttributeNames: { '#version': 'version' },
    ExpressionAttributeValues: { ':version': 4 },
  },
};
const otpItem = {
  Update: { TableName: 't', Key: { pk: 'COMPANY#C', sk: 'USER#A' }, UpdateExpression: 'SET x = :x' },
};

describe('foldConfirmationChecks (dual control: the target version rides in the change itself)', () => {
  it('ANDs a check on an item the transaction writes into that write, and drops it from the confirmation', () => {
    // Prepare
    const write = {
      Update: {
        TableName: 't',
        Key: userKey,
        UpdateExpression: 'SET #state = :state',
        ConditionExpression: '#version = :expected',
        ExpressionAttributeNames: { '#state': 'state', '#version': 'version' },
        ExpressionAttributeValues: { ':state': 'DISABLED', ':expected': 4 },
      },
    };
    const pending = { items: [versionCheck, otpItem], marker: 'kept' };

    // Act
    const folded = foldConfirmationChecks([write], pending);

    // Assess
    expect(folded.items[0]?.Update?.ConditionExpression).toBe(
      '(#version = :expected) AND (#dc0version = :dc0version)',
    );
    expect(folded.items[0]?.Update?.ExpressionAttributeNames).toMatchObject({ '#dc0version': 'version' });
    expect(folded.items[0]?.Update?.ExpressionAttributeValues).toMatchObject({
      ':dc0version': 4,
      ':expected': 4,
    });
    expect(folded.pending.items).toEqual([otpItem]);
    expect(folded.pending.marker).toBe('kept');
  });

  it('leaves both lists as they are when no check names a written item', () => {
    const write = { Put: { TableName: 't', Item: { pk: 'CHANGES#C', sk: 'X' } } };
    const pending = { items: [versionCheck] };
    const folded = foldConfirmationChecks([write], pending);
    expect(folded.items).toEqual([write]);
    expect(folded.pending).toBe(pending);
  });
});
