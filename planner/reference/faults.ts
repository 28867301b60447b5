/**
 * Named fault modes of the reference planner: each is one realistic design
 * mistake in one mechanism, switched on to prove that the property catalog
 * is not vacuous (every fault must be caught by some property).
 */

/** The fault modes, with the mistake each one makes. */
export const FAULTS = {
  "late-migration":
    "the 2012 design: apply orders to stop/start, then substitute migrate_to/migrate_from at the end",
  "no-inverse-order": "symmetrical orders get no stop-side inverse",
  "start-before-stop": "a moving resource's start is not ordered after its stop",
  "unordered-migration": "migrate_from not ordered after migrate_to, nor the source stop after migrate_from",
  "anticolocation-unordered": "a start is not ordered after the stop of a -INFINITY colocated resource on that node",
  "no-fencing": "resources of an unclean node are recovered without fencing it",
  "unstable-tiebreak": "ties between equally good nodes are broken by declaration order",
  "eager-restart": "dependents are restarted whenever anything they are ordered after has any action",
  "mirror-both-ways": "user orders are mirrored onto migration actions in both directions (a cycle)",
  "forget-stop": "a moving resource is started on its new node but never stopped on the old one",
  "prefer-elsewhere": "ties are broken away from the node where the resource is active, so it moves on every re-plan",
} as const;

/** The id of a fault mode. */
export type FaultId = keyof typeof FAULTS;

/** Every fault id, in catalog order. */
export const FAULT_IDS = Object.keys(FAULTS) as FaultId[];

/** Whether a string names a fault mode. */
export function isFaultId(value: string): value is FaultId {
  return Object.hasOwn(FAULTS, value);
}
