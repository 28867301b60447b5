/**
 * The `<resources>` section: primitives, groups and anonymous clones, with
 * the meta attributes the model knows. Constructs the model cannot express
 * (bundles, promotable or unique clones, remote and guest nodes) are refused
 * as Unsupported; a primitive made from a `template` is read as the template
 * with the primitive's own attributes and sets taking precedence; those that matter only in some states
 * (`requires`, `multiple-active`, `failure-timeout`, `on-fail`) are returned
 * as conditionals for the driver to check against the status. Utilization
 * is read from primitives only (Pacemaker sums a group's from its members).
 */
import { primitivesOf, type Clone, type Group, type Primitive, type Resource, type ResourceMeta } from "../model.ts";
import { InputError, Unsupported } from "../errors.ts";
import { whenFailed, whenFencingOrQuorumMatters, whenMultiplyActive, whenOperationFailed, type Conditional } from "./conditions.ts";
import { parseThreshold } from "./options.ts";
import { parseBoolean, parseCount, parseRole, parseScore, readNvpairs, readUtilization, requiredAttribute, where, type IdIndex } from "./values.ts";
import { childNamed, childrenNamed, type XmlElement } from "./xml.ts";

/** The resources, plus the constructs outside the model that matter only in some states. */
export interface ReadResources {
  resources: Resource[];
  conditionals: Conditional[];
}

/** Meta attributes the model cannot express, with their harmless (default) values. */
const DEFAULT_ONLY_META: Record<string, (value: string, at: string) => boolean> = {
  critical: (v, at) => parseBoolean(v, "critical", at),
  maintenance: (v, at) => !parseBoolean(v, "maintenance", at),
  "globally-unique": (v, at) => !parseBoolean(v, "globally-unique", at),
  promotable: (v, at) => !parseBoolean(v, "promotable", at),
  collocated: (v, at) => parseBoolean(v, "collocated", at),
};

/** Meta attributes that always take the resource outside the model. */
const UNSUPPORTED_META: Record<string, string> = {
  container: "guest node (container meta)",
  "remote-node": "guest node (remote-node meta)",
  provides: "provides meta",
  "clone-min": "clone-min",
  clone_max: "legacy meta name clone_max",
  clone_node_max: "legacy meta name clone_node_max",
  globally_unique: "legacy meta name globally_unique",
};

/** What the model's resources are built from: the meta attributes, read once per element. */
interface ParsedMeta {
  meta: ResourceMeta;
  raw: Map<string, string>;
}

class ResourceReader {
  readonly conditionals: Conditional[] = [];
  private readonly seen = new Set<string>();

  constructor(
    private readonly ids: IdIndex,
    private readonly fencingEnabled: boolean,
  ) {}

  private readonly templates = new Map<string, XmlElement>();

  read(section: XmlElement): Resource[] {
    for (const element of childrenNamed(section, "template")) this.templates.set(requiredAttribute(element, "id"), element);
    const out: Resource[] = [];
    for (const element of section.children) {
      switch (element.name) {
        case "primitive":
          out.push(this.primitive(element));
          break;
        case "group":
          out.push(this.group(element));
          break;
        case "clone":
          out.push(this.clone(element));
          break;
        case "master":
          throw new Unsupported("promotable clone", where(element));
        case "bundle":
          throw new Unsupported("bundle", where(element));
        case "template":
          break;
        default:
          throw new InputError(`unexpected element <${element.name}> in resources`, where(element));
      }
    }
    return out;
  }

  private id(element: XmlElement): string {
    const id = requiredAttribute(element, "id");
    if (this.seen.has(id)) throw new InputError(`duplicate resource id '${id}'`, where(element));
    this.seen.add(id);
    return id;
  }

