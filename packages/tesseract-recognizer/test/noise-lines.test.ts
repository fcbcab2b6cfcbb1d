import { describe, expect, it } from "vitest";
import { isNoise, isTextless } from "../src/noise-lines.ts";

describe("noise among recognised lines", () => {
  it("is texture: short runs at low confidence, without three letters or digits in a row", () => {
    expect(isNoise("~ ,; ae |", 0.4)).toBe(true);
    expect(isNoise("~ ,; ae |", 0.7)).toBe(false);
    expect(isNoise("TOTAL 12.00", 0.4)).toBe(false);
  });

  it("is a printed rule: a row of asterisks or equals signs read as a few characters repeated", () => {
    expect(isNoise("EEXXEEXEXXAEXERRELXXE F XX KX XK XARA XXX REX KX XK", 0)).toBe(true);
    expect(isNoise("0322222220222 2222822038322333333F 33033394", 0)).toBe(true);
    // Read confidently, the same characters are text: a row of amounts.
    expect(isNoise("0.00 0.00 0.00 0.00", 0.9)).toBe(false);
  });

  it("is not text that is unsure but varied, nor a short repeat", () => {
    expect(isNoise("Facebook.com/BartVangRice", 0)).toBe(false);
    expect(isNoise("JMO32E95E", 0)).toBe(false);
    expect(isNoise("XXXXXX", 0.1)).toBe(false);
  });

  it("is a whole page of texture: a word or two of letters read unsurely", () => {
    expect(isTextless([{ text: "eld 4" }], 0.49)).toBe(true);
    expect(isTextless([], 0)).toBe(true);
    // A sign photographed: short, but read surely.
    expect(isTextless([{ text: "EXIT" }], 0.93)).toBe(false);
    // Unsure, but more than a word or two.
    expect(isTextless([{ text: "TOTAL 12.00" }, { text: "CASH" }], 0.45)).toBe(false);
  });
});
