import { actionsOf, analyse, violation } from "./analysis.ts";
import type { Analysis } from "./analysis.ts";
import { ineligibility } from "./cluster.ts";
import type { Property, Violation } from "./property.ts";

const ID = "migration-protocol";

/**
 * A live migration is a protocol of three steps: migrate_to on the source,
 * then migrate_from on the target, then the stop that cleans up the source
 * (each a path in the graph). Run in any other order it loses the resource's
 * state or runs it twice. It is only allowed for resources with
 * allow-migrate that are managed and not failed on the source, between two
 * online nodes (the target also not standby, shutting down or in maintenance). A partial
 * migration in the status (migrate_to done, migrate_from pending) may be
 * resumed without a migrate_to, but only toward its original target.
 * Decided per migrate_from (and per migrate_to without one) from the actions
 * of the resource, the closure and the status.
 */
export const migrationProtocol: Property = {
  id: ID,
  statement:
    "A migration is migrate_to(source) → migrate_from(target) → stop(source), only for allow-migrate, managed, healthy resources between two online nodes; a partial migration resumes only toward its original target.",
  check({ cluster, transition }) {
    const a = analyse(cluster, transition);
    const out: Violation[] = [];
    for (const [r] of a.byResource) {
      const froms = actionsOf(a, r, ["migrate_from"]);
      const tos = actionsOf(a, r, ["migrate_to"]);
      for (const mf of froms) checkMigration(a, r, mf, tos, out);
      for (const mt of tos) {
        const source = a.g.actions[mt]!.node!;
        if (!froms.some((mf) => a.g.actions[mf]!.node !== source))
          out.push(violation(ID, `${a.g.ids[mt]} starts migrating ${r} away from ${source}, but no migrate_from completes the migration.`, [a.g.ids[mt]!]));
      }
    }
    return out;
  },
};

function checkMigration(a: Analysis, r: string, mf: number, tos: number[], out: Violation[]): void {
  const mfId = a.g.ids[mf]!;
  const target = a.g.actions[mf]!.node!;
  const mt = tos.find((i) => a.g.actions[i]!.node !== target);
  const partial = a.cluster.status.migrations.find((m) => m.resource === r && m.stage === "partial");
  let source: string;
  if (mt !== undefined) {
    source = a.g.actions[mt]!.node!;
    const mtId = a.g.ids[mt]!;
    if (!a.precedes(mt, mf))
      out.push(violation(ID, `${mfId} is not ordered after ${mtId}: the target of ${r}'s migration may take over before the source has handed it over.`, [mtId, mfId], [{ first: mtId, then: mfId }]));
  } else if (partial === undefined) {
    out.push(violation(ID, `${mfId} migrates ${r} to ${target} without a migrate_to, and no partial migration of ${r} is pending.`, [mfId]));
    return;
  } else if (partial.target !== target) {
    out.push(
      violation(ID, `${mfId} resumes ${r}'s partial migration from ${partial.source} toward ${target}, but it was begun toward ${partial.target}.`, [mfId]),
    );
    return;
  } else {
    source = partial.source;
  }
  const stop = actionsOf(a, r, ["stop"], false).find((i) => a.g.actions[i]!.node === source);
  if (stop === undefined)
    out.push(violation(ID, `${r} migrates from ${source} to ${target}, but nothing stops it on ${source} afterwards.`, [mfId]));
  else if (!a.precedes(mf, stop)) {
    const stopId = a.g.ids[stop]!;
    out.push(
      violation(ID, `${stopId} is not ordered after ${mfId}: ${r} may be stopped on ${source} before it has arrived on ${target}.`, [mfId, stopId], [{ first: mfId, then: stopId }]),
    );
  }
  const meta = a.index.meta.get(r);
  const ids = [mt === undefined ? undefined : a.g.ids[mt], mfId].filter((s): s is string => s !== undefined);
  const reasons: string[] = [];
  if (meta !== undefined && !meta.allowMigrate) reasons.push("it does not have allow-migrate");
  if (a.index.unmanaged(r)) reasons.push("it is unmanaged");
  if (a.cluster.status.failed.some((f) => f.resource === r && f.node === source && f.activeAfter)) reasons.push(`it has failed on ${source}`);
  const sourceNode = a.index.nodes.get(source);
  if (sourceNode === undefined || sourceNode.membership !== "online") reasons.push(`the source ${source} is not online`);
  if (ineligibility(a.index, target) !== undefined) reasons.push(`the target ${target} cannot host it`);
  if (reasons.length > 0) out.push(violation(ID, `${r} live-migrates from ${source} to ${target}, but ${reasons.join(" and ")}.`, ids));
}
