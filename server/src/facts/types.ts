// Shapes of the knowledge tables in ./data (written by scripts/gen-facts.mjs) and of the
// entries the accessors in ./index.ts hand out. Editor-neutral: no vscode types here.

export type OptionScope = 'main' | 'routers' | 'transports' | 'authenticators';
export type DriverScope = Exclude<OptionScope, 'main'>;

/** ACL type names, as used in Exim's acl.c tables (RCPT, MAIL, DATA, NOTSMTP ...). */
export type AclType = string;

/** Hand-written documentation for one entry (server/src/facts/docs/<family>.json). */
export interface Doc {
  summary: string;
  details?: string;
  example?: string;
  link?: string;
}

// ---------------------------------------------------------------------------------------------
// options

/** One option as stored in data/options.json. */
export interface OptionRecord {
  name: string;
  /** Exim's value type without the `opt_` prefix: bool, stringptr, time, int, ... */
  type: string;
  /** Default as Exim would display it; null when unset (or only known at build time). */
  default: string | null;
  hidden?: boolean;
  /** Build-time macros (Local/Makefile) the option depends on, e.g. DISABLE_TLS, WITH_CONTENT_SCAN. */
  buildFlags?: string[];
  /** Build-time setting that supplies the default (e.g. EXIM_UID for exim_user). */
  buildDefault?: string[];
  /** Setting it again is allowed: `and` = conditions are ANDed, `append` = values accumulate. */
  repeat?: 'and' | 'append';
  /** For options that live in a lookup or misc module (ldap, mysql, dkim, spf ...). */
  module?: string;
  /** Whether Exim expands the value (from the spec's option headers; absent when not documented). */
  expanded?: boolean;
  /** The kind of list the value is, for list options (from the spec). */
  list?: 'domain' | 'host' | 'address' | 'localpart';
  /** For type `func`: the value form the option's own parser expects (smtp_receive_timeout: time). */
  funcParses?: string;
  link?: string;
}

export interface OptionInfo extends OptionRecord {
  scope: OptionScope;
  /** Set for a driver's private option. */
  driver?: string;
  doc?: Doc;
}

export interface DriverTables {
  generic: OptionRecord[];
  drivers: Record<string, OptionRecord[]>;
  driverBuildFlags: Record<string, string>;
}

export interface OptionsData {
  main: OptionRecord[];
  routers: DriverTables;
  transports: DriverTables;
  authenticators: DriverTables;
  moduleOptionTables: Record<string, OptionRecord[]>;
  logSelectors: { name: string; buildFlags?: string[] }[];
  typeSyntax: Record<string, string>;
  counts: Record<string, number>;
}

// ---------------------------------------------------------------------------------------------
// ACL

export interface AclVerbInfo {
  name: string;
  /** ACL results for which a `message =` modifier on this verb is used. */
  messageUsedOn: string[];
  doc?: Doc;
  link?: string;
}

export interface AclConditionInfo {
  name: string;
  kind: 'condition' | 'modifier';
  negatable: boolean;
  takesValue: boolean;
  /** The value is string-expanded before use. */
  expanded?: boolean;
  allowedIn: AclType[];
  forbiddenIn?: AclType[];
  /** Only usable with these verbs (endpass: accept, discard). */
  onlyWithVerbs?: string[];
  buildFlags?: string[];
  doc?: Doc;
  link?: string;
}

export interface AclControlInfo {
  name: string;
  hasOptions: boolean;
  /** Not a real control word of Exim's table (the error placeholder). */
  pseudo?: boolean;
  allowedIn: AclType[];
  buildFlags?: string[];
  doc?: Doc;
  link?: string;
}

export interface VerifyOptionInfo {
  name: string;
  /** `optional`: may be followed by `=value`. */
  value?: 'optional';
  /** Matched by prefix of the option name (callout, quota). */
  prefixMatch?: boolean;
}

