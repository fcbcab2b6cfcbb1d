// In front of the deployed shape's moto server while Terraform applies: forwards every request,
// and answers the one call the AWS provider needs that moto 5.2.5 does not implement —
// Application Auto Scaling ListTagsForResource (read after every scalable target is registered;
// moto answers 500 and the provider retries until its timeout). The scalable targets and policies
// themselves are created in moto for real. Usage: node moto-gaps.ts <moto url> <port file>.
import { writeFileSync } from "node:fs";
import { createServer, request as forward } from "node:http";
import type { AddressInfo } from "node:net";

const [motoUrl, portFile] = process.argv.slice(2);
if (!motoUrl || !portFile) throw new Error("usage: moto-gaps.ts <moto url> <port file>");
const moto = new URL(motoUrl);

const ANSWERED: Record<string, () => unknown> = {
  "AnyScaleFrontendService.ListTagsForResource": () => ({ Tags: {} }),
  "AnyScaleFrontendService.TagResource": () => ({}),
};

const server = createServer((req, res) => {
  const answer = ANSWERED[String(req.headers["x-amz-target"] ?? "")];
  if (answer) {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/x-amz-json-1.1" }).end(JSON.stringify(answer()));
    });
    return;
  }
  const upstream = forward(
    { host: moto.hostname, port: moto.port, method: req.method, path: req.url, headers: req.headers },
    (reply) => {
      res.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.pipe(res);
    },
  );
  upstream.on("error", (error) => res.writeHead(502).end(String(error)));
  req.pipe(upstream);
});
server.listen(0, "127.0.0.1", () => {
  writeFileSync(portFile, String((server.address() as AddressInfo).port));
});
