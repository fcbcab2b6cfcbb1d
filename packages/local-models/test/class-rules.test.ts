import { ClassCatalog } from "@docworker/core";
import { describe, expect, it } from "vitest";
import { createRulesExtractor } from "../src/index.ts";

const catalog = ClassCatalog.builtIn();
const extract = (className: string, text: string) =>
  createRulesExtractor().extract({
    text,
    filename: "doc.txt",
    mediaType: "text/plain",
    headings: [],
    schema: catalog.get(className).schema,
    className,
  });

describe("the rules extractor fills each class's schema", () => {
  it("reads a receipt's company, date, address and total as printed", async () => {
    const out = await extract(
      "receipt",
      "tan woon yann\nBOOK TA .K (TAMAN DAYA) SDN BHD\n789417-W\nNO.53 55,57 & 59, JALAN SAGU 18,\nTAMAN DAYA,\n81100 JOHOR BAHRU,\nJOHOR.\nDocument No : TD01167104\nDate: 25/12/2018 8:13:39 PM\nCASH BILL\nTotal : 9.00\nRounding Adjustment 0.00\nRounded Total (RM): 9.00\nCash 10.00\nCHANGE 1.00\nGST SUMMARY\nTotal: 8.49 0.51",
    );
    expect(out.data).toEqual({
      company: "BOOK TA .K (TAMAN DAYA) SDN BHD",
      date: "25/12/2018",
      address: "NO.53 55,57 & 59, JALAN SAGU 18, TAMAN DAYA, 81100 JOHOR BAHRU, JOHOR.",
      total: "9.00",
    });
    expect(out.extractor).toBe("rules");
    expect(out.fieldConfidence?.total).toBeGreaterThan(0.8);
  });

  it("reads an e-mail's headers", async () => {
    const out = await extract(
      "email",
      "From: Ada <ada@example.com>\nTo: bob@example.com, eve@example.com\nSubject: Q3 numbers\nDate: 2024-07-01\n\nHi",
    );
    expect(out.data).toEqual({
      from: "Ada <ada@example.com>",
      to: ["bob@example.com", "eve@example.com"],
      subject: "Q3 numbers",
      sent_at: "2024-07-01",
    });
  });

  it("leaves what it cannot find empty, and still validates", async () => {
    const out = await extract("invoice", "nothing to see here");
    expect(out.data).toMatchObject({ invoice_number: "", due_date: "", total: null });
    expect(out.fieldConfidence?.invoice_number).toBe(0);
  });
});
