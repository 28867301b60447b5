/**
 * What a property of the catalog is: an id, a one-line statement, and a
 * check that returns violations as data (it never throws for a violation).
 * Metamorphic properties re-plan a changed input through the planner given
 * in the context, never by importing a planner.
 */
import type { ClusterState, Planner, Transition } from "../planner/model.ts";

/** One violation, with everything a person needs to check it against the picture of the graph. */
export interface Violation {
  /** The property's id. */
  property: string;
  /** One sentence a person can check by looking at the graph. */
  explanation: string;
  /** The actions involved (ids), highlighted in reports. */
  actions: string[];
  /** The edges involved (or missing) between them, highlighted in reports. */
  edges: { first: string; then: string }[];
  /** The constraint involved, if any. */
  constraint?: string;
}

/** What a check is given. */
export interface PropertyInput {
  cluster: ClusterState;
  transition: Transition;
  /** The planner that produced the transition, for metamorphic re-planning. */
  planner: Planner;
}

/** A property of the catalog. */
export interface Property {
  id: string;
  /** The one-line statement of DESIGN.md's catalog. */
  statement: string;
  /**
   * True for a metamorphic property: its check re-plans a changed input
   * through the planner, so it cannot judge a graph on its own (for example
   * one of Pacemaker's expected graphs, with no planner behind it).
   */
  metamorphic?: boolean;
  check(input: PropertyInput): Violation[];
}