export interface AclVerifyTypeInfo {
  name: string;
  optionsAllowed: boolean;
  options: VerifyOptionInfo[];
  /** Name matched on its first N characters (sender, to allow sender=<address>). */
  prefixMatch?: number;
  valueForm?: string;
  allowedIn: AclType[];
  buildFlags?: string[];
  doc?: Doc;
  link?: string;
}

export interface CalloutOptionInfo {
  name: string;
  takesValue: boolean;
  valueIsTime?: boolean;
  doc?: Doc;
  link?: string;
}

export interface RatelimitOptionInfo {
  name: string;
  /** `per`: the per_* counting modes; `other`: leaky, strict, count=, unique= ... */
  group: 'per' | 'other';
  /** Value form for options written name=value. */
  value?: string;
  doc?: Doc;
  link?: string;
}

export interface AclOptionInfo {
  /** The main option that names an ACL (acl_smtp_rcpt ...). */
  option: string;
  aclType: AclType;
  /** Left unset, Exim still runs this check and refuses (implicit deny). */
  denyWhenUnset?: boolean;
  doc?: Doc;
  link?: string;
}

export interface AclData {
  aclTypes: AclType[];
  whereNames: Record<string, string>;
  verbs: AclVerbInfo[];
  conditions: AclConditionInfo[];
  controls: AclControlInfo[];
  verifyTypes: AclVerifyTypeInfo[];
  calloutOptions: CalloutOptionInfo[];
  ratelimitOptions: RatelimitOptionInfo[];
  namingOptions: AclOptionInfo[];
  /** Spec links for entries that have no more specific link of their own. */
  defaultLinks: {
    verbs: string;
    conditions: string;
    modifiers: string;
    controls: string;
    verifyTypes: string;
    calloutOptions: string;
    ratelimitOptions: string;
  };
  counts: Record<string, number>;
}

// ---------------------------------------------------------------------------------------------
// expansions

export interface ExpansionItemInfo {
  name: string;
  /** Argument shape in Exim notation, e.g. `${sg{subject}{regex}{replacement}}`. */
  form: string;
  minArgs?: number;
  /** Absent when the limit is a build-time constant. */
  maxArgs?: number;
  /** Takes optional {yes}{no} strings after its arguments. */
  yesNo?: boolean;
  /** Takes an optional trailing {fail string}. */
  failArg?: boolean;
  /** Words that may follow the item name (extract: json, jsons). */
  variants?: string[];
  /** Comma options after the name (run: preexpand). */
  options?: string[];
  buildFlags?: string[];
  doc?: Doc;
  link?: string;
}

export interface ExpansionOperatorInfo {
  name: string;
  /** Exim keeps two tables: names containing `_` (searched first) and the main one. */
  table: 'underscore' | 'main';
  /** Accepts `_arg` parameters after its name (hash_3, substr_1_2 ...). */
  takesArgs?: boolean;
  argForm?: string;
  buildFlags?: string[];
  doc?: Doc;
  link?: string;
}

export interface ExpansionConditionInfo {
  name: string;
  /** Argument shape group: numeric_2arg, string_2arg, one_arg, no_arg, combinators, iterators, def, acl, saslauthd. */
  shape: string;
  form: string;
  minArgs?: number;
  maxArgs?: number;
  buildFlags?: string[];
  doc?: Doc;
  link?: string;
}

export interface VariableRecord {
  name: string;
  /** Exim's vtype without the `vtype_` prefix: stringptr, int, bool, misc_module ... */
  vtype: string;
  module?: string;
  buildFlags?: string[];
}

export interface VariableInfo extends VariableRecord {
  kind: 'variable';
  doc?: Doc;
  link?: string;
}

export interface VariablePatternRecord {
  /** As written in the facts, e.g. `acl_c<x>...`, `header_<name>: | h_<name>:`. */
  pattern: string;
  /** Allowed range of the number, for the numbered patterns. */
  min?: number;
  max?: number;
  buildFlags?: string[];
}

