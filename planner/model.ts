/**
 * The shared model of plancheck: what a cluster is, and what a planner must
 * produce for it. Every planner, generator, property and report speaks these
 * types; nothing here knows about XML or about any particular planner.
 */

/** Pacemaker's INFINITY: scores saturate at ±1,000,000. */
export const INFINITY = 1_000_000;

/** Clamps a score into [-INFINITY, INFINITY]. */
export function clampScore(score: number): number {
  if (score >= INFINITY) return INFINITY;
  if (score <= -INFINITY) return -INFINITY;
  return score;
}

/**
 * Adds two scores as Pacemaker does: -INFINITY wins over everything
 * (INFINITY + -INFINITY = -INFINITY), INFINITY absorbs finite values, and
 * finite sums saturate.
 */
export function addScores(a: number, b: number): number {
  if (a <= -INFINITY || b <= -INFINITY) return -INFINITY;
  if (a >= INFINITY || b >= INFINITY) return INFINITY;
  return clampScore(a + b);
}

// ---------------------------------------------------------------- cluster

/** What the cluster does when it loses quorum. */
export type NoQuorumPolicy = "stop" | "ignore" | "freeze" | "demote" | "suicide";

/** Cluster-wide options from crm_config and rsc_defaults. */
export interface ClusterOptions {
  /** `stonith-enabled` (also spelled `fencing-enabled`). */
  fencingEnabled: boolean;
  /** `symmetric-cluster`: resources may run anywhere unless told otherwise. */
  symmetricCluster: boolean;
  /** `no-quorum-policy`. */
  noQuorumPolicy: NoQuorumPolicy;
  /** Whether the partition has quorum (the CIB's `have-quorum`). */
  haveQuorum: boolean;
  /** `resource-stickiness` from rsc_defaults (or the legacy crm_config default). */
  defaultStickiness: number;
  /** `migration-threshold` from rsc_defaults; 0 means never ban for failures. */
  defaultMigrationThreshold: number;
  /** `placement-strategy`; absent means `default` (utilization is ignored). */
  placementStrategy?: PlacementStrategy;
}

/** How utilization is weighed when placing resources. */
export type PlacementStrategy = "default" | "utilization" | "minimal" | "balanced";

/** Why nothing is known of a node's membership (see {@link ClusterNode.unknownState}). */
export type UnknownNodeState = "no-state" | "not-seen";

/** The values of {@link UnknownNodeState}. */
export const UNKNOWN_NODE_STATES: readonly UnknownNodeState[] = ["no-state", "not-seen"];

/** A node's membership as Pacemaker derives it from its node_state. */
export type NodeMembership = "online" | "offline" | "unclean";

/** A cluster node. */
export interface ClusterNode {
  /** The node's uname, used everywhere to refer to it. */
  name: string;
  /** The CIB node id. */
  id: string;
  membership: NodeMembership;
  /** The `standby` node attribute: online, but may run nothing. */
  standby: boolean;
  /** Maintenance mode: resources there are left alone (unmanaged). */
  maintenance: boolean;
  /** The node is shutting down cleanly: its resources must stop, nothing may start there. */
  shutdown?: boolean;
  /**
   * Why nothing is known of the node's membership, when nothing is: it has
   * no node_state at all (`no-state`), or its node_state does not say
   * whether the cluster layer sees it (`not-seen`). While startup-fencing
   * is on, such a node is unclean, and it is fenced for that reason.
   */
  unknownState?: UnknownNodeState;
  /** Node attributes available to location rules (`#uname` is implicit). */
  attributes: Record<string, string>;
  /** Utilization capacity (`utilization` of the node), e.g. `{ memory: 4096 }`. */
  capacity?: Record<string, number>;
}

/** The role a resource has or should have. */
export type Role = "Started" | "Stopped" | "Promoted" | "Unpromoted";

/**
 * Meta attributes of a resource. An absent field inherits: a group member from
 * its group, a clone's child from the clone, everything else from the
 * cluster's defaults.
 */
export interface ResourceMeta {
  allowMigrate?: boolean;
  targetRole?: Role;
  stickiness?: number;
  migrationThreshold?: number;
  isManaged?: boolean;
  priority?: number;
}

