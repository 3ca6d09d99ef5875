// Walking an expansion tree: every item, operator, variable and condition, nested ones included,
// with the chain of nodes around it (for checks and for finding what is under the cursor).

import type { ConditionNode, ExpansionNode, ItemNode } from '../syntax/tree';

export type WalkNode = ExpansionNode | ConditionNode;

/**
 * Calls `visit` for every node, parents before children. `parents` holds the enclosing items,
 * operators and conditions, outermost first.
 */
export function walkExpansion(nodes: readonly ExpansionNode[], visit: (node: WalkNode, parents: readonly WalkNode[]) => void, parents: WalkNode[] = []): void {
  for (const n of nodes) {
    visit(n, parents);
    switch (n.kind) {
      case 'operator':
        parents.push(n);
        walkExpansion(n.argument.parts, visit, parents);
        parents.pop();
        break;
      case 'item':
        parents.push(n);
        walkItem(n, visit, parents);
        parents.pop();
        break;
      default:
        break;
    }
  }
}

function walkItem(n: ItemNode, visit: (node: WalkNode, parents: readonly WalkNode[]) => void, parents: WalkNode[]): void {
  if (n.lookupKey) walkExpansion(n.lookupKey.parts, visit, parents);
  if (n.condition) walkCondition(n.condition, visit, parents);
  // filter: the list comes before the condition
  const args = n.args;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.kind === 'argument') walkExpansion(a.parts, visit, parents);
    if (i === 0 && n.filterCondition) walkCondition(n.filterCondition, visit, parents);
  }
  if (args.length === 0 && n.filterCondition) walkCondition(n.filterCondition, visit, parents);
}

function walkCondition(c: ConditionNode, visit: (node: WalkNode, parents: readonly WalkNode[]) => void, parents: WalkNode[]): void {
  visit(c, parents);
  parents.push(c);
  // forall{list}{cond}: the list first
  for (const a of c.args) walkExpansion(a.parts, visit, parents);
  for (const sub of c.conditions ?? []) walkCondition(sub, visit, parents);
  parents.pop();
}
