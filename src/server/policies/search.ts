import { allow, Policy, sameRegion } from "./policy.js";

/** Search runs inside one region. */
export interface SearchSubject {
  regionId: string;
}

/** What can be done with search. */
export type SearchAction = "search";

/** Search: the ledger roles; a department's results are limited to its own tasks by the service. */
export const searchPolicy = new Policy<SearchAction, SearchSubject>(
  "search",
  ["search"],
  [allow(["supervisor", "leader", "reporter"], "search", "search", sameRegion)],
);
