import {
  DocworkerError,
  type PageImage,
  type RecognitionRequest,
  type RecognizedLine,
  type RecognizedPage,
  type TextRecognizer,
  weightedConfidence,
} from "@docworker/core";
import {
  createScheduler,
  createWorker,
  OEM,
  type Page,
  type RecognizeOptions,
  type Scheduler,
  type Worker,
} from "tesseract.js";
import { withoutEdgeMarks } from "./edge-marks.ts";
import { languageFolder } from "./language-data.ts";
import { withMissedLines } from "./missed-lines.ts";
import { isNoise, isTextless } from "./noise-lines.ts";
import { type PreparedImage, prepareImage, thumbnail } from "./prepare-image.ts";
import { withSurerWords } from "./word-vote.ts";

export interface TesseractOptions {
  /** Tesseract language codes, e.g. ["eng"] or ["eng", "fra"]; each needs its @tesseract.js-data package. */
  languages: string[];
  /** Pages recognised at once, one WebAssembly worker thread each. */
  workers: number;
  /** Tesseract parameters, e.g. { tessedit_pageseg_mode: "4" }. */
  parameters?: Record<string, string>;
  /**
   * Read each page a second time in sparse-text mode and add the lines the first reading left
   * out (a title in large type above small print), and take its reading of a word where it is
   * surer (see withSurerWords). On the SROIE receipts a page takes 1.3 to 1.5 times as long; default on.
   */
  recoverMissedLines?: boolean;
}

// A page read with less confidence than this is checked for being upside down or sideways.
const CHECK_ORIENTATION_BELOW = 0.75;
// Orientation detection's own confidence needed before a turn is tried; the turned page is kept
// only when it reads clearly better, so a wrong guess costs time, never text.
const MIN_ORIENTATION_CONFIDENCE = 1.5;
const BETTER_BY = 0.05;
// tesseract.js reads a page as one uniform block of text (PSM 6) unless told otherwise; on the
// receipts that kept rows together better than automatic segmentation (PSM 3) or one column (4).
const DEFAULT_PARAMETERS: Record<string, string> = { tessedit_pageseg_mode: "6" };
// The second reading, for lines the first dropped: sparse text, every line found on its own.
// tesseract.js applies Tesseract parameters given with a job to that job alone; its types omit them.
const SPARSE_TEXT = { tessedit_pageseg_mode: "11" } as Partial<RecognizeOptions>;

/**
 * The embedded recognizer: Tesseract's LSTM engine compiled to WebAssembly (tesseract.js), run in
 * worker threads, with language data loaded from npm packages in node_modules; nothing is fetched
 * at run time. Pages that read poorly go through orientation detection and are read again turned.
 */
export function createTesseractRecognizer(options: TesseractOptions): TextRecognizer & { close(): Promise<void> } {
  const languages = options.languages.length > 0 ? options.languages : ["eng"];
  const recoverMissedLines = options.recoverMissedLines ?? true;
  // Read the data now, so a missing language fails at start-up, not on the first scan.
  const lstmFolder = languageFolder(languages, "lstm");
  const osdFolder = languageFolder(["osd"], "legacy");
  let scheduler: Promise<Scheduler> | undefined;
  let orientation: Promise<Worker> | undefined;

  const readers = () => {
    scheduler ??= (async () => {
      const created = createScheduler();
      for (let index = 0; index < Math.max(1, options.workers); index += 1) {
        const worker = await createWorker(languages, OEM.LSTM_ONLY, {
          langPath: lstmFolder,
          gzip: true,
          cacheMethod: "none",
        });
        await worker.setParameters({ ...DEFAULT_PARAMETERS, ...options.parameters });
        created.addWorker(worker);
      }
      return created;
    })();
    return scheduler;
  };
  const orienter = () => {
    orientation ??= createWorker("osd", OEM.TESSERACT_ONLY, {
      langPath: osdFolder,
      gzip: true,
      cacheMethod: "none",
      legacyCore: true,
      legacyLang: true,
    });
    return orientation;
  };

  const readPage = async (image: PageImage): Promise<RecognizedPage> => {
    const pool = await readers();
    const lines = async (prepared: PreparedImage, mode: Partial<RecognizeOptions>) =>
      linesOf((await pool.addJob("recognize", prepared.png, mode, { blocks: true, text: false })).data, prepared);
    const read = async (rotation: number) => {
      const prepared = await prepareOrRefuse(image, rotation);
      return { prepared, page: toPage(image.page, await lines(prepared, {}), rotation) };
    };
    const upright = await read(0);
    const turned = async () => {
      if (upright.page.confidence >= CHECK_ORIENTATION_BELOW && upright.page.lines.length > 0) return undefined;
      const detected = await (await orienter()).detect(await thumbnail(image.bytes, 1600)).catch(() => undefined);
      const degrees = detected?.data.orientation_degrees ?? 0;
      if (!degrees || (detected?.data.orientation_confidence ?? 0) < MIN_ORIENTATION_CONFIDENCE) return undefined;
      // Tesseract reports how far the page is turned; turning it that far again clockwise rights it.
      const reading = await read(degrees);
      return reading.page.confidence > upright.page.confidence + BETTER_BY ? reading : undefined;
    };
    // The second reading only for the way up the first readings chose.
    const { prepared, page } = (await turned()) ?? upright;
    if (!recoverMissedLines) return withoutTexture(page);
    const sparse = await lines(prepared, SPARSE_TEXT);
    return withoutTexture(
      toPage(page.page, withMissedLines(withSurerWords(page.lines, sparse), sparse), page.rotation ?? 0),
    );
  };

  return {
    engine: `tesseract:${languages.join("+")}`,
    async recognize(request: RecognitionRequest): Promise<RecognizedPage[]> {
      return Promise.all(request.pages.map(readPage));
    },
    async close() {
      const pending = [scheduler?.then((s) => s.terminate()), orientation?.then((w) => w.terminate())];
      scheduler = undefined;
      orientation = undefined;
      await Promise.allSettled(pending);
    },
  };
}

