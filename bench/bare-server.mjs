// The floor of any Node HTTP server for the sandbox GET row: node:http answering
// every request with the same JSON from memory (the customer the sandbox serves),
// on a free loopback port that it prints on stdout.
//
//   node bench/bare-server.mjs <file with the JSON body>
import { readFileSync } from 'node:fs';
import http from 'node:http';

const body = readFileSync(process.argv[2]);
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.statusCode = 200;
    res.setHeader('Content-Type', 'application/json');
    res.setHeader('Request-Id', 'req_bare');
    res.end(body);
  });
});
server.keepAliveTimeout = 5_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${server.address().port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
