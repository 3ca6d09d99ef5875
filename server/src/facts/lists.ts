// Which values are Exim lists, and of which kind: the kind decides how an item is matched
// (a host list knows `net24-lsearch;...`, a domain list `partial-dbm;...` ...). Options carry their
// kind in data/options.json (`list`); this table adds the ACL conditions, the named-list keywords
// and the expansion conditions whose argument is a list (as Exim's acl.c, readconf.c and expand.c
// treat them).

export type ListKind = 'domain' | 'host' | 'address' | 'localpart';

/** ACL conditions whose value is a list of this kind. */
const ACL_CONDITION_LISTS: Readonly<Record<string, ListKind>> = {
  domains: 'domain',
  sender_domains: 'domain',
  hosts: 'host',
  local_parts: 'localpart',
  senders: 'address',
  recipients: 'address',
};

/** Named-list keywords and the kind of list each defines. */
const NAMED_LIST_KINDS: Readonly<Record<string, ListKind>> = {
  domainlist: 'domain',
  hostlist: 'host',
  addresslist: 'address',
  localpartlist: 'localpart',
};

/** Expansion conditions whose second argument is a list: `${if match_domain{$domain}{+local_domains}}`. */
const CONDITION_LISTS: Readonly<Record<string, ListKind>> = {
  match_domain: 'domain',
  match_address: 'address',
  match_local_part: 'localpart',
  match_ip: 'host',
};

export function aclConditionListKind(name: string): ListKind | undefined {
  return Object.prototype.hasOwnProperty.call(ACL_CONDITION_LISTS, name) ? ACL_CONDITION_LISTS[name] : undefined;
}

export function namedListKind(keyword: string): ListKind | undefined {
  const base = keyword.replace(/_cache$/, '');
  return Object.prototype.hasOwnProperty.call(NAMED_LIST_KINDS, base) ? NAMED_LIST_KINDS[base] : undefined;
}

export function expansionConditionListKind(name: string): ListKind | undefined {
  return Object.prototype.hasOwnProperty.call(CONDITION_LISTS, name) ? CONDITION_LISTS[name] : undefined;
}
