import { type Component, connectedComponents } from "./connected-components.ts";
import { greyLevels, otsu } from "./grey-levels.ts";

// Sizes are in typical characters: the median height of a page's inked components of at least
// MIN_CHARACTER_PIXELS pixels. A component under MARK_HEIGHT of that is a mark (a dot, a dash,
// a stroke of an equals sign); one that is also RULE_WIDTH wide is a rule by itself.
const MIN_CHARACTER_PIXELS = 12;
const MARK_HEIGHT = 0.4;
const RULE_WIDTH = 4;
// Marks side by side, each at most NEXT_MARK_GAP after the one before and SAME_LINE up or down
// from it, form a run; MIN_MARKS of them are a leader or a dashed rule.
const NEXT_MARK_GAP = 1.2;
const SAME_LINE = 0.25;
const MIN_MARKS = 5;
// A mark of a run with a character at most BESIDE away on both sides is kept: a decimal point, a
// colon or a hyphen inside a run of specks.
const BESIDE = 0.6;
// Pixels around a mark whitened with it: its grey edge, lighter than the threshold, would stay
// behind as a fainter mark. Other components' pixels there stay.
const PAD = 2;

/**
 * Whitens the dotted leaders and dashed rules of a page (RGBA pixels, changed in place). Tesseract
 * reads such a run as letters ("EEXXEE", "0322222") and, where it runs beside text, into the
 * text's line; receipts print them between rows and between labels and amounts. A page with more
 * marks in runs than characters is left as it is: that is a halftone picture or a dotted
 * background under the print, and whitening it takes thin strokes and decimal points with it.
 * Dark is darker than the page's Otsu threshold. Returns how many marks it whitened.
 */
export function eraseLeaderMarks(rgba: Uint8ClampedArray, width: number, height: number): number {
  const grey = greyLevels(rgba);
  const threshold = otsu(grey);
  const dark = grey.map((level) => (level <= threshold ? 1 : 0));
  const { labels, components } = connectedComponents(dark, width, height);
  const heights = components
    .filter((c) => c.pixels >= MIN_CHARACTER_PIXELS)
    .map(heightOf)
    .sort((a, b) => a - b);
  if (heights.length === 0) return 0;
  const character = heights[Math.floor(heights.length / 2)] as number;
  const between = betweenCharacters(components, character);
  const erased = new Uint8Array(components.length);
  let count = 0;
  for (const run of runsOfMarks(components, character)) {
    const rule = run.length === 1 && widthOf(components[run[0] as number] as Component) >= RULE_WIDTH * character;
    if (run.length < MIN_MARKS && !rule) continue;
    for (const label of run) {
      if (between(components[label] as Component)) continue;
      erased[label] = 1;
      count += 1;
    }
  }
  if (count === 0 || count > heights.length) return 0;
  erased.forEach((on, label) => {
    if (!on) return;
    const c = components[label] as Component;
    for (let y = Math.max(0, c.top - PAD); y <= Math.min(height - 1, c.bottom + PAD); y += 1) {
      for (let x = Math.max(0, c.left - PAD); x <= Math.min(width - 1, c.right + PAD); x += 1) {
        const other = labels[y * width + x] as number;
        if (other >= 0 && !erased[other]) continue;
        const at = (y * width + x) * 4;
        rgba[at] = 255;
        rgba[at + 1] = 255;
        rgba[at + 2] = 255;
      }
    }
  });
  return count;
}

/** The runs of marks side by side, left to right, each as its components' labels. */
function runsOfMarks(components: Component[], character: number): number[][] {
  const marks = components
    .map((component, label) => ({ component, label }))
    .filter(({ component }) => heightOf(component) < MARK_HEIGHT * character)
    .sort((a, b) => a.component.left - b.component.left);
  const reach = NEXT_MARK_GAP * character;
  const runs: { last: Component; labels: number[] }[] = [];
  // Runs whose last mark lies too far left for the next are set aside: the marks come left to right.
  let open: typeof runs = [];
  for (const { component: c, label } of marks) {
    const middle = (c.top + c.bottom) / 2;
    if (open.length > 64) open = open.filter(({ last }) => c.left - last.right <= reach);
    const run = open.find(
      ({ last }) =>
        c.left - last.right <= reach &&
        c.left > last.left &&
        Math.abs((last.top + last.bottom) / 2 - middle) <= SAME_LINE * character,
    );
    if (run) {
      run.last = c;
      run.labels.push(label);
    } else {
      const started = { last: c, labels: [label] };
      runs.push(started);
      open.push(started);
    }
  }
  return runs.map((run) => run.labels);
}

/** Whether a mark has a character (a component of about a character's height) close on both sides on its line. */
function betweenCharacters(components: Component[], character: number): (mark: Component) => boolean {
  const cell = Math.max(1, character);
  const grid = new Map<string, Component[]>();
  for (const c of components) {
    const tall = heightOf(c);
    if (tall < 0.5 * character || tall > 3 * character) continue;
    for (let row = Math.floor(c.top / cell); row <= Math.floor(c.bottom / cell); row += 1) {
      for (let column = Math.floor(c.left / cell); column <= Math.floor(c.right / cell); column += 1) {
        const key = `${column},${row}`;
        const list = grid.get(key);
        if (list) list.push(c);
        else grid.set(key, [c]);
      }
    }
  }
  const reach = BESIDE * character;
  return (mark) => {
    const middle = (mark.top + mark.bottom) / 2;
    const row = Math.floor(middle / cell);
    let left = false;
    let right = false;
    for (
      let column = Math.floor((mark.left - reach) / cell);
      column <= Math.floor((mark.right + reach) / cell);
      column += 1
    ) {
      for (const c of grid.get(`${column},${row}`) ?? []) {
        // A decimal point sits on the baseline, a little below the characters' boxes at most.
        if (middle < c.top - 0.1 * character || middle > c.bottom + 0.2 * character) continue;
        if (c.right < mark.left && mark.left - c.right <= reach) left = true;
        if (c.left > mark.right && c.left - mark.right <= reach) right = true;
      }
    }
    return left && right;
  };
}

function widthOf(c: Component): number {
  return c.right - c.left + 1;
}

function heightOf(c: Component): number {
  return c.bottom - c.top + 1;
}
