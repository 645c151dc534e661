import { type Index, indexFamilyOfItem, keyFamily } from './families.ts';

/** Capacity one DynamoDB call spent on one partition-key family of one index, read or write. */
export type Touch = { family: string; index: Index; op: 'read' | 'write'; units: number };

type Item = Record<string, unknown>;
type Capacity = { CapacityUnits?: number; Table?: { CapacityUnits?: number }; GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }> };

const READS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);
const GSI_KEYS: [Exclude<Index, 'table'>, string][] = [['gsi1', 'gsi1pk'], ['gsi2', 'gsi2pk'], ['gsi3', 'gsi3pk']];

/** The partition key value a Query's key condition names (`pk = :pk`, `gsi2pk = :day`). */
function queriedKey(input: Item): string | undefined {
  const condition = String(input.KeyConditionExpression ?? '');
  const match = /(?:^|\s|\()#?(\w+)\s*=\s*(:\w+)/.exec(condition);
  if (!match) return undefined;
  const values = (input.ExpressionAttributeValues ?? {}) as Item;
  const value = values[match[2] as string];
  return typeof value === 'string' ? value : undefined;
}

/** GSI keys an UpdateItem sets (`SET gsi2pk = :due`): the index partitions it writes besides the table. */
function updatedIndexKeys(input: Item): [Exclude<Index, 'table'>, string][] {
  const expression = String(input.UpdateExpression ?? '');
  const values = (input.ExpressionAttributeValues ?? {}) as Item;
  const found: [Exclude<Index, 'table'>, string][] = [];
  for (const [index, attribute] of GSI_KEYS) {
    const match = new RegExp(`${attribute}\\s*=\\s*(:\\w+)`).exec(expression);
    const value = match ? values[match[1] as string] : undefined;
    if (typeof value === 'string') found.push([index, value]);
  }
  return found;
}

/** The document client's names (`Get`, `TransactWrite`) as DynamoDB's (`GetItem`, `TransactWriteItems`). */
function fullCommandName(name: string): string {
  const short = name.replace(/Command$/, '');
  if (/^(Get|Put|Update|Delete|BatchGet|BatchWrite)$/.test(short)) return `${short}Item`;
  if (/^(TransactWrite|TransactGet)$/.test(short)) return `${short}Items`;
  return short;
}

type Keyed = { index: Index; key: string | undefined; sk?: string };

/** The partitions (table and GSI) one request item of a command addresses, as far as its input says. */
function itemPartitions(kind: string, request: Item): Keyed[] {
  const body = request as { Key?: Item; Item?: Item };
  if (kind === 'Put' || kind === 'PutRequest') {
    const item = body.Item ?? {};
    return [
      { index: 'table', key: item.pk as string | undefined, sk: item.sk as string | undefined },
      ...GSI_KEYS.filter(([, attribute]) => typeof item[attribute] === 'string').map(([index, attribute]) => ({ index, key: item[attribute] as string })),
    ];
  }
  const tableKey: Keyed = { index: 'table', key: body.Key?.pk as string | undefined, sk: body.Key?.sk as string | undefined };
  if (kind === 'Update') return [tableKey, ...updatedIndexKeys(request).map(([index, key]) => ({ index, key }))];
  return [tableKey];
}

/** Every (index, key) a call addresses, from its input alone. */
function callPartitions(command: string, input: Item): Keyed[] {
  switch (command) {
    case 'GetItem':
      return itemPartitions('Get', input);
    case 'DeleteItem':
      return itemPartitions('Delete', input);
    case 'PutItem':
      return itemPartitions('Put', input);
    case 'UpdateItem':
      return itemPartitions('Update', input);
    case 'Query':
    case 'Scan':
      return [{ index: (input.IndexName as Index | undefined) ?? 'table', key: command === 'Query' ? queriedKey(input) : 'SCAN' }];
    case 'BatchGetItem':
      return Object.values((input.RequestItems ?? {}) as Record<string, { Keys?: Item[] }>).flatMap((table) =>
        (table.Keys ?? []).map((key) => ({ index: 'table' as const, key: key.pk as string | undefined })));
    case 'BatchWriteItem':
      return Object.values((input.RequestItems ?? {}) as Record<string, Item[]>).flatMap((requests) =>
        requests.flatMap((request) => Object.entries(request).flatMap(([kind, body]) => itemPartitions(kind, body as Item))));
    case 'TransactWriteItems':
    case 'TransactGetItems':
      return ((input.TransactItems ?? []) as Item[]).flatMap((entry) => Object.entries(entry).flatMap(([kind, body]) => itemPartitions(kind, body as Item)));
    default:
      return [];
  }
}

/** The GSI families of the table items a write addressed, for index capacity its input does not name. */
function inferredIndexFamilies(partitions: Keyed[], index: Exclude<Index, 'table'>): string[] {
  return partitions.flatMap(({ index: on, key, sk }) => {
    const family = on === 'table' && key !== undefined && sk !== undefined ? indexFamilyOfItem(key, sk, index) : undefined;
    return family ? [family] : [];
  });
}

/**
 * What one call spent per family: the capacity DynamoDB reported for the table (and for each GSI, with
 * ReturnConsumedCapacity=INDEXES) shared evenly among the keys of that index the call addressed. A GSI
 * write the input cannot name (a Delete or a REMOVE of an indexed item) counts under `<gsi>?`.
 */
export function callTouches(commandName: string, input: Item, consumed: Capacity | Capacity[] | undefined): Touch[] {
  const command = fullCommandName(commandName);
  const op = READS.has(command) ? 'read' : 'write';
  const entries = Array.isArray(consumed) ? consumed : consumed ? [consumed] : [];
  const spent = new Map<Index, number>();
  for (const entry of entries) {
    const gsis = Object.entries(entry.GlobalSecondaryIndexes ?? {});
    const indexed = gsis.reduce((sum, [, capacity]) => sum + (capacity.CapacityUnits ?? 0), 0);
    // A store that only reports the total (no split): a Query of an index spent it on that index.
    const whole: Index = !entry.Table && gsis.length === 0 && typeof input.IndexName === 'string' ? (input.IndexName as Index) : 'table';
    spent.set(whole, (spent.get(whole) ?? 0) + (entry.Table?.CapacityUnits ?? (entry.CapacityUnits ?? 0) - indexed));
    for (const [name, capacity] of gsis) spent.set(name as Index, (spent.get(name as Index) ?? 0) + (capacity.CapacityUnits ?? 0));
  }
  const partitions = callPartitions(command, input);
  const touches: Touch[] = [];
  for (const [index, units] of spent) {
    const named = partitions.filter((partition) => partition.index === index).map(({ key }) => (key === undefined ? `${index}?` : keyFamily(key)));
    const families = named.length > 0 || index === 'table' ? named : inferredIndexFamilies(partitions, index);
    if (families.length === 0) {
      if (units > 0) touches.push({ family: `${index}?`, index, op, units });
      continue;
    }
    for (const family of families) touches.push({ family, index, op, units: units / families.length });
  }
  return touches;
}