export interface VariablePatternInfo extends VariablePatternRecord {
  kind: 'pattern';
  doc?: Doc;
  link?: string;
}

export interface LookupTypeInfo {
  name: string;
  /** single-key: `${lookup{key}type{file}}`; query: `${lookup type{query}}`. */
  style: 'single-key' | 'query';
  /** Needs an absolute file name. */
  absfile?: boolean;
  /** Query-style, but the query starts with an absolute file name (sqlite). */
  fileThenQuery?: boolean;
  /** Single-key lookup that takes no file (nis, spf). */
  noFile?: boolean;
  /** Type-specific `,option` words. */
  options?: string[];
  buildFlags?: string[];
  doc?: Doc;
  link?: string;
}

export interface LookupSyntaxData {
  form: string;
  partialDefaultLength: number;
  partialDefaultAffix: string;
  partialAndStarQueryStyle: boolean;
  genericOptions: string[];
  dnsdbRecordTypes: { name: string; buildFlags?: string[] }[];
  dnsdbModifiers: string[];
  /** Exim's messages (with %q for the type name). */
  errors: { unknown: string; format: string; partial: string; star: string; missingKey: string; keyNotAllowed: string };
}

export interface ExpansionData {
  items: ExpansionItemInfo[];
  operators: ExpansionOperatorInfo[];
  operatorRule: { underscoreFirst: boolean; badArgError: string };
  conditions: ExpansionConditionInfo[];
  variables: VariableRecord[];
  dynamicVariables: VariablePatternRecord[];
  variableErrors: { unknown: string; dollar: string; brace: string };
  lookupTypes: LookupTypeInfo[];
  lookupSyntax: LookupSyntaxData;
  /** Spec links for entries that have no more specific link of their own. */
  defaultLinks: {
    items: string;
    operators: string;
    conditions: string;
    variables: string;
    singleKeyLookups: string;
    queryLookups: string;
    partialLookups: string;
    defaultValueLookups: string;
  };
  counts: Record<string, number>;
}

// ---------------------------------------------------------------------------------------------
// structure

export interface DirectiveInfo {
  name: string;
  stack?: 'push' | 'pop';
  syntax?: string;
  absolutePathOnly?: boolean;
  missingFileSkipped?: boolean;
}

export interface RewriteFlagInfo {
  flag: string;
  meaning: string;
}

export interface BuiltinMacroInfo {
  name: string;
  buildFlags?: string[];
}

export interface StructureData {
  sections: string[];
  sectionNameRule: { caseInsensitive: boolean; appendS: boolean; maxLength: number };
  sectionErrors: string[];
  /** Sections (by the names in `sections`) that only some builds accept: the Local/Makefile option, and Exim's error without it. */
  sectionBuildNeeds: Record<string, { buildOption: string; error: string }>;
  directives: DirectiveInfo[];
  maxIfNesting: number;
  preprocessorErrors: string[];
  rewriteFlags: RewriteFlagInfo[];
  transportRewriteForbiddenFlags: string[];
  namedListKeywords: string[];
  namedListCacheSuffix: string;
  namedListErrors: string[];
  builtinMacros: BuiltinMacroInfo[];
  /** What every built-in macro expands to. */
  builtinMacroValue: string;
  /** Built-in names that are neither feature macros nor generated from a table. */
  extraMacroNames: string[];
  /** The built-in macros whose value is not `builtinMacroValue`. */
  builtinMacroValues: Record<string, string>;
  /** Families of built-in names generated from Exim's tables, e.g. `_OPT_MAIN_<OPTION>`. */
  generatedMacroPatterns: string[];
  optionErrors: string[];
  booleanErrors: string[];
  driverErrors: string[];
  macroErrors: string[];
  aclErrors: string[];
  aclRuntimeErrors: string[];
  rewriteErrors: string[];
}
