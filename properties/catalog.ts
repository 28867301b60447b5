/**
 * The property catalog, in DESIGN.md's order: what `plancheck check` runs,
 * what the fault matrix crosses with the fault modes, and what reports list.
 */
import { converges } from "./converges.ts";
import { dependencyHeld } from "./dependency-held.ts";
import { deterministic } from "./deterministic.ts";
import { fencingFirst } from "./fencing-first.ts";
import { graphAcyclic } from "./graph-acyclic.ts";
import { migrationProtocol } from "./migration-protocol.ts";
import { noNeedlessActions } from "./no-needless-actions.ts";
import { noRestartOnMigration } from "./no-restart-on-migration.ts";
import { orderRespected } from "./order-respected.ts";
import type { Property } from "./property.ts";
import { stable } from "./stable.ts";
import { transientSafety } from "./transient-safety.ts";

/** Every property, in catalog order. */
export const PROPERTIES: readonly Property[] = [
  graphAcyclic,
  orderRespected,
  dependencyHeld,
  noRestartOnMigration,
  transientSafety,
  migrationProtocol,
  fencingFirst,
  converges,
  stable,
  noNeedlessActions,
  deterministic,
];

/** The property with the given id, or undefined. */
export function propertyById(id: string): Property | undefined {
  return PROPERTIES.find((p) => p.id === id);
}
