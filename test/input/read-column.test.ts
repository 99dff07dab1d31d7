import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { DataError, UsageError } from "../../src/errors.js";
import { readColumn } from "../../src/input/fast-column.js";
import { type ReadColumnOptions, readColumnWithLibrary } from "../../src/input/read-column.js";

const readers = { fast: readColumn, "csv-parse": readColumnWithLibrary };

for (const [readerName, reader] of Object.entries(readers)) {
  function read(text: string | Buffer, options: Partial<ReadColumnOptions> = {}) {
    // Several chunks, split mid-line, as a pipe delivers them.
    const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
    const chunks = [bytes.subarray(0, 3), bytes.subarray(3, 7), bytes.subarray(7)];
    return reader(Readable.from(chunks), {
      sourceName: "data.csv",
      header: "auto",
      delimiter: ",",
      skipInvalid: false,
      ...options,
    });
  }

  async function failure(text: string, options: Partial<ReadColumnOptions> = {}) {
    try {
      await read(text, options);
    } catch (error) {
      return error as Error;
    }
    throw new Error("expected the read to fail");
  }

  describe(`readColumn (${readerName})`, () => {
    it("reads a bare column of numbers", async () => {
      const column = await read("1\n2.5\n-3e2\n");
      expect([...column.values]).toEqual([1, 2.5, -300]);
      expect(column.header).toBe(false);
      expect(column.name).toBeUndefined();
    });

    it("detects a header, quoted, after a UTF-8 BOM, with CRLF line ends", async () => {
      const column = await read('\ufeff"x"\r\n1\r\n2\r\n');
      expect([...column.values]).toEqual([1, 2]);
      expect(column.header).toBe(true);
      expect(column.name).toBe("x");
    });

    it("selects a column by name or by 1-based number, with quoted fields", async () => {
      const text = '"eruptions","waiting"\n3.6,79\n"1.8",54\n';
      expect([...(await read(text, { column: "waiting" })).values]).toEqual([79, 54]);
      expect([...(await read(text, { column: 1 })).values]).toEqual([3.6, 1.8]);
      expect((await read(text, { column: 2 })).name).toBe("waiting");
    });

    it("skips blank lines, including lines of spaces", async () => {
      expect([...(await read("x\n\n1\n   \n2\n\n")).values]).toEqual([1, 2]);
    });

    it("honours --header and --no-header", async () => {
      expect([...(await read("5\n6\n", { header: true })).values]).toEqual([6]);
      const error = await failure("x\n6\n", { header: false });
      expect(error.message).toBe(
        'data.csv:1: column 1: "x" is not a number (a header? drop --no-header, or --skip-invalid skips it)',
      );
    });

    it("uses the delimiter given, tab included", async () => {
      expect([...(await read("a\tb\n1\t2\n", { delimiter: "\t", column: "b" })).values]).toEqual([
        2,
      ]);
      expect([...(await read("a;b\n1;2\n", { delimiter: ";", column: 1 })).values]).toEqual([1]);
    });

    it("returns no values for empty input", async () => {
      expect((await read("")).values.length).toBe(0);
      expect((await read("x\n")).values.length).toBe(0);
    });

    const bad: [string, string, Partial<ReadColumnOptions>, string][] = [
      [
        "a word",
        "x\n1\nabc\n",
        {},
        'data.csv:3: column "x": "abc" is not a number (--skip-invalid skips invalid values and counts them)',
      ],
      [
        "NaN",
        "x\n1\nNaN\n",
        {},
        'data.csv:3: column "x": "NaN" is not a number (a missing or non-finite value; --skip-invalid skips these)',
      ],
      [
        "inf",
        "1\n2\ninf\n",
        {},
        'data.csv:3: column 1: "inf" is not a number (a missing or non-finite value; --skip-invalid skips these)',
      ],
      [
        "NA",
        "x\nNA\n",
        {},
        'data.csv:2: column "x": "NA" is not a number (a missing or non-finite value; --skip-invalid skips these)',
      ],
      [
        "an empty field",
        "a,b\n1,\n",
        { column: "b" },
        'data.csv:2: column "b": "" is not a number (an empty field; --skip-invalid skips missing values)',
      ],
      [
        "hex",
        "x\n0x1F\n",
        {},
        'data.csv:2: column "x": "0x1F" is not a number (hexadecimal is not accepted: write decimal)',
      ],
      [
        "a quoted decimal comma",
        'x\n"1,5"\n',
        {},
        'data.csv:2: column "x": "1,5" is not a number (a decimal comma? write numbers with a point, such as 1.5)',
      ],
      [
        "an unquoted decimal comma",
        "x\n2\n1,5\n",
        {},
        'data.csv:3: expected 1 field, found 2 ("1,5"): a decimal comma? write numbers with a point, such as 1.5',
      ],
      [
        "semicolons",
        "x;y\n1;2\n",
        { column: 1 },
        'data.csv:2: column "x;y": "1;2" is not a number (several columns? set the delimiter, such as --delimiter \';\')',
      ],
      [
        "tabs",
        "1\t2\n3\t4\n",
        {},
        'data.csv:2: column "1\\t2": "3\\t4" is not a number (several columns? set the delimiter, such as --delimiter tab)',
      ],
      [
        "too large",
        "x\n1e999\n",
        {},
        'data.csv:2: column "x": "1e999" is not a number (too large for a double)',
      ],
      [
        "a ragged row",
        "a,b\n1,2\n3\n",
        { column: 2 },
        'data.csv:3: expected 2 fields, found 1 ("3"): every row needs the same number of fields as the first',
      ],
      [
        "an unclosed quote",
        'x\n1\n"2\n3\n',
        {},
        "data.csv:4: malformed CSV: a quoted field is never closed",
      ],
      [
        "text after a closing quote",
        'x\n"1"2\n',
        {},
        'data.csv:2: malformed CSV: text follows a closing quote; a quote inside a quoted field is written twice ("")',
      ],
    ];
    for (const [what, text, options, message] of bad) {
      it(`stops at ${what} with a DataError naming the line`, async () => {
        const error = await failure(text, options);
        expect(error).toBeInstanceOf(DataError);
        expect(error.message).toBe(message);
      });
    }

    it("skips invalid values with skipInvalid, counting them and noting the first", async () => {
      const column = await read("x\n1\nNA\n2\n\n3\nabc\n", { skipInvalid: true });
      expect([...column.values]).toEqual([1, 2, 3]);
      expect(column.skipped).toBe(2);
      expect(column.firstSkipped).toEqual({ line: 3, field: "NA" });
    });

    const usage: [string, string, Partial<ReadColumnOptions>, string][] = [
      [
        "an unknown column name",
        "a,b\n1,2\n",
        { column: "c" },
        'data.csv has no column "c"; its columns are: a, b',
      ],
      [
        "a column number out of range",
        "a,b\n1,2\n",
        { column: 3 },
        "data.csv has 2 columns: --column 3 is out of range",
      ],
      [
        "a column name with --no-header",
        "a\n1\n",
        { column: "a", header: false },
        '--column "a" names a header, but --no-header says there is none: give the column\'s number instead',
      ],
    ];
    for (const [what, text, options, message] of usage) {
      it(`rejects ${what} as a usage error`, async () => {
        const error = await failure(text, options);
        expect(error).toBeInstanceOf(UsageError);
        expect(error.message).toBe(message);
      });
    }

    const shape: [string, string, Partial<ReadColumnOptions>, string][] = [
      [
        "several named columns and no --column",
        "a,b\n1,2\n",
        {},
        "data.csv has 2 columns (a, b): choose one with --column NAME or --column N",
      ],
      [
        "several unnamed columns and no --column",
        "1,2,3\n",
        {},
        "data.csv has 3 columns and no header: choose one with --column N (1 to 3)",
      ],
    ];
    for (const [what, text, options, message] of shape) {
      it(`rejects ${what} as a data error`, async () => {
        const error = await failure(text, options);
        expect(error).toBeInstanceOf(DataError);
        expect(error.message).toBe(message);
      });
    }

    it("grows past its initial capacity", async () => {
      const lines = Array.from({ length: 5000 }, (_, i) => `${i}`).join("\n");
      const column = await read(`v\n${lines}\n`);
      expect(column.values.length).toBe(5000);
      expect(column.values[4999]).toBe(4999);
    });
  });
}
