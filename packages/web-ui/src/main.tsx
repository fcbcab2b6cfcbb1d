import { render } from "preact";
import { loadUiConfig } from "./api/client.ts";
import { App } from "./app.tsx";

const root = document.getElementById("app") as HTMLElement;
loadUiConfig().then(
  (config) => render(<App config={config} />, root),
  (error: unknown) => {
    const message = document.createElement("p");
    message.setAttribute("role", "alert");
    message.textContent = `docworker could not load its configuration: ${error instanceof Error ? error.message : String(error)}`;
    root.replaceChildren(message);
  },
);