async function prepareOrRefuse(image: PageImage, rotation: number): Promise<PreparedImage> {
  try {
    return await prepareImage(image.bytes, rotation);
  } catch (error) {
    throw new DocworkerError("UNSUPPORTED_TYPE", `page ${image.page} is not an image Tesseract can read`, {
      cause: error,
    });
  }
}

/** A page read as a word or two of texture holds no text (see isTextless). */
function withoutTexture(page: RecognizedPage): RecognizedPage {
  return isTextless(page.lines, page.confidence) ? toPage(page.page, [], page.rotation ?? 0) : page;
}

function toPage(page: number, lines: RecognizedLine[], rotation: number): RecognizedPage {
  return { page, lines, confidence: weightedConfidence(lines), ...(rotation ? { rotation } : {}) };
}

function linesOf(data: Page, image: PreparedImage): RecognizedLine[] {
  const lines: RecognizedLine[] = [];
  for (const block of data.blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        const text = withoutEdgeMarks(
          line.text
            .split(/\s+/)
            .filter(Boolean)
            .map((word) => ({ text: word })),
        )
          .map((word) => word.text)
          .join(" ");
        if (!text || isNoise(text, line.confidence / 100)) continue;
        const words = withoutEdgeMarks(
          line.words
            .filter((word) => word.text.trim())
            .map((word) => ({
              text: word.text.trim(),
              confidence: unit(word.confidence),
              box: boxOf(word.bbox, image),
            })),
        );
        // Kept only when they spell the line, so a consumer may use either; the box is then theirs,
        // without the marks left out.
        const spelled = words.length > 0 && words.map((word) => word.text).join(" ") === text;
        lines.push({
          text,
          confidence: unit(line.confidence),
          box: spelled ? enclosing(words.map((word) => word.box)) : boxOf(line.bbox, image),
          ...(spelled ? { words } : {}),
        });
      }
    }
  }
  return lines;
}

function unit(confidence: number): number {
  return Math.max(0, Math.min(1, confidence / 100));
}

function boxOf(bbox: { x0: number; y0: number; x1: number; y1: number }, image: PreparedImage): RecognizedLine["box"] {
  // Measured on the whole page, not on the part of it Tesseract was shown.
  const { region } = image;
  return {
    left: region.left + (bbox.x0 / image.width) * region.width,
    top: region.top + (bbox.y0 / image.height) * region.height,
    width: ((bbox.x1 - bbox.x0) / image.width) * region.width,
    height: ((bbox.y1 - bbox.y0) / image.height) * region.height,
  };
}

function enclosing(boxes: RecognizedLine["box"][]): RecognizedLine["box"] {
  const left = Math.min(...boxes.map((box) => box.left));
  const top = Math.min(...boxes.map((box) => box.top));
  const right = Math.max(...boxes.map((box) => box.left + box.width));
  const bottom = Math.max(...boxes.map((box) => box.top + box.height));
  return { left, top, width: right - left, height: bottom - top };
}
