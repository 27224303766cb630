/**
 * Matching provider records to the merchant's payments. Pure scoring in ./score.ts (rules and
 * the confidence scale are documented there); database functions here.
 */
export { MATCH_RULES, MIN_CONFIDENCE, normaliseNetworkId, pickBest, scoreMatch, stripNetworkIdDate, type MatchRule, type PaymentFacts, type RecordFacts } from "./score";
export { MATCHABLE_TYPES, type MatchableType, type RecordRef } from "./records";
export { findBestTransaction, matchAfterImport, matchRecord, type MatchResult } from "./match";
export { changeMatch, clearMatch, confirmMatch } from "./commands";
export { refundConflicts, REFUNDING_OUTCOMES, type RefundConflict } from "./conflicts";
export { getRecordMatch, type RecordMatch } from "./queries";
