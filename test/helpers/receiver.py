# A webhook receiver written with Stripe's official Python client (Debian's python3-stripe):
# it verifies each delivery with stripe.Webhook.construct_event and prints one JSON line per
# request: {"status": 200, "id": ..., "type": ...} or {"status": 400, "error": ...}.
# Usage: python3 receiver.py <whsec_…>   (prints "listening <port>" first)
import json
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

import stripe

SECRET = sys.argv[1]


class Hook(BaseHTTPRequestHandler):
    def do_POST(self):
        payload = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        try:
            event = stripe.Webhook.construct_event(payload, self.headers.get("Stripe-Signature", ""), SECRET)
            out = {"status": 200, "id": event["id"], "type": event["type"]}
        except (ValueError, stripe.error.SignatureVerificationError) as e:
            out = {"status": 400, "error": str(e)}
        self.send_response(out["status"])
        self.end_headers()
        print(json.dumps(out), flush=True)

    def log_message(self, *args):
        pass


server = HTTPServer(("127.0.0.1", 0), Hook)
print("listening", server.server_address[1], flush=True)
server.serve_forever()