  /** A primitive with its template (if any) folded in: its own attributes and sets first. */
  private withTemplate(element: XmlElement): XmlElement {
    const name = element.attributes["template"];
    if (name === undefined) return element;
    const template = this.templates.get(name);
    if (template === undefined) throw new InputError(`template '${name}' is not defined`, where(element));
    const own = { ...element.attributes };
    delete own["template"];
    return { ...element, attributes: { ...template.attributes, ...own }, children: [...element.children, ...template.children] };
  }

  private primitive(original: XmlElement): Primitive {
    const element = this.withTemplate(original);
    const id = this.id(element);
    const at = where(element);
    const cls = requiredAttribute(element, "class");
    const type = requiredAttribute(element, "type");
    const provider = element.attributes["provider"];
    const agent = provider === undefined ? `${cls}:${type}` : `${cls}:${provider}:${type}`;
    if (agent === "ocf:pacemaker:remote") throw new Unsupported("remote node resource (ocf:pacemaker:remote)", at);
    this.operations(element, id);
    const { meta, raw } = this.meta(element);
    this.conditions(element, raw, [id], cls === "stonith" || !this.fencingEnabled ? "quorum" : "fencing");
    const primitive: Primitive = { kind: "primitive", id, agent, meta };
    const utilization = readUtilization(element, this.ids);
    if (utilization !== undefined) primitive.utilization = utilization;
    return primitive;
  }

  private group(element: XmlElement): Group {
    const id = this.id(element);
    const { meta, raw } = this.meta(element);
    const ordered = raw.get("ordered");
    if (ordered !== undefined && !parseBoolean(ordered, "ordered", where(element))) {
      throw new Unsupported("unordered group (ordered=false)", where(element));
    }
    if (childNamed(element, "utilization") !== undefined) throw new Unsupported("utilization of a group", where(element));
    const members: Primitive[] = [];
    for (const child of element.children) {
      if (child.name === "primitive") members.push(this.primitive(child));
      else if (isResourceElement(child.name)) throw new Unsupported(`${child.name} inside a group`, where(child));
    }
    if (members.length === 0) throw new InputError("group without members", where(element));
    this.conditions(element, raw, members.map((m) => m.id), this.fencingEnabled ? "fencing" : "quorum");
    return { kind: "group", id, members, meta };
  }

  private clone(element: XmlElement): Clone {
    const id = this.id(element);
    const at = where(element);
    const { meta, raw } = this.meta(element);
    if (childNamed(element, "utilization") !== undefined) throw new Unsupported("utilization of a clone", at);
    const children = element.children.filter((child) => isResourceElement(child.name));
    if (children.length !== 1) throw new InputError("a clone must hold exactly one resource", at);
    const inner = children[0] as XmlElement;
    let child: Primitive | Group;
    if (inner.name === "primitive") child = this.primitive(inner);
    else if (inner.name === "group") child = this.group(inner);
    else throw new Unsupported(`${inner.name} inside a clone`, where(inner));
    const cloneMax = raw.get("clone-max");
    const cloneNodeMax = raw.get("clone-node-max");
    const interleave = raw.get("interleave");
    const ordered = raw.get("ordered");
    const clone: Clone = {
      kind: "clone",
      id,
      child,
      meta,
      cloneNodeMax: cloneNodeMax === undefined ? 1 : parseCount(cloneNodeMax, "clone-node-max", at),
      interleave: interleave === undefined ? false : parseBoolean(interleave, "interleave", at),
      ordered: ordered === undefined ? false : parseBoolean(ordered, "ordered", at),
    };
    if (cloneMax !== undefined) clone.cloneMax = parseCount(cloneMax, "clone-max", at);
    // Pacemaker 2.1 ignores clone-node-max above 1 for anonymous clones (with a configuration error).
    if (clone.cloneNodeMax > 1) throw new Unsupported("clone-node-max > 1 on an anonymous clone", at);
    if (raw.has("multiple-active") && raw.get("multiple-active") !== "stop_start") throw new Unsupported(`multiple-active=${raw.get("multiple-active")}`, at);
    this.conditions(element, raw, primitivesOf([child]).map((p) => p.id), this.fencingEnabled ? "fencing" : "quorum");
    return clone;
  }

