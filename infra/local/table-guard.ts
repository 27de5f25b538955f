import { AsyncLocalStorage } from 'node:async_hooks';
import { type AttributeValue, type DynamoDBClient, DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import { localClientHooks } from '../../shared/data/client.ts';
import { tableDefinition } from '../../shared/data/table.ts';
import { type TableDeny, type TableGrant, tableDenies, tableGrants } from '../../shared/data/table-access.ts';
import type { RouteDefinition } from '../../shared/routes.ts';

/**
 * The local stand-in for each function's IAM role: every DynamoDB call made while a route's
 * handler runs is checked against that route's statements (`tableGrants`, the data CDK turns
 * into the role's policy), and a call no statement allows fails with the AccessDeniedException
 * AWS would return, before it reaches DynamoDB Local. Calls made outside a route (test set-up,
 * seeding) are not checked: they are not made by a function.
 *
 * Evaluation follows IAM for the condition keys the statements use: `dynamodb:LeadingKeys`
 * (the partition-key values the request touches), `dynamodb:Attributes` (the top-level
 * attributes it names, keys included) and `dynamodb:ReturnValues`; a multi-item request
 * (transaction, batch) is allowed only if each of its items is.
 */

type Item = Record<string, AttributeValue>;

/** One authorization IAM makes for a call: the action, on which resource, with which condition values. */
export interface TableRequest {
  readonly action: string;
  readonly tableName: string;
  readonly indexName?: string;
  readonly leadingKeys: readonly string[];
  readonly attributes: readonly string[];
  readonly returnValues?: string;
}

const calling = new AsyncLocalStorage<RouteDefinition>();

/** Runs `work` (a handler's invocation) as the function of `route`: its DynamoDB calls are guarded. */
export function asRoute<T>(route: RouteDefinition, work: () => T): T {
  return calling.run(route, work);
}

const EXPRESSION_WORDS = new Set(['SET', 'REMOVE', 'ADD', 'DELETE', 'AND', 'OR', 'NOT', 'BETWEEN', 'IN']);

/** The top-level attribute names an expression uses (`#name` resolved; functions, keywords and values left out). */
export function expressionAttributes(
  expression: string | undefined,
  names: Record<string, string> = {},
): string[] {
  if (!expression) return [];
  const found: string[] = [];
  for (const match of expression.matchAll(/(^|[^.\w#:])(#?[A-Za-z_]\w*)(\s*\()?/g)) {
    const [, , token, call] = match;
    if (!token || call || EXPRESSION_WORDS.has(token.toUpperCase())) continue;
    found.push(token.startsWith('#') ? (names[token] ?? token) : token);
  }
  return found;
}

const partitionKeyOf = (indexName?: string): string =>
  indexName
    ? (tableDefinition.globalSecondaryIndexes.find((index) => index.indexName === indexName)?.partitionKey ??
      tableDefinition.partitionKey)
    : tableDefinition.partitionKey;

const stringOf = (value: AttributeValue | undefined): string | undefined => value?.S ?? value?.N ?? undefined;

/** The partition-key value a query's key condition names (`pk = :v` or `#n = :v`). */
function queryLeadingKeys(input: Record<string, unknown>): string[] {
  const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (input.ExpressionAttributeValues ?? {}) as Item;
  const key = partitionKeyOf(input.IndexName as string | undefined);
  for (const [, name, value] of String(input.KeyConditionExpression ?? '').matchAll(
    /(#?\w+)\s*=\s*(:\w+)/g,
  )) {
    const resolved = name?.startsWith('#') ? names[name] : name;
    const found = value ? stringOf(values[value]) : undefined;
    if (resolved === key && found !== undefined) return [found];
  }
  return [];
}

interface ItemCall {
  TableName?: string;
  Key?: Item;
  Item?: Item;
  UpdateExpression?: string;
  ConditionExpression?: string;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ReturnValues?: string;
}

/** One item-level request (GetItem, PutItem, UpdateItem, DeleteItem, ConditionCheckItem). */
function itemRequest(action: string, call: ItemCall): TableRequest {
  const item = call.Key ?? call.Item ?? {};
  const names = call.ExpressionAttributeNames;
  const leading = stringOf(item[tableDefinition.partitionKey]);
  return {
    action,
    tableName: call.TableName ?? '',
    leadingKeys: leading === undefined ? [] : [leading],
    attributes: [
      ...new Set([
        ...Object.keys(item),
        ...expressionAttributes(call.UpdateExpression, names),
        ...expressionAttributes(call.ConditionExpression, names),
        ...expressionAttributes(call.ProjectionExpression, names),
      ]),
    ],
    ...(call.ReturnValues ? { returnValues: call.ReturnValues } : {}),
  };
}

/** The authorizations IAM makes for one DynamoDB command (a transaction or batch: one per item). */
export function tableRequests(commandName: string, input: Record<string, unknown>): TableRequest[] {
  const operation = commandName.replace(/Command$/, '');
  switch (operation) {
    case 'GetItem':
    case 'PutItem':
    case 'UpdateItem':
    case 'DeleteItem':
      return [itemRequest(`dynamodb:${operation}`, input as ItemCall)];
    case 'Query':
      return [
        {
          action: 'dynamodb:Query',
          tableName: String(input.TableName ?? ''),
          ...(input.IndexName ? { indexName: String(input.IndexName) } : {}),
          leadingKeys: queryLeadingKeys(input),
          attributes: [],
        },
      ];
    case 'BatchGetItem':
      return Object.entries((input.RequestItems ?? {}) as Record<string, { Keys?: Item[] }>).flatMap(
        ([tableName, { Keys = [] }]) =>
          Keys.map((Key) => itemRequest('dynamodb:BatchGetItem', { TableName: tableName, Key })),
      );
    case 'BatchWriteItem':
      return Object.entries(
        (input.RequestItems ?? {}) as Record<
          string,
          { PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }[]
        >,
      ).flatMap(([tableName, writes]) =>
        writes.map((write) =>
          write.PutRequest
            ? itemRequest('dynamodb:PutItem', { TableName: tableName, Item: write.PutRequest.Item })
            : itemRequest('dynamodb:DeleteItem', { TableName: tableName, Key: write.DeleteRequest?.Key }),
        ),
      );
    case 'TransactGetItems':
      return ((input.TransactItems ?? []) as { Get: ItemCall }[]).map((item) =>
        itemRequest('dynamodb:GetItem', item.Get),
      );
    case 'TransactWriteItems':
      return (
        (input.TransactItems ?? []) as {
          Put?: ItemCall;
          Update?: ItemCall;
          Delete?: ItemCall;
          ConditionCheck?: ItemCall;
        }[]
      ).map((item) => {
        if (item.Put) return itemRequest('dynamodb:PutItem', item.Put);
        if (item.Update) return itemRequest('dynamodb:UpdateItem', item.Update);
        if (item.Delete) return itemRequest('dynamodb:DeleteItem', item.Delete);
        return itemRequest('dynamodb:ConditionCheckItem', item.ConditionCheck ?? {});
      });
    default:
      // Scan, table operations, PartiQL…: never granted; checked on the table itself.
      return [
        {
          action: `dynamodb:${operation}`,
          tableName: String(input.TableName ?? ''),
          leadingKeys: [],
          attributes: [],
        },
      ];
  }
}

/** `*` matches any run of characters, `?` one, as IAM's StringLike. */
const likePattern = (pattern: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );

/** Whether one statement allows the request (the resource being the route's table, or its index). */
export function grantAllows(grant: TableGrant, request: TableRequest, tableName: string): boolean {
  if (request.tableName !== tableName) return false;
  if (request.indexName !== undefined) {
    const known = tableDefinition.globalSecondaryIndexes.some(
      (index) => index.indexName === request.indexName,
    );
    if (!grant.indexes || !known) return false;
  }
  if (!(grant.actions as readonly string[]).includes(request.action)) return false;
  const { leadingKeys, attributes } = grant;
  if (leadingKeys && !request.leadingKeys.every((key) => leadingKeys.some((p) => likePattern(p).test(key))))
    return false;
  if (attributes && !request.attributes.every((name) => attributes.includes(name))) return false;
  if (grant.returnValuesNone && request.returnValues !== undefined && request.returnValues !== 'NONE')
    return false;
  return true;
}

/** Whether a Deny statement applies to the request (an explicit deny wins over every allow). */
export function denyApplies(deny: TableDeny, request: TableRequest): boolean {
  if (!(deny.actions as readonly string[]).includes(request.action)) return false;
  if (!request.leadingKeys.some((key) => deny.leadingKeys.some((p) => likePattern(p).test(key))))
    return false;
  const others = deny.attributesOtherThan;
  return !others || request.attributes.some((name) => !others.includes(name));
}

/** The request of the command that no statement of the route allows, or that one denies, if any. */
export function deniedRequest(
  route: Pick<RouteDefinition, 'table' | 'access' | 'auditsReads'>,
  commandName: string,
  input: Record<string, unknown>,
  tableName: string,
): TableRequest | undefined {
  const grants = tableGrants(route);
  const denies = tableDenies(grants);
  return tableRequests(commandName, input).find(
    (request) =>
      !grants.some((grant) => grantAllows(grant, request, tableName)) ||
      denies.some((deny) => denyApplies(deny, request)),
  );
}

/** The error AWS returns for a call the role does not allow (an SDK service exception, as the SDK throws it). */
export function accessDenied(routeId: string, request: TableRequest): DynamoDBServiceException {
  const resource = `arn:aws:dynamodb:local:000000000000:table/${request.tableName}${request.indexName ? `/index/${request.indexName}` : ''}`;
  return new DynamoDBServiceException({
    name: 'AccessDeniedException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
    message:
      `User: arn:aws:sts::000000000000:assumed-role/${routeId}/${routeId} is not authorized to perform: ` +
      `${request.action} on resource: ${resource} because no identity-based policy allows the ${request.action} action`,
  });
}

/**
 * Adds the guard to a DynamoDB client of `tableName` (by default the handlers' TABLE_NAME when
 * the call is made): while a route runs (`asRoute`), each command is checked, after the document
 * client has marshalled it, against that route's statements.
 */
export function guardTable(client: DynamoDBClient, tableName?: string): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const route = calling.getStore();
      if (route) {
        const input = args.input as Record<string, unknown>;
        const table = tableName ?? process.env.TABLE_NAME ?? '';
        const denied = deniedRequest(route, context.commandName ?? '', input, table);
        if (denied) throw accessDenied(route.id, denied);
      }
      return next(args);
    },
    { step: 'build', name: 'localIamGuard' },
  );
}

/** Guards every DynamoDB client the functions of this process build from now on (the local stack's roles). */
export function guardFunctionClients(): void {
  localClientHooks.add(guardFunctionClient);
}

const guardFunctionClient = (client: DynamoDBClient) => guardTable(client);
