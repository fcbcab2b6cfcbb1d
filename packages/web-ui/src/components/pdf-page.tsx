// One page of a PDF, drawn by PDF.js into a canvas. PDF.js (about a megabyte with its worker) is
// loaded only when a PDF is opened, from this origin.
import { useEffect, useRef, useState } from "preact/hooks";

type PdfJs = typeof import("pdfjs-dist");
type PdfDocument = Awaited<ReturnType<PdfJs["getDocument"]>["promise"]>;

let pdfjs: Promise<PdfJs> | undefined;
function loadPdfJs(): Promise<PdfJs> {
  pdfjs ??= Promise.all([import("pdfjs-dist"), import("pdfjs-dist/build/pdf.worker.min.mjs?url")]).then(
    ([lib, worker]) => {
      lib.GlobalWorkerOptions.workerSrc = worker.default;
      return lib;
    },
  );
  return pdfjs;
}

export function usePdf(load: (() => Promise<ArrayBuffer>) | undefined) {
  const [doc, setDoc] = useState<PdfDocument>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    if (!load) return;
    let cancelled = false;
    let task: ReturnType<PdfJs["getDocument"]> | undefined;
    (async () => {
      const [lib, data] = await Promise.all([loadPdfJs(), load()]);
      if (cancelled) return;
      task = lib.getDocument({ data: new Uint8Array(data) });
      const opened = await task.promise;
      if (!cancelled) setDoc(opened);
    })().catch((e: unknown) => !cancelled && setError(e));
    return () => {
      cancelled = true;
      void task?.destroy();
    };
  }, [load]);
  return { doc, error };
}

export function PdfPage({ doc, page, filename }: { doc: PdfDocument; page: number; filename: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [rendering, setRendering] = useState(true);
  useEffect(() => {
    let task: { cancel(): void; promise: Promise<void> } | undefined;
    let cancelled = false;
    setRendering(true);
    (async () => {
      const pdfPage = await doc.getPage(Math.min(Math.max(page, 1), doc.numPages));
      const element = canvas.current;
      if (cancelled || !element) return;
      const width = element.parentElement?.clientWidth || 600;
      const base = pdfPage.getViewport({ scale: 1 });
      const scale = Math.min(2, width / base.width) * (window.devicePixelRatio || 1);
      const viewport = pdfPage.getViewport({ scale });
      element.width = Math.floor(viewport.width);
      element.height = Math.floor(viewport.height);
      task = pdfPage.render({ canvas: element, viewport });
      await task.promise;
      if (!cancelled) setRendering(false);
    })().catch(() => {});
    return () => {
      cancelled = true;
      task?.cancel();
    };
  }, [doc, page]);
  return (
    <figure class="pdf-page">
      <canvas ref={canvas} role="img" aria-label={`${filename}, page ${page} of ${doc.numPages}`} />
      <figcaption>
        Page {page} of {doc.numPages}
        {rendering ? " (drawing…)" : ""}
      </figcaption>
    </figure>
  );
}
