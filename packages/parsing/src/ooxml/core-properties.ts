import { normaliseInline } from "../text/normalise-whitespace.ts";
import { findFirst, parseXml, xmlText } from "./xml-dom.ts";

/** docProps/core.xml part name, the same in DOCX, PPTX and XLSX. */
export const CORE_PROPERTIES_PART = "docProps/core.xml";

const PROPERTY_NAMES: Record<string, string> = {
  title: "title",
  creator: "author",
  subject: "subject",
  description: "description",
  keywords: "keywords",
};

/** Title, author, subject and the like from an OOXML package's core properties. */
export function readCoreProperties(xml: string | undefined): Record<string, string> {
  const properties: Record<string, string> = {};
  if (!xml) return properties;
  const root = parseXml(xml);
  for (const [element, property] of Object.entries(PROPERTY_NAMES)) {
    const found = findFirst(root, element);
    const value = found ? normaliseInline(xmlText(found)) : "";
    if (value) properties[property] = value;
  }
  return properties;
}
