/**
 * The ticket states of the status section (`<tickets>`): whether each ticket
 * is granted, and whether it is in standby. A ticket with no `ticket_state`
 * is not granted.
 */
import type { TicketState } from "../model.ts";
import { parseBoolean, requiredAttribute, where } from "./values.ts";
import { childNamed, childrenNamed, type XmlElement } from "./xml.ts";

/** Reads `<status><tickets>`; undefined when the status records no ticket state. */
export function readTickets(status: XmlElement | undefined): TicketState[] | undefined {
  const tickets = status === undefined ? undefined : childNamed(status, "tickets");
  const states = tickets === undefined ? [] : childrenNamed(tickets, "ticket_state");
  if (states.length === 0) return undefined;
  return states.map((element) => {
    const at = where(element);
    const flag = (name: string) => {
      const value = element.attributes[name];
      return value === undefined ? false : parseBoolean(value, name, at);
    };
    return { id: requiredAttribute(element, "id"), granted: flag("granted"), standby: flag("standby") };
  });
}
