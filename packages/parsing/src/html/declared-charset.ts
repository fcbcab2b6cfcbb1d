// Browsers look for a charset declaration in the first 1024 bytes; so do we.
const PRESCAN_BYTES = 1024;
const META_CHARSET = /<meta[^>]*?charset\s*=\s*["']?\s*([\w:.-]+)/i;
const XML_ENCODING = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([\w:.-]+)["']/i;

/**
 * The charset an HTML document declares for itself (<meta charset>, <meta http-equiv> or an XML
 * declaration). UTF-16/32 declarations are ignored, as browsers do: a document readable enough
 * to declare them in ASCII is not in them, and a real one starts with a byte order mark.
 */
export function declaredHtmlCharset(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, PRESCAN_BYTES));
  const charset = META_CHARSET.exec(head)?.[1] ?? XML_ENCODING.exec(head)?.[1];
  if (!charset || /^utf-?(16|32)/i.test(charset)) return undefined;
  return charset;
}
