import * as XLSX from "xlsx-republish";

/** An OLE compound file holding these streams, written by SheetJS's CFB writer. */
export function buildCompoundFile(streams: Record<string, Uint8Array | string>): Uint8Array {
  const container = XLSX.CFB.utils.cfb_new();
  for (const [name, content] of Object.entries(streams)) {
    const data = typeof content === "string" ? Buffer.from(content, "utf16le") : Buffer.from(content);
    XLSX.CFB.utils.cfb_add(container, `/${name}`, data);
  }
  return new Uint8Array(XLSX.CFB.write(container, { type: "buffer", fileType: "cfb" }) as Buffer);
}

/**
 * A minimal Outlook item as MS-OXMSG lays it out: string properties as UTF-16LE streams named
 * __substg1.0_<tag><type>, recipients in their own storages, and the property stream header.
 */
export function buildMsg(message: { subject: string; from: string; fromEmail: string; to: string; body: string }) {
  const property = (tag: string) => `__substg1.0_${tag}001F`;
  const header = new Uint8Array(32);
  const recipientHeader = new Uint8Array(8);
  return buildCompoundFile({
    "__properties_version1.0": header,
    [property("0037")]: message.subject,
    [property("0C1A")]: message.from,
    [property("0C1F")]: message.fromEmail,
    [property("0E04")]: message.to,
    [property("1000")]: message.body,
    "__recip_version1.0_#00000000/__properties_version1.0": recipientHeader,
    [`__recip_version1.0_#00000000/${property("3001")}`]: message.to,
    [`__recip_version1.0_#00000000/${property("3003")}`]: `${message.to.toLowerCase().replace(/\s+/g, ".")}@example.com`,
  });
}
