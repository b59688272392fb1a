# Walks lists on a Stripe-compatible server with Stripe's official Python client (Debian's
# python3-stripe). v1: ListObject.auto_paging_iter() (starting_after). v2: that client predates
# v2 objects, so its requestor follows next_page_url exactly as the server wrote it, as the v2
# clients do. Prints one JSON line: {"v1": [...ids], "v2": [...ids], "v2_pages": n}.
# Usage: python3 python-pager.py <api_base> <sk_test_…>
import json
import sys

import stripe
from stripe import api_requestor

stripe.api_base = sys.argv[1]
stripe.api_key = sys.argv[2]
stripe.max_network_retries = 0

v1 = [c["id"] for c in stripe.Customer.list(limit=2).auto_paging_iter()]

requestor = api_requestor.APIRequestor(key=sys.argv[2], api_base=sys.argv[1])
v2, pages, url, params = [], 0, "/v2/core/accounts", {"limit": 2}
while url:
    page, _ = requestor.request("get", url, params)
    pages += 1
    v2 += [a["id"] for a in page.data["data"]]
    url, params = page.data["next_page_url"], None

print(json.dumps({"v1": v1, "v2": v2, "v2_pages": pages}))
