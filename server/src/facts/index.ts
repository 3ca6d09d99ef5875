// Typed access to what the engine knows about Exim's configuration language: options, ACLs,
// string expansions, lookups and file structure. The tables come from ./data (generated from the
// shared Exim facts by scripts/gen-facts.mjs); the prose comes from ./docs (hand-written, each
// family optional). Every entry handed out carries its `doc` and `link` when there is one.

export type {
  AclConditionInfo,
  AclControlInfo,
  AclOptionInfo,
  AclType,
  AclVerbInfo,
  AclVerifyTypeInfo,
  BuiltinMacroInfo,
  CalloutOptionInfo,
  DirectiveInfo,
  Doc,
  DriverScope,
  ExpansionConditionInfo,
  ExpansionItemInfo,
  ExpansionOperatorInfo,
  LookupTypeInfo,
  OptionInfo,
  OptionRecord,
  OptionScope,
  RatelimitOptionInfo,
  RewriteFlagInfo,
  VariableInfo,
  VariablePatternInfo,
  VerifyOptionInfo,
} from './types';

export { docFor, docTable, hasDocs, docFamilies, type DocFamily } from './docs';

export {
  driverBuildFlag,
  driverNames,
  findOption,
  genericOptions,
  isBooleanType,
  isDriverName,
  isLogSelector,
  logSelectorNames,
  moduleOptions,
  optionCounts,
  optionOwners,
  optionsFor,
  OTHER_MAIN_OPTIONS,
  privateOptions,
  resolveOptionWord,
  typeSyntax,
} from './options';

export {
  aclCondition,
  aclConditions,
  aclControl,
  aclControls,
  aclCounts,
  aclOption,
  aclOptions,
  aclTypeDisplayName,
  aclTypeOfOption,
  aclTypes,
  aclVerb,
  aclVerbs,
  aclVerifyType,
  aclVerifyTypes,
  calloutOption,
  calloutOptions,
  isConditionAllowedIn,
  ratelimitOption,
  ratelimitOptions,
  refusedByRelease,
  isAtMost496,
  EXIM_496_PLACES,
  CONTROL_SUFFIXES,
  CONTROL_SUFFIX_DEFAULT,
} from './acl';

export {
  dnsdbRecordTypes,
  expansionCondition,
  expansionConditions,
  expansionCounts,
  expansionItem,
  expansionItems,
  expansionOperator,
  expansionOperators,
  expansionVariable,
  expansionVariables,
  lookupGenericOptions,
  lookupType,
  lookupTypes,
  operatorArgsError,
  parseLookupType,
  resolveOperator,
  variableErrors,
  variablePatterns,
  type LookupSpec,
  type OperatorResolution,
} from './expansion';

export {
  builtinFeatureMacros,
  builtinMacroNames,
  builtinMacroValue,
  builtinMacroValues,
  sectionBuildNeeds,
  configErrors,
  directive,
  directives,
  driverDoc,
  isBuiltinMacroName,
  maxIfNesting,
  namedListKeyword,
  namedListKeywords,
  rewriteFlags,
  sectionDoc,
  sectionName,
  sectionNames,
  transportRewriteForbiddenFlags,
} from './structure';

export {
  LIST_KEYWORD,
  LIST_WORD,
  PLUS_KEYWORDS,
  ROUTER_OPTIONS,
  TRANSPORT_OPTIONS,
  itemNameProblem,
  macroNameProblem,
  namesRouter,
  namesTransport,
  type NamingOption,
} from './names';

export { aclConditionListKind, expansionConditionListKind, namedListKind, type ListKind } from './lists';

export { itemArity, type ItemArity } from './itemArity';