  private meta(element: XmlElement): ParsedMeta {
    const at = where(element);
    const raw = readNvpairs(element, "meta_attributes", this.ids);
    const meta: ResourceMeta = {};
    for (const [name, value] of raw) {
      switch (name) {
        case "allow-migrate":
          meta.allowMigrate = parseBoolean(value, name, at);
          break;
        case "target-role":
          if (value !== "#default") meta.targetRole = parseRole(value, name, at);
          break;
        case "resource-stickiness":
        case "resource_stickiness":
          meta.stickiness = parseScore(value, name, at);
          break;
        case "migration-threshold":
          meta.migrationThreshold = parseThreshold(value, at);
          break;
        case "is-managed":
          meta.isManaged = parseBoolean(value, name, at);
          break;
        case "priority":
          meta.priority = parseScore(value, name, at);
          break;
        default: {
          const construct = Object.hasOwn(UNSUPPORTED_META, name) ? UNSUPPORTED_META[name] : undefined;
          if (construct !== undefined || name.startsWith("remote-")) {
            throw new Unsupported(construct ?? "guest node (remote-* meta)", at);
          }
          const harmless = Object.hasOwn(DEFAULT_ONLY_META, name) ? DEFAULT_ONLY_META[name] : undefined;
          if (harmless !== undefined && !harmless(value, at)) throw new Unsupported(`${name}=${value}`, at);
          // Any other name (clone notifications, failure-timeout, user notes) does not change placement.
        }
      }
    }
    return { meta, raw };
  }

  /**
   * Registers the conditionals of a resource's meta attributes, for the
   * primitives it holds: `requires` other than `defaultRequires` (fencing,
   * or quorum for fencing devices and without fencing), `multiple-active`
   * other than stop_start, `failure-timeout`.
   */
  private conditions(element: XmlElement, raw: Map<string, string>, primitives: string[], defaultRequires: string): void {
    const at = where(element);
    const requires = raw.get("requires");
    if (requires !== undefined && requires !== defaultRequires) {
      this.conditionals.push({ construct: `requires=${requires}`, where: at, matters: whenFencingOrQuorumMatters });
    }
    const multipleActive = raw.get("multiple-active");
    if (multipleActive !== undefined && multipleActive !== "stop_start") {
      this.conditionals.push({ construct: `multiple-active=${multipleActive}`, where: at, matters: whenMultiplyActive(primitives) });
    }
    if (raw.has("failure-timeout") && raw.get("failure-timeout") !== "0") {
      this.conditionals.push({ construct: "failure-timeout with recorded failures", where: at, matters: whenFailed(primitives) });
    }
  }

  /** Registers each non-default `on-fail`: it matters once that operation has failed (or any failure is counted). */
  private operations(element: XmlElement, id: string): void {
    for (const op of childrenNamed(element, "operations").flatMap((operations) => childrenNamed(operations, "op"))) {
      const onFail = op.attributes["on-fail"];
      if (onFail === undefined) continue;
      const name = requiredAttribute(op, "name");
      const defaultOnFail = name === "stop" ? (this.fencingEnabled ? "fence" : "block") : "restart";
      if (onFail !== defaultOnFail) {
        const failed = whenOperationFailed([id], name);
        const counted = whenFailed([id]);
        this.conditionals.push({ construct: `op on-fail=${onFail}`, where: where(op), matters: (c) => failed(c) || counted(c) });
      }
    }
  }
}

function isResourceElement(name: string): boolean {
  return name === "primitive" || name === "group" || name === "clone" || name === "master" || name === "bundle";
}

/** Reads the `<resources>` section. */
export function readResources(section: XmlElement | undefined, ids: IdIndex, fencingEnabled: boolean): ReadResources {
  const reader = new ResourceReader(ids, fencingEnabled);
  const resources = section === undefined ? [] : reader.read(section);
  return { resources, conditionals: reader.conditionals };
}
