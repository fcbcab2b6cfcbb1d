import { posix } from "node:path";
import type { Unzipped } from "fflate";
import { entryText } from "../zip/zip-archive.ts";
import { findAll, parseXml } from "./xml-dom.ts";

/**
 * A part's relationships (its _rels/NAME.rels) as relationship id -> target part name, optionally
 * only those of one type ("slide", "notesSlide", ...). External targets (hyperlinks) are left out.
 */
export function readRelationships(entries: Unzipped, partName: string, type?: string): Map<string, string> {
  const directory = posix.dirname(partName);
  const relsName = posix.join(directory, "_rels", `${posix.basename(partName)}.rels`);
  const relationships = new Map<string, string>();
  const xml = entryText(entries, relsName);
  if (!xml) return relationships;
  for (const relationship of findAll(parseXml(xml), "Relationship")) {
    const { Id: id, Target: target, Type: relationshipType, TargetMode: mode } = relationship.attribs;
    if (!id || !target || mode === "External") continue;
    if (type && !relationshipType?.endsWith(`/${type}`)) continue;
    const resolved = target.startsWith("/") ? target.slice(1) : posix.normalize(posix.join(directory, target));
    relationships.set(id, resolved);
  }
  return relationships;
}
