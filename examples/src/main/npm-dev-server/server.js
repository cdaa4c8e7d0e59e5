// A stand-in for a front-end dev server (Vite, Next.js...): Node's own http module, so `npm run
// dev` needs nothing from the registry. It listens where the Java twin's @WebServer says.
const http = require("http");
const port = Number(process.env.PORT || 5173);
http
  .createServer((request, response) => {
    response.writeHead(200, { "Content-Type": "text/plain; charset=utf-8" });
    response.end(`Hello from npm run dev: ${request.method} ${request.url}\n`);
  })
  .listen(port, process.env.HOST || "127.0.0.1");