/** A primitive resource: one agent instance. */
export interface Primitive {
  kind: "primitive";
  id: string;
  /** The agent as `class:provider:type` (or `class:type`). */
  agent: string;
  meta: ResourceMeta;
  /** What it uses of a node's capacity (`utilization` of the primitive). */
  utilization?: Record<string, number>;
}

/** A group: members start in order and run together on one node. */
export interface Group {
  kind: "group";
  id: string;
  members: Primitive[];
  meta: ResourceMeta;
}

/** An anonymous clone of a primitive or a group. */
export interface Clone {
  kind: "clone";
  id: string;
  child: Primitive | Group;
  meta: ResourceMeta;
  /** `clone-max`; undefined means one per node. */
  cloneMax?: number;
  /** `clone-node-max`, default 1. */
  cloneNodeMax: number;
  interleave: boolean;
  ordered: boolean;
}

/** Any top-level resource. */
export type Resource = Primitive | Group | Clone;

/** The comparison of one rule expression. */
export type ExpressionOperation = "eq" | "ne" | "lt" | "gt" | "lte" | "gte" | "defined" | "not_defined";

/** One `expression` of a location rule, on a node attribute or `#uname`. */
export interface RuleExpression {
  attribute: string;
  operation: ExpressionOperation;
  value?: string;
  /**
   * How values compare; default string (number when both look numeric).
   * `integer` and `number` compare the leading integer or number of each
   * value (`3.6` as an integer is 3), and compare as strings when either
   * value does not start with one.
   */
  type?: "string" | "integer" | "number" | "version";
}

/** A location rule: the score applies on nodes where the expressions hold. */
export interface LocationRule {
  id: string;
  score: number;
  booleanOp: "and" | "or";
  expressions: RuleExpression[];
}

/** `rsc_location`: either a node and a score, or rules. */
export interface LocationConstraint {
  kind: "location";
  id: string;
  resource: string;
  node?: string;
  score?: number;
  rules?: LocationRule[];
  role?: Role;
}

/** `rsc_colocation`: `resource` is placed relative to `withResource`. */
export interface ColocationConstraint {
  kind: "colocation";
  id: string;
  resource: string;
  withResource: string;
  score: number;
  role?: Role;
  withRole?: Role;
}

/** The actions an order constraint can name. */
export type OrderAction = "start" | "stop" | "promote" | "demote";

/** The action a symmetrical order's inverse binds in place of `action` (start↔stop, promote↔demote). */
export function inverseOrderAction(action: OrderAction): OrderAction {
  switch (action) {
    case "start":
      return "stop";
    case "stop":
      return "start";
    case "promote":
      return "demote";
    case "demote":
      return "promote";
  }
}

/** The kind of an order constraint. */
export type OrderKind = "Mandatory" | "Optional" | "Serialize";

/** `rsc_order`: `first`'s action before `then`'s action. */
export interface OrderConstraint {
  kind: "order";
  id: string;
  first: string;
  firstAction: OrderAction;
  then: string;
  thenAction: OrderAction;
  orderKind: OrderKind;
  symmetrical: boolean;
}

/** What happens to a resource when its ticket is revoked (`loss-policy`). */
export type LossPolicy = "stop" | "demote" | "fence" | "freeze";

/**
 * `rsc_ticket`: `resource` may run only while `ticket` is granted and not in
 * standby. When the ticket is revoked, `lossPolicy` says what happens to it
 * where it runs: it stops (`stop`, and `demote` for a resource that is not
 * promotable), its nodes are fenced (`fence`), or it stays where it is and
 * starts nowhere else (`freeze`). A ticket put in standby stops it whatever
 * the loss policy.
 */
export interface TicketConstraint {
  kind: "ticket";
  id: string;
  resource: string;
  ticket: string;
  lossPolicy: LossPolicy;
}

/** Any constraint. */
export type Constraint = LocationConstraint | ColocationConstraint | OrderConstraint | TicketConstraint;

/** A resource (primitive id) active on a node, in a role. */
export interface Placement {
  resource: string;
  node: string;
  role: Role;
}

/** A live migration caught half-way in the status history. */
export interface PendingMigration {
  resource: string;
  source: string;
  target: string;
  /**
   * `partial`: migrate_to succeeded on the source, migrate_from not yet run.
   * `dangling`: migrate_from succeeded on the target, the source stop is pending.
   */
  stage: "partial" | "dangling";
}

