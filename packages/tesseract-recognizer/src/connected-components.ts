/** An 8-connected patch of dark pixels: its bounding box (inclusive) and its number of pixels. */
export interface Component {
  left: number;
  top: number;
  right: number;
  bottom: number;
  pixels: number;
}

/**
 * The 8-connected components of the dark pixels of a width × height image (dark[index] 1 or 0);
 * labels[index] is the component's index in `components`, -1 for a light pixel.
 */
export function connectedComponents(
  dark: Uint8Array,
  width: number,
  height: number,
): { labels: Int32Array; components: Component[] } {
  const labels = new Int32Array(dark.length).fill(-1);
  const components: Component[] = [];
  const stack = new Int32Array(dark.length);
  for (let start = 0; start < dark.length; start += 1) {
    if (!dark[start] || (labels[start] as number) >= 0) continue;
    const label = components.length;
    const component = { left: width, top: height, right: -1, bottom: -1, pixels: 0 };
    let size = 0;
    stack[size++] = start;
    labels[start] = label;
    while (size > 0) {
      const at = stack[--size] as number;
      const x = at % width;
      const y = (at - x) / width;
      component.pixels += 1;
      if (x < component.left) component.left = x;
      if (x > component.right) component.right = x;
      if (y < component.top) component.top = y;
      if (y > component.bottom) component.bottom = y;
      for (let ny = Math.max(0, y - 1); ny <= Math.min(height - 1, y + 1); ny += 1) {
        for (let nx = Math.max(0, x - 1); nx <= Math.min(width - 1, x + 1); nx += 1) {
          const near = ny * width + nx;
          if (dark[near] && (labels[near] as number) < 0) {
            labels[near] = label;
            stack[size++] = near;
          }
        }
      }
    }
    components.push(component);
  }
  return { labels, components };
}
