import { describe, expect, it } from "vitest";
import { CsvError, detectDelimiter, readCsv, readCsvWithHeader } from "./csv";

const all = (text: string) => [...readCsv(text)].map((r) => r.fields);

describe("readCsv (csv-parse)", () => {
  it("reads quotes, escaped quotes, line breaks inside quotes and every line ending", () => {
    expect(all('a,b\r\n"x, y","say ""hi"""\n"multi\nline",2\r3,4')).toEqual([["a", "b"], ["x, y", 'say "hi"'], ["multi\nline", "2"], ["3", "4"]]);
  });

  it("skips a BOM and blank lines, keeps empty fields and a trailing delimiter", () => {
    expect(all("\uFEFFa,b,c\n\n1,,3\n4,5,\n")).toEqual([["a", "b", "c"], ["1", "", "3"], ["4", "5", ""]]);
  });

  it("reports the line a record starts on, counting line breaks inside quotes", () => {
    expect([...readCsv('h\n"a\nb"\nc')].map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it("detects semicolons and tabs from the header", () => {
    expect(detectDelimiter('order;amount;"a,b"\n1;2;3')).toBe(";");
    expect(all("a\tb\n1\t2")).toEqual([["a", "b"], ["1", "2"]]);
    expect(readCsvWithHeader(" Order ; Amount \n1;2").headers).toEqual(["Order", "Amount"]);
  });

  it("refuses a quoted field that never closes", () => {
    expect(() => all('a,b\n"open,1\n2,3')).toThrow(CsvError);
  });
});