/** A failed operation still recorded in the history. */
export interface FailedOperation {
  resource: string;
  node: string;
  operation: string;
  /** The failure leaves the resource active there (needs recovery) or not. */
  activeAfter: boolean;
}

/** Failures counted against a resource on a node. */
export interface FailCount {
  resource: string;
  node: string;
  count: number;
}

/** A ticket's state (a `ticket_state` of the status). A ticket with no state is not granted. */
export interface TicketState {
  id: string;
  granted: boolean;
  /** Granted but being given up: what needs it stops. */
  standby: boolean;
}

/** What runs where now, and what went wrong, as derived from the status history. */
export interface ClusterStatus {
  active: Placement[];
  failed: FailedOperation[];
  failCounts: FailCount[];
  migrations: PendingMigration[];
  /** Ticket states; absent when the status records none. */
  tickets?: TicketState[];
  /**
   * Every node, in the order of its `node_state` in the status (nodes without
   * one last, in declaration order); absent when that is the declaration
   * order. Pacemaker reads the histories in this order, and numbers the
   * instances of an anonymous clone by it: the instance found first is `:0`.
   */
  nodeStateOrder?: string[];
}

/** A whole cluster: configuration plus current state. The input of every planner. */
export interface ClusterState {
  options: ClusterOptions;
  nodes: ClusterNode[];
  resources: Resource[];
  constraints: Constraint[];
  status: ClusterStatus;
}

// ------------------------------------------------------------- transition

/** The task of a transition action. */
export type Task =
  | "start"
  | "stop"
  | "migrate_to"
  | "migrate_from"
  | "promote"
  | "demote"
  | "fence"
  | "running"
  | "stopped"
  | "promoted"
  | "demoted";

/** One action of a transition graph. */
export interface Action {
  /** Unique within a transition; see {@link actionId}. */
  id: string;
  resource?: string;
  task: Task;
  node?: string;
  /** A pseudo action only marks a point in the graph; it changes nothing. */
  pseudo: boolean;
}

/** `first` must complete before `then` may begin. */
export interface Edge {
  first: string;
  then: string;
  /** What put the edge there (a constraint id or a planner rule), for explanations. */
  reason?: string;
}

/** The verbs of a Transition Summary line, as crm_simulate prints them. */
export type SummaryVerb =
  | "Start"
  | "Stop"
  | "Move"
  | "Migrate"
  | "Restart"
  | "Recover"
  | "Promote"
  | "Demote"
  | "Fence";

/** One line of a Transition Summary. */
export interface SummaryLine {
  verb: SummaryVerb;
  /** Resource id, or the node name for Fence. */
  subject: string;
  /** The node before the change (Stop, Move, Migrate, Restart, Recover, Promote, Demote). */
  from?: string;
  /** The node after the change (Start, Move, Migrate). */
  to?: string;
  /** The `due to …` reason, or for Fence the quoted reason. */
  reason?: string;
  /** Fence type: reboot, off or on. */
  fenceType?: string;
}

/** What a planner produces: the graph, where things end up, and the summary. */
export interface Transition {
  actions: Action[];
  edges: Edge[];
  /** Where every resource runs once the transition has completed. */
  target: Placement[];
  summary: SummaryLine[];
}

/** A scheduler under test. It may throw {@link PlannerError}. */
export interface Planner {
  readonly name: string;
  plan(cluster: ClusterState): Transition;
}

/** A planner failed to produce a transition (crash, time-out, garbage output). */
export class PlannerError extends Error {
  constructor(
    message: string,
    readonly command?: string,
    readonly stderrTail?: string,
  ) {
    super(message);
    this.name = "PlannerError";
  }
}

/** The canonical id of an action: `task:resource@node`, `task:resource`, or `fence@node`. */
export function actionId(task: Task, resource?: string, node?: string): string {
  const subject = resource === undefined ? task : `${task}:${resource}`;
  return node === undefined ? subject : `${subject}@${node}`;
}

/** All primitives of the cluster, flattened out of groups and clones. */
export function primitivesOf(resources: readonly Resource[]): Primitive[] {
  const out: Primitive[] = [];
  for (const r of resources) {
    if (r.kind === "primitive") out.push(r);
    else if (r.kind === "group") out.push(...r.members);
    else if (r.child.kind === "primitive") out.push(r.child);
    else out.push(...r.child.members);
  }
  return out;
}
